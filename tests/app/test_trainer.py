"""The trainer's tools: the presenter page and the live demo room."""

import re
import time

from sqlalchemy import event

from portal import db, sandbox

try:
    import psycopg
except ImportError:  # the tests on SQLite need no driver for PostgreSQL
    psycopg = None
from portal.sessionlog.store import load_participants


def test_demo_poll_answers_204_while_nothing_changed(client, start, state, csrf_token):
    start("alle-tjenester-pa")
    version = state()["demo"]["version"]
    htmx = {"HX-Request": "true"}
    assert client.get(f"/_sim/demo?part=patient&v={version}", headers=htmx).status_code == 204
    client.post("/_sim/kontor/tjeneste", data={"csrf_token": csrf_token(client, "/_sim/kontor"), "service": "bestill-time:off"})
    changed = client.get(f"/_sim/demo?part=patient&v={version}", headers=htmx)
    assert changed.status_code == 200 and 'id="live-patient"' in changed.get_data(as_text=True)
    assert state()["demo"]["version"] != version
    assert client.get("/_sim/demo?part=nothing").status_code == 404


def test_a_participant_reads_the_trainers_sandbox_and_cannot_write(app, start, state, csrf_token):
    trainer, participant = app.test_client(), app.test_client()
    start("anbefalt-losning-2", browser=trainer)
    trainer.get("/_sim/presenter")
    code = state(trainer)["demo"]["room"]
    assert re.fullmatch(r"[A-HJ-NP-Z2-9]{8}", code)

    own_token = csrf_token(participant)
    response = participant.get(f"/_sim/join/{code.lower()}")
    assert response.status_code == 303 and response.headers["Location"] == "/_sim/demo"
    assert state(participant)["sandbox"] == state(trainer)["sandbox"]
    assert state(participant)["demo"]["following"] is True
    assert "Kurt Håkon" in participant.get("/").get_data(as_text=True)

    refused = participant.post("/_sim/kontor/tjeneste", data={"csrf_token": own_token, "service": "bestill-time:off"})
    assert refused.status_code == 403 and "Du kan ikke endre kursholderens demo" in refused.get_data(as_text=True)
    htmx = participant.post("/_sim/kontor", data={"csrf_token": own_token}, headers={"HX-Request": "true"})
    assert htmx.status_code == 403 and htmx.headers["HX-Redirect"] == "/_sim/demo/kun-visning"
    assert participant.post("/_sim/reset", data={"csrf_token": own_token}).status_code == 403
    assert state(trainer)["services"][0]["on"] is True

    participant.post("/_sim/leave", data={"csrf_token": own_token})
    assert state(participant)["demo"]["following"] is False
    assert state(participant)["sandbox"] != state(trainer)["sandbox"]


def test_the_trainer_opening_their_own_link_stays_the_trainer(client, start, state):
    start("alle-tjenester-pa")
    client.get("/_sim/presenter")
    client.get(f"/_sim/join/{state()['demo']['room']}")
    assert state()["demo"]["following"] is False


def test_a_switch_of_scenario_keeps_the_sandbox_and_its_room(client, start, state, csrf_token):
    start("alle-tjenester-pa")
    client.get("/_sim/presenter")
    before = state()
    response = client.post("/_sim/presenter/scenario", data={"csrf_token": csrf_token(client), "scenario": "ny-forside"})
    assert response.status_code == 303
    after = state()
    assert after["scenario"]["id"] == "ny-forside"
    assert (after["sandbox"], after["demo"]["room"]) == (before["sandbox"], before["demo"]["room"])


def test_a_code_is_typed_in_any_case_and_an_unknown_one_gives_404(client):
    assert client.get("/_sim/join?code=%20abc123%20").headers["Location"] == "/_sim/join/ABC123"
    response = client.get("/_sim/join/NOPE")
    assert response.status_code == 404 and "Fant ikke noe demorom med koden «NOPE»" in response.get_data(as_text=True)


