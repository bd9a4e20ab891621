"""A fifth GP service is one entry in the catalogue: the panel, the cards, its
page, the office's tool, the trainer's table and /_sim/state all have it."""

import re
from pathlib import Path

import pytest

REPO_SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


@pytest.fixture
def client(make_app, tmp_path, with_flu):
    """A client of an app with the fifth service, on a scenario that seeds it (on, with a message)."""
    folder = tmp_path / "scenarios"
    folder.mkdir()
    seeded = "services:\n  influensavaksine:\n    offered: true\n    message: Vaksinen er kommet.\n"
    text = (REPO_SCENARIOS / "alle-tjenester-pa.yaml").read_text(encoding="utf-8").replace("services:\n", seeded)
    (folder / "influensa.yaml").write_text(text, encoding="utf-8")
    app = make_app(GP_SERVICES=with_flu, SCENARIOS_DIR=folder, DEFAULT_SCENARIO="influensa")
    return app.test_client()


def test_a_fifth_service_shows_wherever_the_services_do(client, csrf_token, with_flu):
    buttons = re.findall(r'<li><a class="button" href="([^"]+)">([^<]+)</a></li>', client.get("/").get_data(as_text=True))
    assert [name for _, name in buttons] == ["Bestill time", "Forny resept", "Start e-konsultasjon", "Kontakt legekontoret", "Bestill influensavaksine"]
    assert buttons[-1][0] == "/tjenester/influensavaksine"
    page = client.get("/tjenester/influensavaksine").get_data(as_text=True)
    assert "<h1>Bestill influensavaksine</h1>" in page and with_flu["influensavaksine"].standard_text in page and "Vaksinen er kommet." in page
    cards = client.get("/fastlegetjenester").get_data(as_text=True)
    assert "Bestille influensavaksine" in cards and "Sesongens vaksine mot influensa." in cards

    editor = client.get("/_sim/kontor").get_data(as_text=True)
    sections = re.findall(r'<h3 id="office-[\w-]+-heading" class="office-service__heading">([^<]+)</h3>', editor)
    assert sections == ["Helsekontakt inkl. fastlegepanel", "Reseptfornyelse", "E-konsultasjon", "Kontakt legekontoret", "Timebestilling", "Influensavaksine"]
    assert 'name="absence-influensavaksine"' in editor
    assert 'aria-label="Tilbyr tjenesten: Influensavaksine"' in client.get("/_sim/kontor/journalsystem").get_data(as_text=True)
    assert '<th scope="row">Bestill influensavaksine</th>' in client.get("/_sim/").get_data(as_text=True)

    token = csrf_token(client, "/_sim/kontor")
    client.post("/_sim/kontor/tjeneste", data={"csrf_token": token, "service": "influensavaksine:off"})
    client.post("/_sim/kontor", data={"csrf_token": token, "message-influensavaksine": "Tom for vaksiner."})
    flu = client.get("/_sim/state").get_json()["services"][-1]
    assert flu == {
        "id": "influensavaksine", "name": "Bestill influensavaksine", "on": False, "message": "Tom for vaksiner.",
        "message_visible": False, "status": "off", "absent": False, "absence_message": "",
    }
    assert "Bestill influensavaksine" not in client.get("/").get_data(as_text=True)
    assert "Fastlegen din tilbyr ikke denne tjenesten" in client.get("/tjenester/influensavaksine").get_data(as_text=True)
