"""The control panel: start, reset, the state as JSON, the dashboard, health."""

import shutil
from pathlib import Path

import pytest

REPO_SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


def test_a_new_browser_gets_the_default_scenario(state):
    found = state()
    assert found["scenario"]["id"] == "alle-tjenester-pa"
    assert found["today"] == "2023-12-07"
    assert [s["on"] for s in found["services"]] == [True, True, True, True]


def test_start_gives_a_fresh_sandbox_and_redirects_home(client, state):
    first = state()["sandbox"]
    response = client.get("/_sim/start/anbefalt-losning-1")
    assert response.status_code == 303 and response.headers["Location"] == "/"
    found = state()
    assert found["sandbox"] != first
    assert found["scenario"]["id"] == "anbefalt-losning-1"
    assert [s["id"] for s in found["services"] if s["on"]] == ["kontakt-legekontoret"]
    assert found["panel"] == {"on": True, "message": found["panel"]["message"], "message_visible": True}


@pytest.mark.parametrize("target, expected", [("/fastlege", "/fastlege"), ("", "/")])
def test_start_redirects_to_next_or_the_front_page(client, target, expected):
    response = client.get(f"/_sim/start/alle-tjenester-av?next={target}")
    assert response.headers["Location"] == expected


def test_unknown_scenario_gives_404_listing_the_valid_ids(client):
    response = client.get("/_sim/start/finnes-ikke")
    html = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "finnes-ikke" in html
    for scenario_id in ("alle-tjenester-pa", "alle-tjenester-av", "anbefalt-losning-1", "anbefalt-losning-2"):
        assert f"/_sim/start/{scenario_id}" in html


def test_reset_needs_the_csrf_token(client):
    assert client.post("/_sim/reset").status_code == 400


def test_reset_restores_the_start_and_returns_to_the_page(client, start, state, csrf_token):
    start("alle-tjenester-av")
    sandbox_id = state()["sandbox"]
    token = csrf_token(client, "/_sim/kontor")
    client.post("/_sim/kontor/tjeneste", data={"csrf_token": token, "service": "bestill-time:on"})
    client.post("/_sim/kontor", data={"csrf_token": token, "panel_message": "Endret"})
    assert state()["services"][0]["on"] is True and state()["panel"]["message"] == "Endret"

    response = client.post("/_sim/reset", data={"csrf_token": token, "next": "/fastlege"})
    assert response.status_code == 303 and response.headers["Location"] == "/fastlege"
    found = state()
    assert found["sandbox"] == sandbox_id
    assert found["services"][0]["on"] is False
    assert found["panel"]["message"].startswith("Vi avvikler ferie")


def test_health_lists_the_scenarios(client):
    health = client.get("/_sim/health").get_json()
    assert health["status"] == "ok" and "anbefalt-losning-1" in health["scenarios"]


def test_the_dashboard_shows_a_broken_scenario_edit(make_app, tmp_path):
    folder = tmp_path / "scenarios"
    shutil.copytree(REPO_SCENARIOS, folder)
    app = make_app(SCENARIOS_DIR=folder)
    app.extensions["portal.scenario_library"].interval = 0
    client = app.test_client()
    path = folder / "anbefalt-losning-2.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("nb: Anbefalt løsning 2", "nb: Jul 2023"), encoding="utf-8")
    assert "Jul 2023" in client.get("/_sim/").get_data(as_text=True)

    path.write_text(path.read_text(encoding="utf-8") + "ukjent: 1\n", encoding="utf-8")
    html = client.get("/_sim/").get_data(as_text=True)
    assert "ikke tatt i bruk" in html and f"{path}:" in html and "ukjent: ukjent felt" in html
    assert "Jul 2023" in html  # the last good version stays in use
