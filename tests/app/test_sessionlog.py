"""The session log through Flask's test client: what a participant's requests leave, the page, the export."""

import csv
import datetime as dt
import io
import json
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner
from flask import request
from sqlalchemy import Text, cast, func, select

from portal import db, sandbox
from portal.cli import main
from portal.sessionlog import export
from portal.sessionlog.models import SessionEvent
from portal.sessionlog.store import load_participants, write_queued
from portal.web import render


@pytest.fixture
def app(app):
    # A form of the kind other areas build: errors go through render(errors=…).
    def form():
        sandbox.current()
        errors = {} if request.form.get("emne") else {"emne": "Skriv et emne."}
        return render("errors/error.html", title="Skjema", text="", errors=errors)

    app.add_url_rule("/skjema", "form", form, methods=["GET", "POST"])
    return app


def logged(app, **query):
    with app.app_context():
        return [(p.number, [(e.kind, e.method, e.path, e.status, e.detail) for e in p.events]) for p in load_participants(**query)]


def test_a_session_is_logged_and_a_reset_starts_the_next_participant(app, client, csrf_token):
    client.get("/_sim/start/anbefalt-losning-1")
    client.get("/tjenester/kontakt-legekontoret")
    client.get("/static/css/portal.css")
    client.get("/_sim/")  # the trainer's page
    token = csrf_token(client)
    client.post("/skjema", data={"csrf_token": token, "action": "send", "emne": ""})
    client.post("/skjema", data={"csrf_token": token, "action": "send", "emne": "Ferie"})
    client.post("/_sim/reset", data={"csrf_token": token, "next": "/fastlege"})
    client.get("/fastlege", headers={"HX-Request": "true", "HX-Source": "div#poll"})

    assert logged(app) == [
        (
            1,
            [
                ("start", "GET", "/_sim/start/anbefalt-losning-1", 303, {"scenario": "anbefalt-losning-1"}),
                ("page", "GET", "/tjenester/kontakt-legekontoret", 200, {}),
                ("page", "GET", "/", 200, {}),
                ("error", "POST", "/skjema", 422, {"button": "send", "fields": {"emne": 0}, "errors": ["emne"]}),
                ("form", "POST", "/skjema", 200, {"button": "send", "fields": {"emne": 5}}),
            ],
        ),
        (2, [("reset", "POST", "/_sim/reset", 303, {})]),
    ]


def test_the_log_can_be_switched_off(app, client):
    app.config["SESSION_LOG"] = False
    client.get("/_sim/start/alle-tjenester-pa")
    client.get("/")
    assert logged(app) == []


def test_since_leaves_out_older_events(app, client):
    client.get("/_sim/start/alle-tjenester-pa")
    assert len(logged(app, since=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1))[0][1]) == 1
    assert logged(app, since=dt.datetime.now(dt.UTC) + dt.timedelta(minutes=1)) == []


def test_event_times_come_back_as_the_moment_they_were_logged(app, client):
    before = dt.datetime.now(dt.UTC)
    client.get("/_sim/start/alle-tjenester-pa")
    with app.app_context():
        (event,) = load_participants()[0].events
    assert event.time.utcoffset() == dt.timedelta(0) and before <= event.time <= dt.datetime.now(dt.UTC)


def test_export_since_is_norwegian_time_whatever_the_databases_time_zone(app, client, database_url, tmp_path):
    client.get("/_sim/start/alle-tjenester-pa")
    oslo_now = dt.datetime.now(ZoneInfo("Europe/Oslo")).replace(tzinfo=None)
    env = {"DATABASE_URL": database_url, "PORTAL_INSTANCE": str(tmp_path)}

    def export_since(moment):
        result = CliRunner().invoke(main, ["sessions", "export", "--since", moment.isoformat(timespec="minutes"), "--out", str(tmp_path / "ut")], env=env)
        assert result.exit_code == 0, result.output
        return result.output.split(":")[0]

    assert export_since(oslo_now - dt.timedelta(minutes=2)) == "1 deltaker, 1 hendelse"
    assert export_since(oslo_now + dt.timedelta(minutes=30)) == "0 deltakere, 0 hendelser"


def test_the_log_page_shows_the_current_sandbox(app, client):
    client.get("/_sim/start/alle-tjenester-av")
    client.get("/fastlege")
    html = client.get("/_sim/logg").get_data(as_text=True)
    assert "Deltaker 1" in html and "/fastlege" in html and "Scenario startet" in html


def test_export_writes_csv_and_json_that_parse(app, client, tmp_path):
    client.get("/_sim/start/alle-tjenester-pa")
    client.get("/fastlege?fane=1")
    with app.app_context():
        csv_path, json_path = export.write(load_participants(), tmp_path)
    rows = list(csv.DictReader(csv_path.open(encoding="utf-8")))
    assert [(r["participant"], r["seq"], r["kind"], r["path"]) for r in rows] == [("1", "1", "start", "/_sim/start/alle-tjenester-pa"), ("1", "2", "page", "/fastlege?fane=1")]
    assert rows[0]["scenario"] == "alle-tjenester-pa" and json.loads(rows[0]["detail"]) == {"scenario": "alle-tjenester-pa"}
    sessions = json.loads(json_path.read_text())["sessions"]
    assert len(sessions) == 1 and [e["kind"] for e in sessions[0]["events"]] == ["start", "page"]
    assert sessions[0]["events"][0]["elapsed_s"] == 0 and sessions[0]["duration_s"] >= 0


def test_a_start_and_a_reset_through_the_api_are_logged_as_on_the_pages(app, client):
    api = {"X-Portal-Api": "1"}
    client.post("/_sim/api/start", json={"scenario": "anbefalt-losning-1", "persona": {"name": "Kari"}}, headers=api)
    client.get("/fastlege")
    client.patch("/_sim/api/office", json={"panel_message": "Ferie"}, headers=api)  # the office's part: not the participant's
    client.post("/_sim/api/reset", headers=api)
    client.post("/_sim/api/start", json={"scenario": "finnes-ikke"}, headers=api)  # refused: nothing

    assert logged(app) == [
        (
            1,
            [
                ("start", "POST", "/_sim/api/start", 201, {"scenario": "anbefalt-losning-1"}),
                ("page", "GET", "/fastlege", 200, {}),
            ],
        ),
        (2, [("reset", "POST", "/_sim/api/reset", 200, {})]),
    ]


def test_a_3_mb_post_makes_a_small_log_row(app, client, csrf_token):
    client.get("/_sim/start/alle-tjenester-pa")
    fields = {f"felt{n:04d}" + "x" * 3000: "" for n in range(900)}  # field names: 2.7 MB
    fields |= {"csrf_token": csrf_token(client), "action": "a" * 400_000, "emne": "Ferie"}  # and a 400 kB button
    files = {"vedlegg": [(io.BytesIO(b"%PDF-1.4"), f"{n}" + "n" * 1000 + ".pdf") for n in range(12)]}
    response = client.post("/skjema", data=fields | files, content_type="multipart/form-data")
    assert response.status_code == 200 and int(response.request.headers["Content-Length"]) > 3_000_000
    write_queued()
    with db.engine(app).connect() as connection:
        size, detail = connection.execute(select(func.length(cast(SessionEvent.detail, Text)), SessionEvent.detail).where(SessionEvent.kind == "form")).one()
    assert size < 25_000
    assert detail["button"] == "a" * 200 and len(detail["fields"]) == 50 and detail["more_fields"] == 851
    assert len(detail["files"]) == 10 and detail["more_files"] == 2 and all(len(f["name"]) == 200 for f in detail["files"])
