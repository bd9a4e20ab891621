"""PORTAL_PASSWORD: the login page, the header for test clients, a demo room's
participants without the password, the rate limits and cross-site starts."""

import datetime as dt
import re
from urllib.parse import quote

import pytest
from sqlalchemy import func, select

from portal import db
from portal.access import attempts
from portal.access.models import FailedAttempt
from portal.models import Sandbox
from tests.app.test_proxy import Browser

PASSWORD = "kurs-på-fredag"
AUTH = {"X-Portal-Password": quote(PASSWORD)}


@pytest.fixture
def app(make_app):
    return make_app(PASSWORD=PASSWORD)


def login_token(browser):
    page = browser.get("/_sim/logg-inn").get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def log_in(browser, password=PASSWORD, next_path=None, address=None):
    data = {"csrf_token": login_token(browser), "password": password}
    if next_path:
        data["next"] = next_path
    return browser.post("/_sim/logg-inn", data=data, environ_base={"REMOTE_ADDR": address} if address else {})


def sandboxes(app):
    with app.app_context():
        return db.session().scalar(select(func.count()).select_from(Sandbox))


def open_room(app, start, state):
    trainer = app.test_client()
    log_in(trainer)
    start("anbefalt-losning-2", browser=trainer)
    trainer.get("/_sim/presenter")
    return trainer, state(trainer)["demo"]["room"]


def test_without_a_password_nothing_asks_for_one(make_app):
    client = make_app().test_client()
    assert client.get("/").status_code == 200
    assert client.get("/_sim/").status_code == 200
    assert client.get("/_sim/logg-inn?next=/innboks").headers["Location"] == "/innboks"


def test_a_stranger_gets_the_login_page_and_nothing_is_stored(app, client):
    for path in ("/", "/innboks", "/_sim/", "/_sim/state", "/_sim/presenter", "/_sim/kontor", "/_sim/start/ny-forside", "/finnes-ikke"):
        response = client.get(path)
        assert response.status_code == 303, path
        assert response.headers["Location"].startswith("/_sim/logg-inn?next="), path
    # A form sent without logging in comes back to its page after the login, not to a CSRF error.
    response = client.post("/_sim/reset", data={"next": "/"})
    assert response.status_code == 303 and response.headers["Location"] == "/_sim/logg-inn?next=/_sim/reset"
    page = client.get("/_sim/logg-inn?next=/innboks")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "<h1>Logg inn i simulatoren</h1>" in html
    assert '<label class="field__label" for="password">Passord</label>' in html and 'type="password"' in html
    assert sandboxes(app) == 0


def test_static_files_and_health_stay_open(client):
    assert client.get("/_sim/health").get_json()["status"] == "ok"
    assert client.get("/static/css/portal.css").status_code == 200


def test_htmx_is_sent_to_the_login_page_whole(client):
    response = client.get("/_sim/demo?part=patient", headers={"HX-Request": "true"})
    assert response.status_code == 204 and response.headers["HX-Redirect"] == "/_sim/logg-inn?next=/_sim/demo?part%3Dpatient"


def test_logging_in_goes_where_the_browser_was_going(client):
    response = log_in(client, next_path="/innboks?side=2")
    assert response.status_code == 303 and response.headers["Location"] == "/innboks?side=2"
    assert client.get("/innboks").status_code == 200
    assert client.get("/_sim/logg-inn").headers["Location"] == "/_sim/"


@pytest.mark.parametrize("target", ["https://annet.example/", "//annet.example/", "/\\annet.example", "javascript:alert(1)"])
def test_next_never_leads_off_the_site(client, target):
    response = log_in(client, next_path=target)
    assert response.status_code == 400 and "Location" not in response.headers
    assert "ikke er en side i simulatoren" in response.get_data(as_text=True)


def test_a_wrong_password_is_said_next_to_the_field(client):
    response = log_in(client, "kurs-på-torsdag", next_path="/innboks")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert '<p class="field__error" id="password-error">Passordet er feil. Sjekk at du har skrevet det riktig, og prøv igjen.</p>' in html
    assert 'aria-describedby="password-error"' in html and 'aria-invalid="true"' in html
    assert 'name="next" value="/innboks"' in html  # still going there after the next try
    assert "kurs-på-torsdag" not in html  # a password is never written back into the page
    assert client.get("/").status_code == 303


