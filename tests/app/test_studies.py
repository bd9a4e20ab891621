"""UX studies through Flask's test client: a participant's tasks, how they end,
a reset between participants, and the results the tester reads and downloads."""

import csv
import datetime as dt
import io
import json
import re

import pytest
from sqlalchemy import event

from portal import db
from portal.studies.models import StudyParticipant, TaskAttempt


def token(browser, path="/_sim/studier"):
    return re.search(r'name="csrf_token" value="([^"]+)"', browser.get(path).get_data(as_text=True)).group(1)


@pytest.fixture
def participant(client):
    """``participant("juleferie")``: ``client`` as a new participant on the study, on its front page."""

    def start(study_id):
        response = client.post(f"/_sim/studier/{study_id}/start", data={"csrf_token": token(client)})
        assert (response.status_code, response.location) == (303, "/")
        return client

    return start


def press(browser, button, next_path="/"):
    """A button of the task panel, as a browser without JavaScript sends it."""
    path = {"start": "/_sim/oppgave/start", "ferdig": "/_sim/oppgave/ferdig", "gi opp": "/_sim/oppgave/gi-opp"}[button]
    response = browser.post(path, data={"csrf_token": token(browser, next_path), "next": next_path})
    assert (response.status_code, response.location) == (303, next_path)


def panel(browser, path="/"):
    html = browser.get(path).get_data(as_text=True)
    found = re.search(r'<aside class="study-panel".*?</aside>', html, re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(0))).strip() if found else None


def send_message(browser, path, action="send"):
    html = browser.get(path).get_data(as_text=True)
    data = {
        "csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', html).group(1),
        "form_token": re.search(r'name="form_token" value="([^"]+)"', html).group(1),
        "subject": "Attest",
        "body": "Kan jeg hente en attest før nyttår?",
        "action": action,
    }
    return browser.post(path, data=data, content_type="multipart/form-data")


def attempts(app):
    with app.app_context():
        rows = db.session().query(TaskAttempt).order_by(TaskAttempt.participant_id, TaskAttempt.position).all()
        return [(a.participant_id, a.task_id, a.outcome, a.ended_by) for a in rows]


def test_a_participant_sees_the_task_panel_instead_of_the_simulators_bar(participant, state):
    browser = participant("juleferie")
    html = browser.get("/").get_data(as_text=True)
    assert 'aria-label="Oppgave"' in html and 'class="sim-bar"' not in html and "/_sim/" not in html.split("<main")[1]
    assert panel(browser).startswith("Oppgave 1 av 4 Du bruker blodtrykksmedisin")
    assert "Start oppgaven" in panel(browser) and "Jeg gir opp" not in panel(browser)
    assert state(browser)["scenario"]["id"] == "fravaer"


def test_a_task_ends_by_itself_when_its_criterion_is_met(app, participant):
    browser = participant("juleferie")
    press(browser, "start")
    assert "Jeg er ferdig" in panel(browser) and "Jeg gir opp" in panel(browser)
    assert panel(browser, "/fastlege").startswith("Oppgave 1 av 4")  # not yet
    assert panel(browser, "/forny-resept").startswith("Oppgave 1 er fullført. Oppgave 2 av 4")
    assert attempts(app) == [(1, "resept", "solved", "criterion")]
    with app.app_context():
        (attempt,) = db.session().query(TaskAttempt).all()
        assert attempt.pages == ["/", "/fastlege", "/forny-resept"]


def test_a_draft_is_not_a_sent_message_and_ferdig_without_the_criterion_is_not_solved(app, participant, state):
    browser = participant("juleferie")
    press(browser, "start")
    press(browser, "gi opp")
    press(browser, "start")
    assert send_message(browser, "/kontakt-legekontoret", action="save").status_code == 303
    assert state(browser)["inbox"]["drafts"] and panel(browser).startswith("Oppgave 2 av 4")
    press(browser, "ferdig")
    assert panel(browser).startswith("Takk! Oppgave 2 er registrert. Oppgave 3 av 4")
    assert attempts(app) == [(1, "resept", "gave_up", "participant"), (1, "sporsmal", "not_solved", "participant")]


def test_a_message_sent_during_the_task_solves_it(app, participant):
    browser = participant("juleferie")
    press(browser, "start")
    press(browser, "gi opp")
    press(browser, "start")
    assert send_message(browser, "/kontakt-legekontoret").status_code == 303
    assert panel(browser, "/innboks").startswith("Oppgave 2 er fullført. Oppgave 3 av 4")
    # Task 4 asks for a message too, or the e-consultation's page: the earlier message does not count.
    press(browser, "start")
    press(browser, "gi opp")
    press(browser, "start")
    press(browser, "ferdig")
    assert panel(browser) == "Takk! Oppgave 4 er registrert. Alle oppgavene er gjort Si fra til testlederen at du er ferdig."
    assert [a[2] for a in attempts(app)] == ["gave_up", "solved", "gave_up", "not_solved"]


