"""Crafted input: a clear Norwegian 4xx page, or it simply works; never a 500,
and nothing stored from a request that was refused."""

import csv
import datetime as dt
import io
import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from portal import db
from portal.messages.models import Attachment
from portal.models import Sandbox
from portal.sessionlog import export
from portal.sessionlog.events import Event, Participant

from .test_errors import assert_norwegian_error_page
from .test_messages import post  # noqa: F401 (a fixture)

REPO_SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"

# Reading such ids is tested in test_database.py; here: a change asked for with one.
BEYOND_ANY_ROW = [str(2**31), str(2**63), str(2**64), "9" * 30, "0", "-1"]


def sandboxes(app) -> int:
    with app.app_context():
        return db.session().scalar(select(func.count()).select_from(Sandbox))


BOOKED = "/timeavtaler/bestill/astrid/bekreft?tid=2023-12-14T10:00"


@pytest.mark.parametrize("number", BEYOND_ANY_ROW)
def test_cancelling_an_id_no_row_can_have_is_a_404_and_cancels_nothing(client, start, state, csrf_token, number):
    start("ferie-timebestilling")
    client.post(BOOKED, data={"csrf_token": csrf_token(client), "arsak": "Kontroll"})
    response = client.post(f"/timeavtaler/{number}/avbestill", data={"csrf_token": csrf_token(client)})
    assert_norwegian_error_page(response, 404, "Fant ikke siden")
    assert [a["status"] for a in state()["booking"]["appointments"]] == ["tildelt"]


@pytest.mark.parametrize("key", ["9999-12-31T10:00", "0001-01-01T00:00", "2023-02-30T10:00", "2023-12-14T25:00", "2023-12-14T10:07", "+2023-12-14T10:00"])
def test_a_time_that_is_no_slot_leads_back_to_the_calendar_and_books_nothing(client, start, state, csrf_token, key):
    start("ferie-timebestilling")
    path = f"/timeavtaler/bestill/august/bekreft?tid={key}"
    assert client.get(path).headers["Location"] == "/timeavtaler/bestill/august"
    response = client.post(path, data={"csrf_token": csrf_token(client), "arsak": "Kontroll"})
    assert response.status_code == 303 and response.headers["Location"] == "/timeavtaler/bestill/august"
    assert state()["booking"]["appointments"] == []


@pytest.mark.parametrize("query", ["maned=9999-12", "maned=0001-01", "dag=9999-12-31", "dag=0001-01-01", "maned=2023-13&dag=2023-02-30"])
def test_a_calendar_month_or_day_out_of_range_shows_the_booking_window(client, start, query):
    start("ferie-timebestilling")
    response = client.get(f"/timeavtaler/bestill/august?{query}")
    assert response.status_code == 200 and "Velg time" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "target", ["/innboks\r\nSet-Cookie: x=1", "/innboks\n", "/\x00", "/\u202eskrab", "https://evil.example/", "//evil.example", "/\\evil.example", "innboks"]
)
def test_a_bad_next_on_start_is_a_400_before_any_sandbox_is_made(app, client, target):
    response = client.get("/_sim/start/ferie-timebestilling", query_string={"next": target})
    assert_norwegian_error_page(response, 400, "Noe var galt med forespørselen")
    assert "ikke er en side i simulatoren" in response.get_data(as_text=True)
    assert sandboxes(app) == 0


@pytest.mark.parametrize("target", ["/innboks\r\nX: y", "//evil.example"])
def test_a_bad_next_on_reset_is_a_400_and_resets_nothing(client, start, state, csrf_token, target):
    start("alle-tjenester-pa")
    token = csrf_token(client)
    client.post("/_sim/kontor", data={"csrf_token": token, "panel_message": "Endret"})
    response = client.post("/_sim/reset", data={"csrf_token": token, "next": target})
    assert_norwegian_error_page(response, 400, "Noe var galt med forespørselen")
    assert state()["panel"]["message"] == "Endret"


