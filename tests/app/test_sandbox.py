"""Sandboxes: one per browser, kept in the database, named by a signed cookie;
a new browser's scenario."""

import datetime as dt
import re
from pathlib import Path

import pytest
from sqlalchemy import select, update

from portal import create_app, db
from portal.access import attempts
from portal.models import Sandbox
from portal.sandbox import SandboxView
from portal.scenarios import default_folder, parse_scenario


def test_two_browsers_are_isolated(app, start, state):
    one, two = app.test_client(), app.test_client()
    start("alle-tjenester-av", browser=one)
    start("anbefalt-losning-2", browser=two)
    assert state(one)["scenario"]["id"] == "alle-tjenester-av"
    assert state(two)["scenario"]["id"] == "anbefalt-losning-2"


def test_a_sandbox_survives_a_restart(make_app, start, state):
    client = make_app().test_client()
    start("anbefalt-losning-1", browser=client)
    before = state(client)["sandbox"]

    again = make_app().test_client()
    cookie = client.get_cookie("portal_session")
    again.set_cookie(cookie.key, cookie.value)
    after = state(again)
    assert after["sandbox"] == before and after["scenario"]["id"] == "anbefalt-losning-1"


def test_a_tampered_cookie_gets_a_new_sandbox(client, start, state):
    start("alle-tjenester-av")
    client.set_cookie("portal_session", "forged.value.sig")
    assert state()["scenario"]["id"] == "alle-tjenester-pa"


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


# ---------------------------------------------------------------- stored only when something must be kept


LOOKING_AROUND = (
    "/",
    "/fastlegetjenester",
    "/innboks",
    "/kontakt-legekontoret",
    "/timeavtaler",
    "/timeavtaler/bestill",
    "/meny",
    "/sok?q=time",
    "/profil",
    "/tjenester/kontakt-legekontoret",
    "/finnes-ikke",
    "/_sim/",
    "/_sim/state",
    "/_sim/kontor",
    "/_sim/logg",
    "/_sim/demo",
    "/_sim/demo?part=patient",
    "/_sim/join/ABCDEF",
    "/_sim/meldinger",
    "/_sim/timeavtaler",
)


def test_requests_without_a_cookie_store_nothing(app, stored_rows):
    # 200 requests, as many new browsers (or one client that keeps no cookies):
    # every page, htmx fragments, and forms sent without a session.
    for n in range(200):
        browser = app.test_client()
        path = LOOKING_AROUND[n % len(LOOKING_AROUND)]
        headers = {"HX-Request": "true", "HX-Source": "a#x", "Sec-Fetch-Dest": "document"} if n % 3 else {"Sec-Fetch-Dest": "document"}
        assert browser.get(path, headers=headers).status_code in (200, 303, 404)
        if n % 10 == 0:
            assert browser.post("/kontakt-legekontoret", data={"subject": "Hei", "body": "Tekst"}).status_code == 400  # no CSRF token
    rows = stored_rows()
    # Wrong join codes are counted for the rate limit, which stops counting at its limit.
    assert rows.pop("access_failure", 0) <= attempts.JOIN_CODE.attempts
    assert rows == {}


def test_a_browser_that_only_looks_keeps_its_id_and_its_first_change_stores_it(client, state, csrf_token, stored_rows):
    first = state()
    assert first["scenario"]["id"] == "alle-tjenester-pa"
    client.get("/")
    client.get("/innboks")
    assert state()["sandbox"] == first["sandbox"]
    assert stored_rows() == {}

    form = client.get("/kontakt-legekontoret").get_data(as_text=True)
    form_token = re.search(r'name="form_token" value="([^"]+)"', form).group(1)
    sent = client.post("/kontakt-legekontoret", data={"csrf_token": csrf_token(client), "form_token": form_token, "subject": "Hei", "body": "Tekst", "action": "send"})
    assert sent.status_code == 303
    after = state()
    assert after["sandbox"] == first["sandbox"] and [t["subject"] for t in after["inbox"]["threads"]] == ["Hei"]
    # The log starts with the first stored action.
    assert stored_rows() == {"sandbox": 1, "message_thread": 1, "thread_message": 1, "session_event": 1}


def test_a_form_with_errors_stores_the_sandbox_and_logs_the_error(client, csrf_token, stored_rows):
    refused = client.post("/kontakt-legekontoret", data={"csrf_token": csrf_token(client), "subject": "", "body": ""})
    assert refused.status_code == 422
    assert stored_rows() == {"sandbox": 1, "session_event": 1}


def test_opening_an_unread_message_stores_that_it_was_read(make_app, stored_rows):
    app = make_app(DEFAULT_SCENARIO="e-konsultasjon-avsluttet")
    browser = app.test_client()
    assert browser.get("/_sim/state").get_json()["inbox"]["unread"] == 2
    assert stored_rows(app) == {}
    assert browser.get("/innboks/s1").status_code == 200
    assert browser.get("/_sim/state").get_json()["inbox"]["unread"] == 1
    assert stored_rows(app) == {"sandbox": 1, "thread_state": 1, "session_event": 1}