def backdate(app, minutes):
    """The task under way started ``minutes`` earlier: as if the participant had worked on it that long."""
    with app.app_context():
        for attempt in db.session().query(TaskAttempt).filter(TaskAttempt.ended_at.is_(None)):
            attempt.started_at -= dt.timedelta(minutes=minutes)
        db.session().commit()


def test_a_task_past_its_time_limit_has_timed_out_at_the_limit(app, participant):
    browser = participant("juleferie")
    press(browser, "start")
    backdate(app, 4)  # the limit is 3 minutes
    assert panel(browser, "/forny-resept").startswith("Tiden for oppgave 1 er ute. Oppgave 2 av 4")  # too late for the criterion
    with app.app_context():
        (attempt,) = db.session().query(TaskAttempt).all()
        assert (attempt.outcome, attempt.ended_by) == ("timed_out", "time_limit")
        assert attempt.ended_at - attempt.started_at == dt.timedelta(minutes=3)


def test_closing_the_tab_and_coming_back_continues_the_same_task(app, participant):
    browser = participant("juleferie")
    press(browser, "start")
    browser.get("/fastlege")
    assert "Jeg er ferdig" in panel(browser, "/")  # the cookie names the participant, as the sandbox
    assert attempts(app) == [(1, "resept", None, None)]


def test_a_reset_starts_the_next_participant_and_keeps_the_results(app, participant, state):
    browser = participant("juleferie")
    press(browser, "start")
    browser.get("/forny-resept")
    press(browser, "start")
    sandbox = state(browser)["sandbox"]
    browser.post("/_sim/reset", data={"csrf_token": token(browser), "next": "/"})
    assert panel(browser).startswith("Oppgave 1 av 4")
    assert state(browser)["sandbox"] == sandbox
    assert attempts(app) == [(1, "resept", "solved", "criterion"), (1, "sporsmal", "interrupted", "reset")]
    with app.app_context():
        participants = db.session().query(StudyParticipant).order_by(StudyParticipant.id).all()
        assert [(p.id, p.sandbox, p.ended_at is not None) for p in participants] == [(1, sandbox, True), (2, sandbox, False)]


def test_starting_a_scenario_leaves_the_study(participant, client):
    browser = participant("juleferie")
    browser.get("/_sim/start/alle-tjenester-pa")
    html = browser.get("/").get_data(as_text=True)
    assert panel(browser) is None and 'class="sim-bar"' in html


def test_a_browser_in_no_study_pays_nothing_for_studies(app, client, start):
    start("ferie-timebestilling")
    statements = []
    listen = lambda conn, cursor, statement, *args: statements.append(statement)  # noqa: E731
    event.listen(db.engine(app), "before_cursor_execute", listen)
    try:
        client.get("/")
        client.get("/timeavtaler/bestill/astrid")
    finally:
        event.remove(db.engine(app), "before_cursor_execute", listen)
    assert statements and not any("study_" in s for s in statements)


def test_the_panel_polls_and_answers_204_while_nothing_changed(app, participant):
    browser = participant("timebestilling")
    press(browser, "start")
    html = browser.get("/").get_data(as_text=True)
    poll = re.search(r'hx-get="(/_sim/oppgave\?v=[^"]+)"', html).group(1)
    assert browser.get(poll, headers={"HX-Request": "true"}).status_code == 204
    backdate(app, 5)
    answer = browser.get(poll, headers={"HX-Request": "true", "HX-Current-URL": "http://localhost/timeavtaler"})
    fragment = answer.get_data(as_text=True)
    assert answer.status_code == 200 and fragment.lstrip().startswith('<div id="study-task"')
    assert 'hx-swap-oob="innerHTML">Tiden for oppgave 1 er ute.' in re.sub(r"\s+", " ", fragment).replace("> ", ">")
    assert 'name="next" value="/timeavtaler"' in fragment and "hx-get" not in fragment  # the next task is not under way


def test_the_panels_buttons_answer_htmx_with_the_panel(participant):
    browser = participant("timebestilling")
    answer = browser.post("/_sim/oppgave/start", data={"csrf_token": token(browser, "/"), "next": "/"}, headers={"HX-Request": "true"})
    html = answer.get_data(as_text=True)
    assert answer.status_code == 200 and "Jeg er ferdig" in html and 'data-focus-fallback="study-primary"' in html