@pytest.mark.parametrize("path, field", [("/_sim/kontor", "panel_message"), ("/_sim/kontor/tjeneste", "service")])
def test_a_bad_next_in_the_office_tool_is_a_400_and_saves_nothing(client, start, state, csrf_token, path, field):
    start("alle-tjenester-pa")
    value = "bestill-time:off" if field == "service" else "Endret"
    response = client.post(path, data={"csrf_token": csrf_token(client), field: value, "next": "/\r\n"})
    assert_norwegian_error_page(response, 400, "Noe var galt med forespørselen")
    after = state()
    assert after["panel"]["message"] != "Endret" and next(s for s in after["services"] if s["id"] == "bestill-time")["on"] is True


TAKEN = "t" * 24  # a form token the first sandbox has used


@pytest.fixture
def two_sandboxes(app, start):
    """Two browsers, each in a sandbox of its own with threads in the inbox."""
    first, second = app.test_client(), app.test_client()
    start("e-konsultasjon-avsluttet", browser=first)
    start("e-konsultasjon-avsluttet", browser=second)
    return first, second


def test_a_form_token_another_sandbox_sent_with_sends_here_too(two_sandboxes, state, post):
    first, second = two_sandboxes
    post(first, form_token=TAKEN, subject="Fra den første")
    response = post(second, form_token=TAKEN, subject="Fra den andre")
    assert response.status_code == 303
    assert "Fra den andre" in [t["subject"] for t in state(second)["inbox"]["threads"]]
    assert "Fra den andre" not in [t["subject"] for t in state(first)["inbox"]["threads"]]


def test_a_form_token_another_sandbox_replied_with_replies_here_too(two_sandboxes, state, post):
    first, second = two_sandboxes
    post(first, "/innboks/s3", form_token=TAKEN, body="Svar fra den første")
    response = post(second, "/innboks/s3", form_token=TAKEN, body="Svar fra den andre")
    assert response.status_code == 303
    thread = next(t for t in state(second)["inbox"]["threads"] if t["id"] == "s3")
    replies = [m["text"] for m in thread["messages"] if m["from"] == "patient"]
    assert "Svar fra den andre" in replies and "Svar fra den første" not in replies


def test_a_form_token_another_sandbox_saved_a_draft_with_saves_here_too(two_sandboxes, state, post):
    first, second = two_sandboxes
    post(first, form_token=TAKEN, subject="Utkast 1", action="save")
    response = post(second, form_token=TAKEN, subject="Utkast 2", action="save")
    assert response.status_code == 303
    assert [d["subject"] for d in state(second)["inbox"]["drafts"]] == ["Utkast 2"]
    assert [d["subject"] for d in state(first)["inbox"]["drafts"]] == ["Utkast 1"]


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 50
CRAFTED_NAME = "kvittering\x00\x1b[31m\u202egpj.exe\u202c" + "x" * 400 + ".png"


def test_a_file_name_with_control_characters_is_cleaned_and_downloads(client, start, state, post):
    start("alle-tjenester-pa")
    assert post(client, vedlegg=(io.BytesIO(PNG), CRAFTED_NAME)).status_code == 303
    attachment = state()["inbox"]["threads"][0]["messages"][0]["attachments"][0]
    name = attachment["name"]
    assert name.startswith("kvittering[31mgpj.exe") and name.endswith("x.png") and len(name) == 200
    assert name.isprintable()
    thread = client.get(f"/innboks/{state()['inbox']['threads'][0]['id']}").get_data(as_text=True)
    assert name in thread
    download = client.get(f"/vedlegg/{attachment['id']}")
    assert download.status_code == 200 and download.data == PNG
    assert "kvittering" in download.headers["Content-Disposition"]