def test_the_presenter_stores_the_trainers_sandbox_with_its_room(client, state, stored_rows):
    client.get("/_sim/presenter")
    assert state()["demo"]["room"] is not None
    assert stored_rows() == {"sandbox": 1, "demo_room": 1}


def seen_at(app, sandbox_id):
    with db.engine(app).connect() as connection:
        return connection.scalar(select(Sandbox.seen_at).where(Sandbox.id == sandbox_id))


def set_seen_at(app, sandbox_id, when):
    with db.engine(app).begin() as connection:
        connection.execute(update(Sandbox).where(Sandbox.id == sandbox_id).values(seen_at=when))


def test_a_sandbox_in_use_notes_it_at_most_once_an_hour(app, client, start, state):
    start("alle-tjenester-pa")
    sandbox_id = state()["sandbox"]
    noted = seen_at(app, sandbox_id)
    client.get("/")
    assert seen_at(app, sandbox_id) == noted  # seen this hour already: no write

    set_seen_at(app, sandbox_id, dt.datetime.now(dt.UTC) - dt.timedelta(minutes=61))
    before = dt.datetime.now(dt.UTC)
    client.get("/")
    again = seen_at(app, sandbox_id)
    assert before <= again <= dt.datetime.now(dt.UTC)
    client.get("/innboks")
    assert seen_at(app, sandbox_id) == again


def test_participants_keep_the_trainers_sandbox_in_use(app, start, state):
    trainer, participant = app.test_client(), app.test_client()
    start("anbefalt-losning-2", browser=trainer)
    trainer.get("/_sim/presenter")
    trainer_id, code = state(trainer)["sandbox"], state(trainer)["demo"]["room"]
    participant.get(f"/_sim/join/{code}")
    set_seen_at(app, trainer_id, dt.datetime.now(dt.UTC) - dt.timedelta(days=3))
    participant.get("/_sim/demo?part=patient", headers={"HX-Request": "true"})
    assert dt.datetime.now(dt.UTC) - seen_at(app, trainer_id) < dt.timedelta(minutes=1)


def clock(started_ago):
    """What the clock of a sandbox of alle-tjenester-pa (10:00, 7 December) says, started ``started_ago``."""
    scenario = parse_scenario(default_folder() / "alle-tjenester-pa.yaml")
    started = None if started_ago is None else dt.datetime.now(dt.UTC) - started_ago
    return SandboxView("x", scenario, {}, clock_started_at=started).now()


@pytest.mark.parametrize(
    "started_ago, expected",
    [
        (None, dt.datetime(2023, 12, 7, 10, 0)),  # a sandbox from before the clock: its start time
        (dt.timedelta(0), dt.datetime(2023, 12, 7, 10, 0)),
        (dt.timedelta(minutes=42, seconds=5), dt.datetime(2023, 12, 7, 10, 42, 5)),
        (dt.timedelta(hours=13, minutes=59, seconds=59), dt.datetime(2023, 12, 7, 23, 59, 59)),
        (dt.timedelta(days=3), dt.datetime(2023, 12, 7, 23, 59, 59)),  # never past the scenario's day
    ],
)
def test_the_clock_runs_from_the_scenarios_start_time_on_its_day(started_ago, expected):
    assert abs(clock(started_ago) - expected) <= dt.timedelta(seconds=1)


def test_messages_sent_in_a_sandbox_are_dated_by_its_clock_and_a_reset_winds_it_back(app, client, start, state, csrf_token):
    start("alle-tjenester-pa")
    with app.app_context():  # the sandbox started an hour and a half ago
        row = db.session().get(Sandbox, state()["sandbox"])
        row.clock_started_at = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1, minutes=30)
        db.session().commit()
    html = client.get("/kontakt-legekontoret").get_data(as_text=True)
    token = re.search(r'name="form_token" value="([^"]+)"', html).group(1)
    client.post("/kontakt-legekontoret", data={"csrf_token": csrf_token(client), "form_token": token, "subject": "Hei", "body": "Tekst", "action": "send"})
    sent = dt.datetime.fromisoformat(state()["inbox"]["threads"][0]["messages"][0]["sent_at"])
    assert dt.datetime(2023, 12, 7, 11, 30) <= sent <= dt.datetime(2023, 12, 7, 11, 32)

    client.post("/_sim/reset", data={"csrf_token": csrf_token(client), "next": "/"})
    with app.app_context():
        restarted = db.session().get(Sandbox, state()["sandbox"]).clock_started_at
    assert dt.datetime.now(dt.UTC) - restarted < dt.timedelta(minutes=1)