def test_nothing_breaks_without_a_study_or_with_bad_input(client, start):
    start("alle-tjenester-pa")
    assert client.post("/_sim/oppgave/start", data={"csrf_token": token(client, "/"), "next": "/fastlege"}).location == "/fastlege"
    refused = client.post("/_sim/oppgave/start", data={"csrf_token": token(client, "/"), "next": "https://example.com/"})
    assert refused.status_code == 400 and "ikke er en side i simulatoren" in refused.get_data(as_text=True)
    assert "ikke med i en brukertest" in client.get("/_sim/oppgave").get_data(as_text=True)
    assert client.post("/_sim/oppgave/ferdig", data={"next": "/"}).status_code == 400  # no CSRF token
    response = client.get("/_sim/studier/finnes-ikke")
    assert response.status_code == 404 and "Fant ikke siden" in response.get_data(as_text=True)
    assert client.post("/_sim/studier/finnes-ikke/start", data={"csrf_token": token(client)}).status_code == 404
    assert client.get("/_sim/studier/juleferie/diagram/vei-9.svg").status_code == 404
    assert client.get("/_sim/studier/juleferie/diagram/suksess.gif").status_code == 404
    assert client.get("/_sim/studier/juleferie/resultater.xml").status_code == 404


def run_a_session(participant, app):
    """One participant on «timebestilling»: the first task given up, the second timed out."""
    browser = participant("timebestilling")
    press(browser, "start")
    browser.get("/timeavtaler/bestill")
    press(browser, "gi opp", "/timeavtaler/bestill")
    press(browser, "start")
    backdate(app, 4)
    browser.get("/")
    return browser


def test_the_results_page_shows_each_task_and_participant(app, participant):
    browser = run_a_session(participant, app)
    html = browser.get("/_sim/studier/timebestilling").get_data(as_text=True)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert "Timebestilling med den nye kalenderen" in text and "1 deltaker · 5 oppgaver" in text
    assert "1. videotime 0 0 1 0 0 0 0 %" in text and "2. hastetime 0 0 0 1 0 0 0 %" in text
    assert "Deltaker 1 Ga opp" in text and "Tiden gikk ut 3:00" in text and "Ikke startet" in text
    assert "Stoppet på /timeavtaler/bestill" in text
    for chart in ("suksess", "tid", "vei-1", "vei-2"):
        assert f'src="/_sim/studier/timebestilling/diagram/{chart}.svg"' in html
    assert "vei-3.svg" not in html and "Ingen har avsluttet denne oppgaven ennå." in text


def test_the_downloads_hold_the_table_and_the_charts(app, participant):
    browser = run_a_session(participant, app)
    table = list(csv.DictReader(io.StringIO(browser.get("/_sim/studier/timebestilling/resultater.csv").get_data(as_text=True))))
    assert [(r["task_id"], r["outcome"], r["gave_up"], r["timed_out"], r["seconds"]) for r in table] == [
        ("videotime", "gave_up", "true", "false", table[0]["seconds"]),
        ("hastetime", "timed_out", "false", "true", "180.0"),
        ("telefontime", "not_started", "false", "false", ""),
        ("foresla-tidspunkt", "not_started", "false", "false", ""),
        ("avbestill", "not_started", "false", "false", ""),
    ]
    assert table[0]["path"] == "/ > /timeavtaler/bestill"
    document = browser.get("/_sim/studier/timebestilling/resultater.json")
    assert document.headers["Content-Disposition"] == 'attachment; filename="timebestilling.json"'
    assert [r["outcome"] for r in json.loads(document.get_data())["rows"]] == ["gave_up", "timed_out", "not_started", "not_started", "not_started"]

    svg = browser.get("/_sim/studier/timebestilling/diagram/suksess.svg")
    assert svg.mimetype == "image/svg+xml" and b"<svg" in svg.data
    assert svg.headers["Content-Security-Policy"] == "default-src 'none'; style-src 'unsafe-inline'"
    assert browser.get("/_sim/studier/timebestilling/diagram/suksess.svg", headers={"If-None-Match": svg.headers["ETag"]}).status_code == 304
    png = browser.get("/_sim/studier/timebestilling/diagram/vei-1.png?last-ned=1")
    assert png.data.startswith(b"\x89PNG") and png.headers["Content-Disposition"] == 'attachment; filename="timebestilling-vei-1.png"'


def test_the_dashboard_starts_participants_on_each_study(client):
    html = client.get("/_sim/").get_data(as_text=True)
    assert "UX-studier" in html
    assert 'action="/_sim/studier/juleferie/start"' in html and 'action="/_sim/studier/timebestilling/start"' in html


def test_a_cached_patient_page_shows_the_panel_as_it_is_now(participant):
    # The page cache keeps a page per sandbox version; pressing «Start oppgaven» writes
    # nothing to the sandbox, so only leaving a participant's pages out of it shows the change.
    browser = participant("juleferie")
    assert "Start oppgaven" in panel(browser, "/fastlege")
    press(browser, "start", "/fastlege")
    assert "Jeg er ferdig" in panel(browser, "/fastlege")
    press(browser, "gi opp", "/fastlege")
    assert "Oppgave 2 av 4" in panel(browser, "/fastlege")
