"""Cached pages: every writer makes the next page new, no browser ever gets
another's page, and a cached page's CSRF token is the browser's own."""

import re

import pytest

CALENDAR = "/timeavtaler/bestill/astrid"
CONFIRM = f"{CALENDAR}/bekreft?tid=2023-12-14T10:00"


def token_of(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def token(browser, path="/") -> str:
    return token_of(browser.get(path).get_data(as_text=True))


def send_message(browser):
    html = browser.get("/kontakt-legekontoret").get_data(as_text=True)
    form_token = re.search(r'name="form_token" value="([^"]+)"', html).group(1)
    data = {"csrf_token": token_of(html), "form_token": form_token, "subject": "Hei", "body": "Tekst", "action": "send"}
    assert browser.post("/kontakt-legekontoret", data=data, content_type="multipart/form-data").status_code == 303


def book(browser):
    response = browser.post(CONFIRM, data={"csrf_token": token(browser, CALENDAR), "tid": "2023-12-14T10:00", "arsak": "Vondt i kneet"})
    assert response.status_code == 303
    return response.location


def cancel(browser):
    location = book(browser)
    assert browser.post(f"{location}/avbestill", data={"csrf_token": token(browser, location)}).status_code == 303


def office_reply(browser):
    data = {"csrf_token": token(browser, "/_sim/meldinger?trad=s2"), "thread": "s2", "body": "Ring oss.", "close": ""}
    assert browser.post("/_sim/meldinger", data=data).status_code == 303


def switch_off(browser):
    data = {"csrf_token": token(browser, "/_sim/kontor"), "service": "bestill-time:off"}
    assert browser.post("/_sim/kontor/tjeneste", data=data).status_code == 303


def panel_message(browser):
    data = {"csrf_token": token(browser, "/_sim/kontor"), "panel_message": "Kontoret holder stengt i romjulen."}
    assert browser.post("/_sim/kontor", data=data).status_code == 303


def reset_after_a_change(browser):
    switch_off(browser)
    browser.get("/")  # the changed page, cached now
    assert browser.post("/_sim/reset", data={"csrf_token": token(browser)}).status_code == 303


def switch_scenario(browser):
    data = {"csrf_token": token(browser, "/_sim/presenter"), "scenario": "ny-forside"}
    assert browser.post("/_sim/presenter/scenario", data=data).status_code == 303


def see_events(browser):
    assert browser.get("/hendelser").status_code == 200  # a GET that writes: the events are seen now


def open_unread(browser):
    assert browser.get("/innboks/s2").status_code == 200  # a GET that writes: the thread is read now


# (what the writer is, the scenario, what it does, whether the front page itself shows the change).
# Every write counts: the next page is made anew even where it looks the same.
WRITERS = [
    ("office: a service switched off", "alle-tjenester-pa", switch_off, True),
    ("office: the panel's message", "alle-tjenester-pa", panel_message, True),
    ("messages: the patient sends one", "alle-tjenester-pa", send_message, False),
    ("messages: the office replies", "e-konsultasjon-avsluttet", office_reply, False),
    ("messages: an unread one opened", "e-konsultasjon-avsluttet", open_unread, True),
    ("events: seen", "alle-tjenester-av", see_events, True),
    ("booking: a time booked", "ferie-timebestilling", book, False),
    ("booking: a time cancelled", "ferie-timebestilling", cancel, False),
    ("reset", "alle-tjenester-pa", reset_after_a_change, False),  # back to the page it started with
    ("trainer: another scenario", "alle-tjenester-pa", switch_scenario, True),
]


def without_tokens(html: str) -> str:
    """The page with its CSRF tokens left out: two signatures of one browser's
    token differ by the second they were made in, and both are valid."""
    return re.sub(r'("X-CSRFToken": "|name="csrf_token" value=")[^"]+', r"\1…", html)


def fresh_render(app, browser, path="/") -> str:
    """The page as it is made without the cache."""
    cache = app.extensions["portal.pagecache"]
    kept, cache.max_bytes = cache.max_bytes, 0
    try:
        return browser.get(path).get_data(as_text=True)
    finally:
        cache.max_bytes = kept


@pytest.mark.parametrize(("scenario", "write", "shown"), [w[1:] for w in WRITERS], ids=[w[0] for w in WRITERS])
def test_every_writer_makes_the_next_page_new(app, client, start, state, scenario, write, shown):
    start(scenario)
    before = client.get("/").get_data(as_text=True)
    assert client.get("/").get_data(as_text=True) == before  # from the cache now
    version = state()["demo"]["version"]

    write(client)

    assert state()["demo"]["version"] != version
    client.get("/")  # shows the writer's receipt, if it gave one
    after = client.get("/").get_data(as_text=True)
    assert without_tokens(after) == without_tokens(fresh_render(app, client))
    if shown:
        assert without_tokens(after) != without_tokens(before)


def test_what_each_writer_shows_on_the_front_page(client, start):
    start("alle-tjenester-pa")
    assert 'href="/timeavtaler/bestill"' in client.get("/").get_data(as_text=True)
    switch_off(client)
    assert 'href="/timeavtaler/bestill"' not in client.get("/").get_data(as_text=True)
    panel_message(client)
    assert "Kontoret holder stengt i romjulen." in client.get("/").get_data(as_text=True)
    client.post("/_sim/reset", data={"csrf_token": token(client)})
    page = client.get("/").get_data(as_text=True)
    assert 'href="/timeavtaler/bestill"' in page and "Kontoret holder stengt i romjulen." not in page


def test_two_browsers_never_see_each_others_page_or_token(app, start):
    first, second = app.test_client(), app.test_client()
    start("alle-tjenester-pa", browser=first)
    start("e-konsultasjon-avsluttet", browser=second)
    pages = {browser: browser.get("/").get_data(as_text=True) for browser in (first, second)}
    for _ in range(2):  # and again, from the cache
        assert first.get("/").get_data(as_text=True) == pages[first]
        assert second.get("/").get_data(as_text=True) == pages[second]
    assert token_of(pages[first]) != token_of(pages[second])
    switch_off(first)
    assert second.get("/").get_data(as_text=True) == pages[second]
    # Each cached page's token is its own browser's: a form sent with it is taken.
    assert second.post("/_sim/kontor/tjeneste", data={"csrf_token": token_of(pages[second]), "service": "forny-resept:off"}).status_code == 303
    refused = first.post("/_sim/kontor/tjeneste", data={"csrf_token": token_of(pages[second]), "service": "forny-resept:off"})
    assert refused.status_code == 400


def test_a_participant_and_the_trainer_each_get_their_own_render(app, start, state):
    trainer, participant = app.test_client(), app.test_client()
    start("alle-tjenester-pa", browser=trainer)
    trainer.get("/_sim/presenter")
    participant.get(f"/_sim/join/{state(trainer)['demo']['room']}")
    for _ in range(2):
        assert "Nullstill" in trainer.get("/").get_data(as_text=True)
        page = participant.get("/").get_data(as_text=True)
        assert "Forlat demorommet" in page and "Nullstill" not in page


def test_participants_of_one_demo_room_share_its_page_but_each_has_their_own_token(app, start, state):
    trainer = start("alle-tjenester-pa", browser=app.test_client())
    trainer.get("/_sim/presenter")
    room = state(trainer)["demo"]["room"]
    participants = [app.test_client() for _ in range(3)]
    for participant in participants:
        participant.get(f"/_sim/join/{room}")
        participant.get("/")  # the token joins the cookie
    pages = [participant.get("/").get_data(as_text=True) for participant in participants]
    assert len({without_tokens(page) for page in pages}) == 1  # one page, made once
    assert len({token_of(page) for page in pages}) == 3
    for participant, page in zip(participants, pages):  # each leaves the room with the form on their page
        assert participant.post("/_sim/leave", data={"csrf_token": token_of(page)}).status_code == 303


def test_fresh_sandboxes_of_a_scenario_share_its_first_render(app, start):
    from flask import template_rendered

    rendered = []

    def note(_app, template, context, **_extra):
        rendered.append(template.name)

    first, second = app.test_client(), app.test_client()
    start("alle-tjenester-pa", browser=first)
    start("alle-tjenester-pa", browser=second)
    with template_rendered.connected_to(note, app):
        pages = [browser.get("/").get_data(as_text=True) for browser in (first, second)]
    assert rendered.count("home/index.html") == 1  # the second got the first's page, with its own token
    assert without_tokens(pages[0]) == without_tokens(pages[1]) and token_of(pages[0]) != token_of(pages[1])
    switch_off(second)  # a write: the second's pages are its own from now on
    assert 'href="/timeavtaler/bestill"' in first.get("/").get_data(as_text=True)
    assert 'href="/timeavtaler/bestill"' not in second.get("/").get_data(as_text=True)


def test_each_language_gets_its_own_render(client, start):
    start("alle-tjenester-pa")
    bokmal = client.get("/").get_data(as_text=True)
    english = client.get("/?lang=en")
    assert english.headers["Content-Language"] == "en" and 'lang="en"' in english.get_data(as_text=True)
    remembered = client.get("/")  # the browser keeps its choice
    assert remembered.headers["Content-Language"] == "en" and 'lang="en"' in remembered.get_data(as_text=True)
    client.get("/?lang=nb")
    again = client.get("/")
    assert again.headers["Content-Language"] == "nb" and again.get_data(as_text=True) == bokmal


def test_a_logged_out_browser_never_gets_the_logged_in_page(client, start):
    start("alle-tjenester-pa")
    client.get("/")
    assert client.post("/logg-ut", data={"csrf_token": token(client)}).location == "/logget-ut"
    assert client.get("/").status_code == 303


def test_an_htmx_block_and_the_whole_page_are_kept_apart(client, start):
    start("alle-tjenester-pa")
    whole = client.get("/").get_data(as_text=True)
    block = client.get("/", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert client.get("/").get_data(as_text=True) == whole
    assert client.get("/", headers={"HX-Request": "true"}).get_data(as_text=True) == block


def test_a_receipt_is_shown_once_though_the_page_is_cached(client, start):
    start("alle-tjenester-pa")
    client.get("/")
    data = {"csrf_token": token(client, "/_sim/kontor"), "panel_message": "Stengt i romjulen.", "next": "/"}
    assert client.post("/_sim/kontor", data=data).location == "/"
    assert 'class="receipt"' in client.get("/").get_data(as_text=True)
    assert 'class="receipt"' not in client.get("/").get_data(as_text=True)


def test_a_scenario_file_read_again_makes_the_page_new(make_app, tmp_path):
    import shutil

    from portal.config import default_folder

    folder = tmp_path / "scenarios"
    shutil.copytree(default_folder(), folder)
    app = make_app(SCENARIOS_DIR=folder)
    app.extensions["portal.scenario_library"].interval = 0
    client = app.test_client()
    client.get("/_sim/start/alle-tjenester-pa")
    assert "Nødvendig" in client.get("/").get_data(as_text=True)
    path = folder / "alle-tjenester-pa.yaml"
    path.write_text(path.read_text().replace("Nødvendig", "Unødvendig"))
    assert "Unødvendig" in client.get("/").get_data(as_text=True)


def test_the_cache_is_bounded_in_bytes(make_app):
    app = make_app(PAGE_CACHE_BYTES=40_000)
    for _ in range(12):  # twelve browsers, a page of some 6 KB each
        app.test_client().get("/")
    cache = app.extensions["portal.pagecache"]
    assert 0 < cache.bytes <= 40_000 and len(cache) < 12


# In front of Flask: the same request gets the same answer -------------------


@pytest.fixture
def through_flask(app):
    """How many requests reached Flask (the rest were given again in front of it)."""
    seen = []
    app.before_request(lambda: seen.append(1))
    return seen


def log_lines(app, path="/"):
    from sqlalchemy import select

    from portal import db
    from portal.sessionlog.models import SessionEvent
    from portal.sessionlog.store import write_queued

    write_queued()
    with db.engine(app).connect() as connection:
        return connection.scalars(select(SessionEvent.kind).where(SessionEvent.path == path)).all()


def test_the_same_request_again_is_answered_in_front_of_flask_and_logged(app, client, start, through_flask):
    start("alle-tjenester-pa")
    client.get("/")  # the browser's CSRF token joins its cookie here: a new cookie, a new request
    first = client.get("/")
    reached = len(through_flask)
    again = client.get("/")
    assert len(through_flask) == reached  # not through Flask
    assert again.get_data() == first.get_data() and again.headers == first.headers
    assert again.headers["Content-Security-Policy"] and again.headers["Content-Language"] == "nb"
    assert log_lines(app).count("page") == 3  # every view is in the session log


def test_another_instance_s_write_makes_the_next_answer_new(make_app, start):
    here, there = make_app(), make_app()  # two servers on one database
    browser = here.test_client()
    start("alle-tjenester-pa", browser=browser)
    browser.get("/")
    before = browser.get("/").get_data(as_text=True)
    assert browser.get("/").get_data(as_text=True) == before  # given again
    elsewhere = there.test_client()
    elsewhere.set_cookie("portal_session", browser.get_cookie("portal_session").value)
    switch_off(elsewhere)  # the same browser's next request, served by the other instance
    assert 'href="/timeavtaler/bestill"' in before
    assert 'href="/timeavtaler/bestill"' not in browser.get("/").get_data(as_text=True)


def test_a_new_cookie_or_another_header_is_another_request(app, client, start, through_flask):
    start("alle-tjenester-pa")
    client.get("/")
    client.get("/")
    reached = len(through_flask)
    client.get("/", headers={"Accept-Language": "en"})  # not asked before: Flask answers
    assert len(through_flask) == reached + 1
    other = app.test_client()
    start("alle-tjenester-pa", browser=other)
    other.get("/")
    assert token_of(other.get("/").get_data(as_text=True)) != token_of(client.get("/").get_data(as_text=True))


def test_a_sandbox_not_seen_this_hour_is_noted_by_flask_not_given_again(app, client, start):
    import datetime as dt

    from sqlalchemy import select, update

    from portal import db
    from portal.models import Sandbox

    start("alle-tjenester-pa")
    client.get("/")
    client.get("/")
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(hours=3)
    with db.engine(app).begin() as connection:
        connection.execute(update(Sandbox).values(seen_at=long_ago))
    client.get("/")  # the same request as before, but its sandbox was last seen hours ago
    with db.engine(app).connect() as connection:
        assert connection.scalar(select(Sandbox.seen_at)) > long_ago + dt.timedelta(hours=2)