def test_a_file_name_stored_before_names_were_cleaned_still_downloads(app, client, start, state, post):
    start("alle-tjenester-pa")
    post(client, vedlegg=(io.BytesIO(PNG), "bilde.png"))
    attachment = state()["inbox"]["threads"][0]["messages"][0]["attachments"][0]
    with app.app_context():
        db.session().execute(update(Attachment).values(name="bil\rde\n.png"))
        db.session().commit()
    download = client.get(f"/vedlegg/{attachment['id']}")
    assert download.status_code == 200 and download.data == PNG
    assert download.headers["Content-Disposition"] == "attachment; filename=bilde.png"


def test_a_draft_keeps_the_limits_of_a_send_with_the_errors_beside_the_fields(client, start, state, post):
    start("alle-tjenester-pa")
    response = post(client, subject="E" * 5000, body="M" * 200_000, action="save")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Emnet kan ha høyst 100 tegn." in html and "Meldingen kan ha høyst 1000 tegn. Nå har den 200000." in html
    assert "E" * 5000 in html and "M" * 200_000 in html  # what was typed is still there
    assert state()["inbox"]["drafts"] == []


def test_an_unfinished_draft_is_still_saved(client, start, state, post):
    start("alle-tjenester-pa")
    assert post(client, subject="", body="Bare litt", action="save").status_code == 303
    assert [(d["subject"], d["text"]) for d in state()["inbox"]["drafts"]] == [("", "Bare litt")]


def test_the_calendar_file_has_no_bare_line_break_from_a_reason_or_an_office_name(make_app, tmp_path, csrf_token, state):
    folder = tmp_path / "scenarios"
    shutil.copytree(REPO_SCENARIOS, folder)
    path = folder / "ferie-timebestilling.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  name: DDFL Test", '  name: "DDFL\\rTest"'), encoding="utf-8")
    client = make_app(SCENARIOS_DIR=folder).test_client()
    client.get("/_sim/start/ferie-timebestilling")
    client.post(BOOKED, data={"csrf_token": csrf_token(client), "arsak": "Vondt\ri kneet\r\n\x0bigjen"})
    (appointment,) = state(client)["booking"]["appointments"]
    body = client.get(f"/timeavtaler/{appointment['id']}.ics").get_data(as_text=True)
    lines = body.split("\r\n")
    assert not any("\r" in line or "\n" in line or "\x0b" in line for line in lines)
    assert any(line.startswith("SUMMARY:") and "DDFL\\nTest" in line for line in lines)