def test_an_empty_password_asks_for_one_and_is_no_attempt(app, client):
    response = log_in(client, "")
    assert response.status_code == 422 and "Skriv passordet." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session().scalar(select(func.count()).select_from(FailedAttempt)) == 0


def test_the_cookie_keeps_a_fingerprint_not_the_password(app, client):
    log_in(client)
    cookie = client.get_cookie("portal_session").value
    session = app.session_interface.get_signing_serializer(app).loads(cookie)
    assert PASSWORD not in cookie and PASSWORD not in str(session)
    assert re.fullmatch(r"[0-9a-f]{64}", session["access"])


def test_a_changed_password_logs_everyone_out(make_app):
    before = make_app(PASSWORD=PASSWORD).test_client()
    log_in(before)
    assert before.get("/").status_code == 200
    cookie = before.get_cookie("portal_session").value
    # The same database and secret key: the simulator restarted with another password.
    after = make_app(PASSWORD="ny-uke").test_client()
    after.set_cookie("portal_session", cookie)
    assert after.get("/").status_code == 303
    unchanged = make_app(PASSWORD=PASSWORD).test_client()
    unchanged.set_cookie("portal_session", cookie)
    assert unchanged.get("/").status_code == 200


def test_logging_out_of_the_simulator_asks_for_the_password_again(client, csrf_token):
    log_in(client)
    dashboard = client.get("/_sim/").get_data(as_text=True)
    assert "Logg ut av simulatoren" in dashboard
    response = client.post("/_sim/logg-ut", data={"csrf_token": csrf_token(client, "/_sim/")})
    assert response.headers["Location"] == "/_sim/logg-inn"
    assert "Du er logget ut av simulatoren." in client.get("/_sim/logg-inn").get_data(as_text=True)
    assert client.get("/_sim/").status_code == 303


# The header, for test clients -------------------------------------------------


def test_the_password_in_a_header_lets_a_request_in_without_a_cookie(client):
    response = client.get("/_sim/state", headers=AUTH)
    assert response.status_code == 200 and response.get_json()["scenario"]["id"] == "alle-tjenester-pa"
    assert "Logg ut av simulatoren" not in client.get("/_sim/", headers=AUTH).get_data(as_text=True)


def test_the_header_carries_the_password_percent_encoded(make_app):
    # «å» could not pass as it is: servers drop header values beyond ASCII.
    assert quote(PASSWORD) == "kurs-p%C3%A5-fredag"
    ascii_only = make_app(PASSWORD="kurs-fredag").test_client()
    assert ascii_only.get("/_sim/state", headers={"X-Portal-Password": quote("kurs-fredag")}).status_code == 200
    assert quote("kurs-fredag") == "kurs-fredag"  # an ASCII password is sent as it is


def test_a_wrong_header_is_refused_in_norwegian(client):
    page = client.get("/", headers={"X-Portal-Password": "gjett"})
    assert page.status_code == 401 and "Passordet i hodet X-Portal-Password er feil." in page.get_data(as_text=True)
    as_json = client.get("/_sim/state", headers={"X-Portal-Password": "gjett", "Accept": "application/json"})
    assert as_json.status_code == 401 and as_json.get_json() == {"message": "Passordet i hodet X-Portal-Password er feil.", "errors": {}}
    without = client.get("/_sim/state", headers={"Accept": "application/json"})
    assert without.status_code == 401 and "X-Portal-Password" in without.get_json()["message"]


# Rate limits ------------------------------------------------------------------


def test_ten_wrong_passwords_then_429_even_for_the_right_one(client):
    for _ in range(attempts.PASSWORD.attempts):
        assert log_in(client, "gjett").status_code == 422
    refused = log_in(client, PASSWORD)
    html = refused.get_data(as_text=True)
    assert refused.status_code == 429
    assert 580 <= int(refused.headers["Retry-After"]) <= 600
    assert 'id="password-error">For mange forsøk med feil passord. Vent 10 minutter og prøv igjen.</p>' in html
    assert client.get("/").status_code == 303  # not logged in
    # The header is refused too, unchecked.
    header = client.get("/_sim/state", headers=AUTH)
    assert header.status_code == 429 and "Retry-After" in header.headers and "For mange forsøk" in header.get_data(as_text=True)
    # Another address is not limited.
    assert log_in(client, PASSWORD, address="192.0.2.7").status_code == 303


