"""The editor, the absence guard and the demo room through Flask's test client."""

import re


def csrf_token(client, path="/_sim/kontor"):
    html = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def state(client):
    return client.get("/_sim/state").get_json()


def services(client):
    return {s["id"]: s for s in state(client)["services"]}


def test_the_switch_flips_a_service_and_stores_only_the_change(app, client):
    client.get("/_sim/start/alle-tjenester-pa")
    token = csrf_token(client)
    response = client.post("/_sim/kontor/tjeneste", data={"csrf_token": token, "service": "forny-resept:off"})
    assert response.status_code == 303 and response.headers["Location"] == "/_sim/kontor"
    assert services(client)["forny-resept"]["on"] is False

    again = client.post("/_sim/kontor/tjeneste", data={"csrf_token": token, "service": "forny-resept:off"})  # a double click
    assert again.status_code == 303 and services(client)["forny-resept"]["on"] is False
    assert client.post("/_sim/kontor/tjeneste", data={"csrf_token": token, "service": "forny-resept"}).status_code == 400

    htmx = client.post("/_sim/kontor/tjeneste", data={"csrf_token": token, "service": "forny-resept:on"}, headers={"HX-Request": "true"})
    assert htmx.headers["HX-Trigger"] == "sandbox-changed"
    assert 'aria-checked="true"' in htmx.get_data(as_text=True) and "<html" not in htmx.get_data(as_text=True)
    with app.app_context():
        from portal import db
        from portal.models import Sandbox

        assert db.session().get(Sandbox, state(client)["sandbox"]).overrides == {}


def test_saving_needs_the_token_and_refuses_too_long_text(client):
    client.get("/_sim/start/alle-tjenester-pa")
    assert client.post("/_sim/kontor", data={"panel_message": "x"}).status_code == 400
    response = client.post("/_sim/kontor", data={"csrf_token": csrf_token(client), "panel_message": "x" * 201})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Feltet kan kun inneholde 200 tegn!" in html and "x" * 201 in html
    assert state(client)["panel"]["message"].startswith("Vi avvikler ferie")


def test_saved_text_is_escaped_on_the_patients_pages(client):
    client.get("/_sim/start/alle-tjenester-pa")
    client.post("/_sim/kontor", data={"csrf_token": csrf_token(client), "panel_message": "<script>x()</script>"})
    html = client.get("/").get_data(as_text=True)
    assert "&lt;script&gt;x()&lt;/script&gt;" in html and "<script>x()" not in html


def test_an_absent_service_refuses_a_request_sent_anyway(app, client):
    from portal import sandbox
    from portal.services.absence import absence_response

    with app.test_request_context("/tjenester/forny-resept", method="POST"):
        sandbox.start("fravaer")
        refused = absence_response("forny-resept")
        assert refused.status_code == 409 and "Legekontoret har fravær" in refused.get_data(as_text=True)
        assert absence_response("bestill-time") is None  # on and present: the page goes on as usual
    client.get("/_sim/start/fravaer")
    page = client.get("/tjenester/forny-resept")
    assert page.status_code == 200 and "Legekontoret har fravær" in page.get_data(as_text=True)


def test_demo_poll_answers_204_while_nothing_changed(client):
    client.get("/_sim/start/alle-tjenester-pa")
    version = state(client)["demo"]["version"]
    htmx = {"HX-Request": "true"}
    assert client.get(f"/_sim/demo?part=patient&v={version}", headers=htmx).status_code == 204
    client.post("/_sim/kontor/tjeneste", data={"csrf_token": csrf_token(client), "service": "bestill-time:off"})
    changed = client.get(f"/_sim/demo?part=patient&v={version}", headers=htmx)
    assert changed.status_code == 200 and 'id="live-patient"' in changed.get_data(as_text=True)
    assert state(client)["demo"]["version"] != version
    assert client.get("/_sim/demo?part=nothing").status_code == 404


def test_a_participant_reads_the_trainers_sandbox_and_cannot_write(app):
    trainer, participant = app.test_client(), app.test_client()
    trainer.get("/_sim/start/anbefalt-losning-2")
    trainer.get("/_sim/presenter")
    code = state(trainer)["demo"]["room"]
    assert re.fullmatch(r"[A-Z2-9]{6}", code)

    own_token = csrf_token(participant, "/")
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
    assert services(trainer)["bestill-time"]["on"] is True

    participant.post("/_sim/leave", data={"csrf_token": own_token})
    assert state(participant)["demo"]["following"] is False
    assert state(participant)["sandbox"] != state(trainer)["sandbox"]


def test_a_switch_of_scenario_keeps_the_sandbox_and_its_room(client):
    client.get("/_sim/start/alle-tjenester-pa")
    client.get("/_sim/presenter")
    before = state(client)
    response = client.post("/_sim/presenter/scenario", data={"csrf_token": csrf_token(client), "scenario": "ny-forside"})
    assert response.status_code == 303
    after = state(client)
    assert after["scenario"]["id"] == "ny-forside"
    assert (after["sandbox"], after["demo"]["room"]) == (before["sandbox"], before["demo"]["room"])


def test_unknown_code_gives_404(client):
    response = client.get("/_sim/join/NOPE")
    assert response.status_code == 404 and "Fant ikke noe demorom" in response.get_data(as_text=True)


def statements_during(app, request):
    """What the app asks the database while ``request()`` is answered: per
    statement its kind, the tables it reads or writes and its WHERE clause,
    as SQLAlchemy states them (the same on every database)."""
    from sqlalchemy import Table, event
    from sqlalchemy.sql.visitors import iterate

    from portal import db

    seen = []

    def record(_conn, _cursor, _statement, _parameters, context, _many):
        statement = context.compiled.statement
        tables = {element.name for element in iterate(statement) if isinstance(element, Table)}
        kind = "SELECT" if statement.is_select else type(statement).__name__.upper()
        seen.append((kind, tables, str(getattr(statement, "whereclause", None))))

    engine = db.engine(app)
    event.listen(engine, "before_cursor_execute", record)
    try:
        response = request()
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return response, seen


def test_an_unchanged_poll_costs_one_primary_key_read_and_writes_nothing(app):
    trainer, participant = app.test_client(), app.test_client()
    trainer.get("/_sim/start/alle-tjenester-pa")
    trainer.get("/_sim/presenter")
    participant.get(f"/_sim/join/{state(trainer)['demo']['room']}")
    version = state(trainer)["demo"]["version"]
    for browser in (trainer, participant):
        response, statements = statements_during(
            app, lambda: browser.get(f"/_sim/demo?part=patient&v={version}", headers={"HX-Request": "true"})
        )
        assert response.status_code == 204 and response.data == b""
        assert statements == [("SELECT", {"sandbox"}, "sandbox.id = :id")]


def test_a_participant_looking_around_leaves_the_trainers_sandbox_as_it_was(app):
    from portal.sessionlog import load_participants

    trainer, participant = app.test_client(), app.test_client()
    trainer.get("/_sim/start/e-konsultasjon-avsluttet")
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
