"""PORTAL_PASSWORD in a real browser against ``portal serve``: logging in, a
stranger who sees only the login page, a participant who follows a demo room
by its link without the password, the header for test clients, rate limits
shared by two instances, and links from another site that ask first."""

import re
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from portal.pytest_plugin import Sim
from portal.testing import SimServer
from tests.reverse_proxy import PREFIX, ReverseProxy, deployed_settings

PASSWORD = "kurs-på-fredag"
AUTH = {"X-Portal-Password": quote(PASSWORD)}  # percent-encoded: «å» is not ASCII
LOGIN_HEADING = "Logg inn i simulatoren"
SWITCH = "Tilbyr tjenesten: Reseptfornyelse"
OTHER_SITE = "http://andre-nettsted.test/"


@pytest.fixture(scope="module")
def locked(databases):
    """A simulator behind a password."""
    with SimServer(database_url=databases.new(), settings={"PORTAL_PASSWORD": PASSWORD}) as server:
        yield server


@pytest.fixture
def new_page(browser):
    """``new_page(url, **context_options)``: a page in a browser of its own (its own cookies)."""
    contexts = []

    def new(base_url, **options):
        contexts.append(browser.new_context(base_url=base_url, locale="nb-NO", **options))
        return contexts[-1].new_page()

    yield new
    for context in contexts:
        context.close()


def expect_login_page(page):
    expect(page.get_by_role("heading", level=1)).to_have_text(LOGIN_HEADING)
    expect(page).to_have_url(re.compile(r"/_sim/logg-inn\?next="))
    expect(page.get_by_role("complementary", name="Simulator")).to_have_count(0)


def link_on_another_site(page, target: str, text: str):
    """Open a page of another site (served by the browser itself) that links to ``target``, and follow the link."""
    page.route(OTHER_SITE, lambda route: route.fulfill(content_type="text/html; charset=utf-8", body=f'<!doctype html><title>Annet nettsted</title><a href="{target}">{text}</a>'))
    page.goto(OTHER_SITE)
    page.get_by_role("link", name=text).click()


def test_the_trainer_logs_in_a_stranger_sees_only_the_login_page_a_participant_follows_by_link(locked, new_page, assert_accessible):
    trainer = new_page(locked.url)
    trainer.goto("/_sim/presenter")
    expect_login_page(trainer)
    assert_accessible(trainer)

    trainer.get_by_label("Passord").fill("kurs-på-torsdag")
    trainer.get_by_role("button", name="Logg inn").click()
    expect(trainer.get_by_role("alert")).to_contain_text("Passordet er feil.")
    expect(trainer.get_by_label("Passord")).to_have_accessible_description(re.compile("Passordet er feil"))
    assert_accessible(trainer)
    trainer.get_by_label("Passord").fill(PASSWORD)
    trainer.get_by_role("button", name="Logg inn").click()
    expect(trainer).to_have_url(f"{locked.url}/_sim/presenter")  # where it was going
    room = trainer.get_by_role("region", name="Demorom")
    expect(room).to_contain_text("Deltakerne trenger ikke passordet")
    link = room.get_by_role("link").first.get_attribute("href")
    assert re.fullmatch(rf"{locked.url}/_sim/join/[A-Z2-9]{{8}}", link)

    stranger = new_page(locked.url)
    for path in ("/", "/innboks", "/_sim/", "/_sim/kontor", "/_sim/presenter", "/_sim/demo", "/_sim/start/ny-forside"):
        stranger.goto(path)
        expect_login_page(stranger)

    participant = new_page(locked.url)
    participant.goto(link)
    expect(participant).to_have_url(f"{locked.url}/_sim/demo")
    patient = participant.get_by_role("region", name="Pasientens side")
    expect(patient.get_by_role("link", name="Forny resept")).to_be_visible()
    expect(participant.get_by_role("complementary", name="Simulator").get_by_role("link", name="Kontrollpanel")).to_have_count(0)
    assert_accessible(participant)

    # The participant follows the trainer's change, through the password's check on every poll.
    trainer.goto("/_sim/kontor/journalsystem")
    trainer.get_by_role("switch", name=SWITCH).click()
    expect(patient.get_by_role("link", name="Forny resept")).to_have_count(0, timeout=15_000)

    participant.goto("/")
    expect(participant.get_by_role("heading", level=1)).to_have_text(re.compile("^Hei, "))
    for path in ("/_sim/", "/_sim/kontor", "/_sim/state", "/_sim/start/ny-forside"):
        participant.goto(path)
        expect_login_page(participant)


def test_a_test_client_sends_the_password_in_a_header(locked, new_page):
    page = new_page(locked.url, extra_http_headers=AUTH)
    sim = Sim(locked.url)
    sim.start(page, "ny-forside", "/fastlegetjenester")
    expect(page.get_by_role("heading", level=1)).to_have_text("Fastlegetjenester")
    assert sim.state(page).scenario.id == "ny-forside"

    wrong = new_page(locked.url, extra_http_headers={"X-Portal-Password": "gjett"})
    response = wrong.goto("/")
    assert response.status == 401
    expect(wrong.get_by_role("heading", level=1)).to_have_text("Feil passord")


