import re
from pathlib import Path

import pytest

from portal import create_app


def csrf_token(client, path="/"):
    html = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def test_a_new_browser_gets_the_default_scenario(client):
    state = client.get("/_sim/state").get_json()
    assert state["scenario"]["id"] == "alle-tjenester-pa"
    assert state["today"] == "2023-12-07"
    assert [s["on"] for s in state["services"]] == [True, True, True, True]


def test_start_gives_a_fresh_sandbox_and_redirects_home(client):
    first = client.get("/_sim/state").get_json()["sandbox"]
    response = client.get("/_sim/start/anbefalt-losning-1")
    assert response.status_code == 303 and response.headers["Location"] == "/"
    state = client.get("/_sim/state").get_json()
    assert state["sandbox"] != first
    assert state["scenario"]["id"] == "anbefalt-losning-1"
    assert [s["id"] for s in state["services"] if s["on"]] == ["kontakt-legekontoret"]
    assert state["panel"] == {"on": True, "message": state["panel"]["message"], "message_visible": True}


@pytest.mark.parametrize("target, expected", [("/fastlege", "/fastlege"), ("https://evil.example/", "/"), ("//evil.example", "/"), ("fastlege", "/")])
def test_start_redirects_only_to_local_paths(client, target, expected):
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


def test_reset_restores_the_start_and_returns_to_the_page(app, client):
    client.get("/_sim/start/alle-tjenester-av")
    sandbox_id = client.get("/_sim/state").get_json()["sandbox"]
    # An office-side edit, as later features make them.
    with app.app_context():
        from portal import db
        from portal.models import Sandbox

        row = db.session().get(Sandbox, sandbox_id)
        row.overrides = {"services": {"bestill-time": {"on": True}}, "panel_message": "Endret"}
        db.session().commit()
    assert client.get("/_sim/state").get_json()["services"][0]["on"] is True

    response = client.post("/_sim/reset", data={"csrf_token": csrf_token(client), "next": "/fastlege"})
    assert response.status_code == 303 and response.headers["Location"] == "/fastlege"
    state = client.get("/_sim/state").get_json()
    assert state["sandbox"] == sandbox_id
    assert state["services"][0]["on"] is False
    assert state["panel"]["message"].startswith("Vi avvikler ferie")


def test_two_browsers_are_isolated(app):
    one, two = app.test_client(), app.test_client()
    one.get("/_sim/start/alle-tjenester-av")
    two.get("/_sim/start/anbefalt-losning-2")
    assert one.get("/_sim/state").get_json()["scenario"]["id"] == "alle-tjenester-av"
    assert two.get("/_sim/state").get_json()["scenario"]["id"] == "anbefalt-losning-2"


def test_a_sandbox_survives_a_restart(make_app):
    client = make_app().test_client()
    client.get("/_sim/start/anbefalt-losning-1")
    before = client.get("/_sim/state").get_json()["sandbox"]

    restarted = make_app()
    cookie = client.get_cookie("portal_session")
    again = restarted.test_client()
    again.set_cookie(cookie.key, cookie.value)
    state = again.get("/_sim/state").get_json()
    assert state["sandbox"] == before and state["scenario"]["id"] == "anbefalt-losning-1"


def test_a_tampered_cookie_gets_a_new_sandbox(client):
    client.get("/_sim/start/alle-tjenester-av")
    client.set_cookie("portal_session", "forged.value.sig")
    assert client.get("/_sim/state").get_json()["scenario"]["id"] == "alle-tjenester-pa"


def test_pages_carry_a_strict_content_security_policy(client):
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy


def test_a_service_that_is_off_answers_with_a_real_page(client):
    client.get("/_sim/start/alle-tjenester-av")
    response = client.get("/tjenester/forny-resept")
    assert response.status_code == 200
    assert "tilbyr ikke denne tjenesten" in response.get_data(as_text=True)


def test_a_bad_default_scenario_stops_the_start(make_app):
    with pytest.raises(ValueError, match="finnes-ikke"):
        make_app(DEFAULT_SCENARIO="finnes-ikke")


def own_folder(tmp_path, *names_and_orders):
    """A scenarios folder with copies of one shipped file under other names and orders."""
    folder = tmp_path / "scen"
    folder.mkdir()
    shipped = (Path(__file__).resolve().parents[2] / "scenarios" / "anbefalt-losning-1.yaml").read_text(encoding="utf-8")
    for name, order in names_and_orders:
        text = re.sub(r"(?m)^order: .*$", f"order: {order}", shipped)
        (folder / f"{name}.yaml").write_text(re.sub(r"(?m)^title: .*$", f"title: {name}", text), encoding="utf-8")
    return folder


def new_browsers_scenario(make_app, folder, **config):
    app = make_app(SCENARIOS_DIR=folder, **config)
    return app.test_client().get("/_sim/state").get_json()["scenario"]["id"]


def test_without_alle_tjenester_pa_a_new_browser_gets_the_folders_first(tmp_path, make_app):
    folder = own_folder(tmp_path, ("b-kontor", 2), ("c-kontor", 1))
    assert new_browsers_scenario(make_app, folder) == "c-kontor"  # first on /_sim/: lowest order


def test_a_chosen_default_scenario_wins_over_the_folders_first(tmp_path, monkeypatch, make_app):
    folder = own_folder(tmp_path, ("b-kontor", 2), ("c-kontor", 1))
    monkeypatch.setenv("PORTAL_DEFAULT_SCENARIO", "b-kontor")
    assert new_browsers_scenario(make_app, folder) == "b-kontor"


def test_a_missing_scenarios_folder_is_named_as_missing(tmp_path):
    with pytest.raises(ValueError) as error:
        create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}", "SECRET_KEY": "x", "SCENARIOS_DIR": tmp_path / "scen"})
    assert str(error.value) == f"Scenariomappen {tmp_path / 'scen'} finnes ikke."


def test_an_empty_scenarios_folder_says_it_has_no_files(tmp_path):
    (tmp_path / "scen").mkdir()
    with pytest.raises(ValueError, match=r"har ingen scenariofiler \(\*\.yaml\)"):
        create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}", "SECRET_KEY": "x", "SCENARIOS_DIR": tmp_path / "scen"})


def test_the_dashboard_shows_a_broken_scenario_edit(tmp_path, make_app):
    import shutil
    from pathlib import Path

    folder = tmp_path / "scenarios"
    shutil.copytree(Path(__file__).resolve().parents[2] / "scenarios", folder)
    app = make_app(SCENARIOS_DIR=folder)
    app.extensions["portal.scenario_library"].interval = 0
    client = app.test_client()
    path = folder / "anbefalt-losning-2.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("title: Anbefalt løsning 2", "title: Jul 2023"), encoding="utf-8")
    assert "Jul 2023" in client.get("/_sim/").get_data(as_text=True)

    path.write_text(path.read_text(encoding="utf-8") + "ukjent: 1\n", encoding="utf-8")
    html = client.get("/_sim/").get_data(as_text=True)
    assert "ikke tatt i bruk" in html and f"{path}:" in html and "ukjent: ukjent felt" in html
    assert "Jul 2023" in html  # the last good version stays in use