def sql_during(app, request):
    """The SQL the database is sent while ``request()`` is answered, as the
    driver sends it (on every path: the ORM, Core and a pooled connection's own cursor)."""
    seen = []

    class Recording(psycopg.Cursor if psycopg else object):
        def execute(self, query, params=None, **kwargs):
            seen.append(str(query))
            return super().execute(query, params, **kwargs)

    def trace(dbapi_connection, _record, _proxy):
        if hasattr(dbapi_connection, "set_trace_callback"):
            dbapi_connection.set_trace_callback(seen.append)
        else:
            dbapi_connection.cursor_factory = Recording

    def untrace(dbapi_connection, _record):
        if hasattr(dbapi_connection, "set_trace_callback"):
            dbapi_connection.set_trace_callback(None)
        else:
            dbapi_connection.cursor_factory = psycopg.Cursor

    engine = db.engine(app)
    event.listen(engine, "checkout", trace)
    event.listen(engine, "checkin", untrace)
    try:
        response = request()
    finally:
        event.remove(engine, "checkout", trace)
        event.remove(engine, "checkin", untrace)
    return response, [statement for statement in seen if statement.split()[0].upper() in ("SELECT", "INSERT", "UPDATE", "DELETE")]


def test_an_unchanged_poll_reads_at_most_its_sandbox_and_writes_nothing(app, start, state):
    trainer, participant = app.test_client(), app.test_client()
    start("alle-tjenester-pa", browser=trainer)
    trainer.get("/_sim/presenter")
    participant.get(f"/_sim/join/{state(trainer)['demo']['room']}")
    version = state(trainer)["demo"]["version"]
    for browser in (trainer, participant):
        response, statements = sql_during(app, lambda: browser.get(f"/_sim/demo?part=patient&v={version}", headers={"HX-Request": "true"}))
        assert response.status_code == 204 and response.data == b""
        # None while this process read the version a moment ago, else the sandbox's row.
        assert len(statements) <= 1
        assert all(re.match(r"SELECT .* FROM sandbox WHERE sandbox\.id = ", statement, re.S) for statement in statements)


def test_a_poll_sees_a_change_made_through_another_app_on_the_same_database(make_app, start, state, csrf_token):
    """Two servers on one database (workers, instances): a write through one
    reaches a participant polling the other within a quarter of a second."""
    first, second = make_app(), make_app()
    trainer = first.test_client()
    start("alle-tjenester-pa", browser=trainer)
    trainer.get("/_sim/presenter")
    participant = second.test_client()
    participant.get(f"/_sim/join/{state(trainer)['demo']['room']}")
    version = state(trainer)["demo"]["version"]
    poll = lambda: participant.get(f"/_sim/demo?part=patient&v={version}", headers={"HX-Request": "true"})  # noqa: E731
    assert poll().status_code == 204
    assert "Bestill time" in participant.get("/_sim/demo?part=patient", headers={"HX-Request": "true"}).get_data(as_text=True)
    trainer.post("/_sim/kontor/tjeneste", data={"csrf_token": csrf_token(trainer, "/_sim/kontor"), "service": "bestill-time:off"})
    time.sleep(sandbox.RECENT)
    changed = poll()
    assert changed.status_code == 200 and "Bestill time" not in changed.get_data(as_text=True).split('id="live-patient"')[1]


def test_a_participant_looking_around_leaves_the_trainers_sandbox_as_it_was(app, start, state):
    trainer, participant = app.test_client(), app.test_client()
    start("e-konsultasjon-avsluttet", browser=trainer)
    trainer.get("/_sim/presenter")
    before = state(trainer)
    with app.app_context():
        logged_before = sum(len(p.events) for p in load_participants(before["sandbox"]))
    unread = next(t["id"] for t in before["inbox"]["threads"] if not t["read"])

    participant.get(f"/_sim/join/{before['demo']['room']}")
    for path in ("/", "/innboks", f"/innboks/{unread}", "/fastlegetjenester"):
        assert participant.get(path).status_code == 200

    assert state(trainer) == before  # the thread is still unread
    with app.app_context():
        assert sum(len(p.events) for p in load_participants(before["sandbox"])) == logged_before