def test_wrong_passwords_are_counted_across_instances_then_429(databases, new_page, assert_accessible):
    """Two instances on one database, as behind a load balancer: five wrong
    passwords at each make ten, and the eleventh attempt, the right password,
    is refused with 429."""
    database_url = databases.new()
    settings = {"PORTAL_PASSWORD": PASSWORD, "PORTAL_SECRET_KEY": "de-samme-nøklene-på-alle-instansene"}
    with SimServer(database_url=database_url, settings=settings) as first, SimServer(database_url=database_url, settings=settings, workers=1) as second:
        for server in (first, second, first, second, first, second, first, second, first, second):
            page = new_page(server.url)
            page.goto("/_sim/logg-inn")
            page.get_by_label("Passord").fill("gjett")
            with page.expect_response(re.compile(r"/_sim/logg-inn$")) as answer:
                page.get_by_role("button", name="Logg inn").click()
            assert answer.value.status == 422
        page = new_page(first.url)
        page.goto("/_sim/logg-inn")
        page.get_by_label("Passord").fill(PASSWORD)
        with page.expect_response(re.compile(r"/_sim/logg-inn$")) as answer:
            page.get_by_role("button", name="Logg inn").click()
        assert answer.value.status == 429
        assert 500 <= int(answer.value.headers["retry-after"]) <= 600
        expect(page.get_by_role("alert")).to_contain_text("For mange forsøk med feil passord. Vent 10 minutter og prøv igjen.")
        expect(page.get_by_label("Passord")).to_have_accessible_description("For mange forsøk med feil passord. Vent 10 minutter og prøv igjen.")
        assert_accessible(page)


def test_a_link_on_another_site_asks_before_it_starts_a_scenario(page, base_url, sim, assert_accessible):
    link_on_another_site(page, f"{base_url}/_sim/start/ny-forside?next=/fastlegetjenester", "Prøv simulatoren")
    expect(page.get_by_role("heading", level=1)).to_have_text("Vil du starte scenarioet «Ny forside for fastlegetjenestene»?")
    expect(page.get_by_role("main")).to_contain_text("Du kom hit fra en lenke på en annen nettside.")
    assert_accessible(page)
    page.get_by_role("button", name="Start scenarioet").click()
    expect(page).to_have_url(f"{base_url}/fastlegetjenester")
    assert sim.state(page).scenario.id == "ny-forside"


def test_a_link_on_another_site_asks_before_it_joins_a_room(locked, new_page, assert_accessible):
    trainer = new_page(locked.url, extra_http_headers=AUTH)
    trainer.goto("/_sim/presenter")
    code = trainer.get_by_role("region", name="Demorom").locator(".room-code").inner_text().replace(" ", "")

    participant = new_page(locked.url)
    link_on_another_site(participant, f"{locked.url}/_sim/join/{code}", "Bli med i webinaret")
    expect(participant.get_by_role("heading", level=1)).to_have_text(f"Vil du bli med i demorommet {code[:4]} {code[4:]}?")
    assert_accessible(participant)
    participant.get_by_role("button", name="Bli med i demorommet").click()
    expect(participant).to_have_url(f"{locked.url}/_sim/demo")
    expect(participant.get_by_role("region", name="Pasientens side")).to_be_visible()


def test_through_nginx_under_a_prefix_the_trainer_logs_in_and_a_participant_joins_without_the_password(databases, browser):
    """The shipped nginx site and settings with a password: https, the prefix /sim."""
    settings = {**deployed_settings(), "PORTAL_PASSWORD": PASSWORD}
    with SimServer(database_url=databases.new(), settings=settings) as instance, ReverseProxy([[f"127.0.0.1:{instance.port}"]]) as proxy:
        site = proxy.sites[0]
        contexts = [browser.new_context(locale="nb-NO", ignore_https_errors=True) for _ in range(2)]
        trainer, participant = (context.new_page() for context in contexts)

        trainer.goto(f"{site.url}/_sim/presenter")
        expect(trainer).to_have_url(f"{site.url}/_sim/logg-inn?next=/_sim/presenter")
        trainer.get_by_label("Passord").fill(PASSWORD)
        trainer.get_by_role("button", name="Logg inn").click()
        expect(trainer).to_have_url(f"{site.url}/_sim/presenter")
        cookie = next(c for c in contexts[0].cookies() if c["name"] == "portal_session")
        assert (cookie["secure"], cookie["path"]) == (True, f"{PREFIX}/")

        link = trainer.get_by_role("region", name="Demorom").get_by_role("link").first.get_attribute("href")
        assert re.fullmatch(rf"{re.escape(site.url)}/_sim/join/[A-Z2-9]{{8}}", link)
        participant.goto(link)
        expect(participant).to_have_url(f"{site.url}/_sim/demo")
        expect(participant.get_by_role("region", name="Pasientens side").get_by_role("link", name="Forny resept")).to_be_visible()
        participant.goto(f"{site.url}/_sim/kontor")
        expect(participant).to_have_url(f"{site.url}/_sim/logg-inn?next=/_sim/kontor")
        for context in contexts:
            context.close()