def test_the_csv_export_neutralises_cells_a_spreadsheet_would_run(tmp_path):
    moment = dt.datetime(2024, 3, 1, 9, 0, tzinfo=dt.UTC)
    crafted = ["=HYPERLINK(\"http://evil.example\")", "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]
    participants = [
        Participant(sandbox=value, scenario=value, number=1, events=[Event(1, value, 1, moment, "page", "GET", value, 200, {}, value)])
        for value in crafted
    ]
    csv_path, json_path = export.write(participants, tmp_path)
    rows = list(csv.DictReader(csv_path.open(encoding="utf-8", newline="")))
    for value, row in zip(crafted, rows, strict=True):
        assert (row["sandbox"], row["scenario"], row["path"]) == ("'" + value,) * 3
    assert json.loads(json_path.read_text())["sessions"][0]["sandbox"] == crafted[0]  # JSON is data, not a spreadsheet


@pytest.fixture
def removable(make_app, tmp_path):
    """(app, scenarios folder): an app on a copy of the scenarios, read again at every request."""
    folder = tmp_path / "scenarios"
    shutil.copytree(REPO_SCENARIOS, folder)
    app = make_app(SCENARIOS_DIR=folder)
    app.extensions["portal.scenario_library"].interval = 0
    return app, folder


def test_a_sandbox_whose_scenario_file_is_removed_keeps_its_state_until_the_file_is_back(removable, start, state, post, csrf_token):
    app, folder = removable
    client = app.test_client()
    start("alle-tjenester-pa", browser=client)
    post(client, subject="Før filen forsvant")
    client.post("/_sim/kontor", data={"csrf_token": csrf_token(client), "panel_message": "Endret av kontoret"})
    before, token = state(client), csrf_token(client)
    held = folder / "alle-tjenester-pa.yaml.bak"
    (folder / "alle-tjenester-pa.yaml").rename(held)

    for path in ("/", "/innboks", "/kontakt-legekontoret", "/_sim/kontor", "/_sim/presenter"):
        page = client.get(path)
        assert_norwegian_error_page(page, 409, "Scenarioet finnes ikke lenger")
        html = page.get_data(as_text=True)
        assert "«alle-tjenester-pa» er fjernet fra scenariomappen" in html and 'href="/_sim/"' in html
    gone = client.get("/_sim/state")
    assert gone.status_code == 409
    assert gone.get_json() == {
        "sandbox": before["sandbox"],
        "scenario": {"id": "alle-tjenester-pa", "title": None},
        "error": "scenario_missing",
        "message": "Scenarioet «alle-tjenester-pa» finnes ikke lenger i scenariomappen.",
    }
    panel = client.get("/_sim/")
    assert panel.status_code == 200 and "finnes ikke lenger i scenariomappen" in panel.get_data(as_text=True)
    # Neither a reset nor a message changes it while the file is gone, and no new sandbox is made.
    assert client.post("/_sim/reset", data={"csrf_token": token}).status_code == 409
    sent = {"csrf_token": token, "form_token": "t" * 24, "subject": "Mens filen var borte", "body": "Tekst", "action": "send"}
    assert client.post("/kontakt-legekontoret", data=sent).status_code == 409
    assert sandboxes(app) == 1

    held.rename(folder / "alle-tjenester-pa.yaml")
    assert state(client) == before
    assert client.get("/").status_code == 200


def test_a_live_view_of_a_removed_scenario_reloads_to_say_so(removable, start):
    app, folder = removable
    client = app.test_client()
    start("ferie-timebestilling", browser=client)
    (folder / "ferie-timebestilling.yaml").unlink()
    poll = client.get("/_sim/demo?part=patient&v=x", headers={"HX-Request": "true"})
    assert poll.status_code == 409 and poll.headers["HX-Refresh"] == "true"


def test_a_dangling_link_added_to_the_scenarios_folder_while_running_is_reported_not_a_500(removable, start, tmp_path):
    app, folder = removable
    client = app.test_client()
    start("alle-tjenester-pa", browser=client)
    (folder / "lenke.yaml").symlink_to(tmp_path / "borte.yaml")
    assert client.get("/").status_code == 200
    panel = client.get("/_sim/").get_data(as_text=True)
    assert "lenke.yaml:1: (fil): er en lenke til en fil som ikke finnes" in panel


def test_control_characters_in_what_a_user_types_are_left_out(client, start, state, post):
    start("alle-tjenester-pa")
    assert post(client, subject="Hei\x00", body="Linje\x00 1\x1b\r\nLinje\t2\x7f").status_code == 303
    (thread,) = state()["inbox"]["threads"]
    assert (thread["subject"], thread["messages"][0]["text"]) == ("Hei", "Linje 1\nLinje\t2")


@pytest.mark.parametrize("code", ["a%00b", "%C3%A5%C3%A5", "x" * 300])
def test_a_demo_room_code_no_room_can_have_is_a_404_saying_so(client, code):
    response = client.get(f"/_sim/join/{code}")
    assert response.status_code == 404 and "Fant ikke noe demorom med koden" in response.get_data(as_text=True)


@pytest.mark.parametrize("token", ["a%00b", "x" * 300, "%C3%A5" * 24])
def test_a_draft_address_no_draft_can_have_opens_an_empty_form(client, start, token):
    start("alle-tjenester-pa")
    response = client.get(f"/kontakt-legekontoret?utkast={token}")
    assert response.status_code == 200 and 'name="subject"' in response.get_data(as_text=True)