def test_wrong_headers_count_as_wrong_passwords(client):
    for _ in range(attempts.PASSWORD.attempts):
        assert client.get("/", headers={"X-Portal-Password": "gjett"}).status_code == 401
    assert client.get("/", headers={"X-Portal-Password": "gjett"}).status_code == 429
    assert log_in(client).status_code == 429


def test_thirty_wrong_join_codes_then_429_even_for_the_right_one(app, start, state):
    _trainer, code = open_room(app, start, state)
    guesser = app.test_client()
    for n in range(attempts.JOIN_CODE.attempts):
        assert guesser.get(f"/_sim/join/AAAA{n:04d}").status_code == 404
    refused = guesser.get(f"/_sim/join/{code}")
    assert refused.status_code == 429 and 580 <= int(refused.headers["Retry-After"]) <= 600
    assert "For mange forsøk med feil kode. Vent 10 minutter og prøv igjen." in refused.get_data(as_text=True)
    assert refused.get_data(as_text=True).count('id="code-error"') == 1
    assert guesser.get("/").status_code == 303  # not following anything


def test_a_limit_counts_the_last_window_only(app):
    now = dt.datetime.now(dt.UTC)
    window = attempts.PASSWORD.window
    with app.test_request_context(environ_base={"REMOTE_ADDR": "198.51.100.4"}):
        for _ in range(attempts.PASSWORD.attempts):
            attempts.record_failure(attempts.PASSWORD, now=now - window - dt.timedelta(minutes=1))
        assert attempts.seconds_to_wait(attempts.PASSWORD, now=now) is None
        for _ in range(attempts.PASSWORD.attempts):
            attempts.record_failure(attempts.PASSWORD, now=now - window + dt.timedelta(seconds=90))
        assert attempts.seconds_to_wait(attempts.PASSWORD, now=now) == 90
        assert attempts.seconds_to_wait(attempts.JOIN_CODE, now=now) is None  # each kind counts its own
        # A new failure deletes what no window counts any more: the table does not grow.
        attempts.record_failure(attempts.JOIN_CODE, now=now)
        rows = db.session().scalars(select(FailedAttempt.at)).all()
        assert len(rows) == attempts.PASSWORD.attempts + 1 and min(rows) > now - window


# A demo room's participants, without the password -----------------------------


def test_a_participant_follows_by_the_link_and_sees_nothing_else(app, start, state):
    trainer, code = open_room(app, start, state)
    participant = app.test_client()
    joined = participant.get(f"/_sim/join/{code}")
    assert joined.status_code == 303 and joined.headers["Location"] == "/_sim/demo"
    demo = participant.get("/_sim/demo")
    assert demo.status_code == 200 and "Kurt Håkon" in demo.get_data(as_text=True)
    assert 'href="/_sim/"' not in demo.get_data(as_text=True)  # no way to the control panel shown
    assert participant.get("/_sim/demo?part=patient", headers={"HX-Request": "true"}).status_code == 200
    assert participant.get("/").status_code == 200 and participant.get("/timeavtaler").status_code == 200
    for path in ("/_sim/", "/_sim/kontor", "/_sim/presenter", "/_sim/state", "/_sim/logg", "/_sim/start/ny-forside", "/_sim/meldinger"):
        response = participant.get(path)
        assert response.status_code == 303 and response.headers["Location"].startswith("/_sim/logg-inn"), path
    token = re.search(r'name="csrf_token" value="([^"]+)"', demo.get_data(as_text=True)).group(1)
    assert participant.post("/_sim/reset", data={"csrf_token": token}).headers["Location"].startswith("/_sim/logg-inn")
    assert participant.post("/logg-ut", data={"csrf_token": token}).status_code == 403  # read-only, as always
    assert state(trainer)["login"]["logged_in"] is True
    assert participant.post("/_sim/leave", data={"csrf_token": token}).status_code == 303
    assert participant.get("/").status_code == 303  # left: nothing more to see
    assert sandboxes(app) == 1  # the trainer's; the participant made none


def test_a_closed_room_lets_its_participants_in_no_more(app, start, state):
    trainer, code = open_room(app, start, state)
    participant = app.test_client()
    participant.get(f"/_sim/join/{code}")
    with app.app_context():
        db.session().delete(db.session().get(Sandbox, state(trainer)["sandbox"]))
        db.session().commit()
    response = participant.get("/_sim/demo")
    assert response.status_code == 303 and response.headers["Location"].startswith("/_sim/logg-inn")
    assert sandboxes(app) == 0


# Cross-site navigations ---------------------------------------------------------


@pytest.mark.parametrize("headers", [{"Sec-Fetch-Site": "cross-site"}, {"Sec-Fetch-Site": "same-site"}, {"Referer": "https://annet.example/side"}])
def test_a_start_from_another_site_asks_first(make_app, headers):
    app = make_app()
    client = app.test_client()
    page = client.get("/_sim/start/ny-forside?next=/fastlegetjenester", headers=headers)
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Vil du starte scenarioet «Ny forside for fastlegetjenestene»?" in html and "Du kom hit fra en lenke på en annen nettside." in html
    assert sandboxes(app) == 0
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    assert 'name="next" value="/fastlegetjenester"' in html
    assert client.post("/_sim/start/ny-forside", data={"next": "/fastlegetjenester"}).status_code == 400  # no token, no start
    started = client.post("/_sim/start/ny-forside", data={"csrf_token": token, "next": "/fastlegetjenester"})
    assert started.status_code == 303 and started.headers["Location"] == "/fastlegetjenester"
    assert client.get("/_sim/state").get_json()["scenario"]["id"] == "ny-forside"


@pytest.mark.parametrize("headers", [{"Sec-Fetch-Site": "same-origin"}, {"Sec-Fetch-Site": "none"}, {}, {"Referer": "http://localhost/_sim/"}])
def test_a_start_from_this_site_or_typed_starts_at_once(make_app, headers):
    client = make_app().test_client()
    response = client.get("/_sim/start/ny-forside", headers=headers)
    assert response.status_code == 303
    assert client.get("/_sim/state").get_json()["scenario"]["id"] == "ny-forside"


def test_a_join_from_another_site_asks_first(make_app, start, state):
    app = make_app()
    trainer = app.test_client()
    start("anbefalt-losning-2", browser=trainer)
    trainer.get("/_sim/presenter")
    code = state(trainer)["demo"]["room"]
    participant = app.test_client()
    page = participant.get(f"/_sim/join/{code.lower()}", headers={"Sec-Fetch-Site": "cross-site"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and f"Vil du bli med i demorommet {code[:4]} {code[4:]}?" in html
    assert state(participant)["demo"]["following"] is False
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    joined = participant.post(f"/_sim/join/{code}", data={"csrf_token": token})
    assert joined.status_code == 303 and joined.headers["Location"] == "/_sim/demo"
    assert state(participant)["sandbox"] == state(trainer)["sandbox"]


def test_an_unknown_code_from_another_site_is_still_an_unknown_code(client):
    response = client.get("/_sim/join/NOPE", headers={"Sec-Fetch-Site": "cross-site"})
    assert response.status_code == 404 and "Fant ikke noe demorom" in response.get_data(as_text=True)


# Behind a reverse proxy under a prefix (PORTAL_PROXY_HOPS) ------------------------

def test_under_a_prefix_the_login_page_and_next_stay_under_it(make_app):
    browser = Browser(make_app(PASSWORD=PASSWORD, PROXY_HOPS=1))
    assert browser.get("/innboks").headers["Location"] == "/sim/_sim/logg-inn?next=/innboks"
    page = browser.get("/_sim/logg-inn?next=/innboks").text
    assert 'action="/sim/_sim/logg-inn"' in page and 'name="next" value="/innboks"' in page
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    logged_in = browser.post("/_sim/logg-inn", data={"csrf_token": token, "password": PASSWORD, "next": "/innboks"})
    assert logged_in.headers["Location"] == "/sim/innboks"
    assert browser.get("/innboks").status_code == 200


def test_behind_a_proxy_the_limit_counts_the_address_it_reports(make_app):
    client = make_app(PASSWORD=PASSWORD, PROXY_HOPS=1).test_client()

    def guess(address):
        return client.get("/", headers={"X-Forwarded-For": address, "X-Portal-Password": "gjett"}).status_code

    assert [guess("203.0.113.5") for _ in range(attempts.PASSWORD.attempts)] == [401] * attempts.PASSWORD.attempts
    assert guess("203.0.113.5") == 429
    assert guess("203.0.113.6") == 401  # another visitor behind the same proxy
