"""The header as a patient uses it: Meny, Søk, the user's menu, Logg ut and Logg inn."""

import re

import pytest
from playwright.sync_api import expect

AREAS = ["Forside", "Innboks", "Timeavtaler", "Helsekontakter", "Fastlegen"]


@pytest.fixture
def no_js_page(browser, base_url):
    """A browser with JavaScript off (axe needs it on: check those pages in ``page``)."""
    context = browser.new_context(base_url=base_url, java_script_enabled=False, locale="nb-NO")
    yield context.new_page()
    context.close()


def header(page):
    return page.get_by_role("banner")


def toggle(page, name):
    """The header's disclosure button ``name`` (an open Søk panel has a «Søk» button of its own)."""
    return header(page).get_by_role("button", name=name, exact=True).first


def test_the_logo_leads_to_the_front_page(page, start):
    start("ny-forside", "/fastlegetjenester")
    header(page).get_by_role("link", name="helsenorge – forsiden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hei Tora,")


def test_the_menu_is_a_disclosure_used_by_keyboard(page, start, assert_accessible):
    start("alle-tjenester-pa")
    menu_button = toggle(page, "Meny")
    expect(menu_button).to_have_attribute("aria-expanded", "false")
    expect(page.get_by_role("navigation", name="Meny")).to_have_count(0)

    menu_button.focus()
    page.keyboard.press("Enter")
    expect(menu_button).to_have_attribute("aria-expanded", "true")
    menu = page.get_by_role("navigation", name="Meny")
    expect(menu.get_by_role("link")).to_have_text(AREAS)
    expect(menu.get_by_role("link", name="Forside")).to_have_attribute("aria-current", "page")
    assert_accessible(page)

    page.keyboard.press("Tab")
    expect(menu.get_by_role("link", name="Forside")).to_be_focused()
    page.keyboard.press("Escape")
    expect(menu_button).to_have_attribute("aria-expanded", "false")
    expect(menu).to_have_count(0)
    expect(menu_button).to_be_focused()

    page.keyboard.press("Space")
    expect(menu_button).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(menu.get_by_role("link", name="Innboks")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/innboks$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Innboks")


def test_one_panel_at_a_time_and_a_click_elsewhere_closes_it(page, start):
    start("alle-tjenester-pa")
    menu_button = toggle(page, "Meny")
    search_button = toggle(page, "Søk")
    menu_button.click()
    search_button.click()
    expect(menu_button).to_have_attribute("aria-expanded", "false")
    expect(search_button).to_have_attribute("aria-expanded", "true")
    page.mouse.click(5, 500)  # the page's left margin, below the header
    expect(search_button).to_have_attribute("aria-expanded", "false")
    expect(page.get_by_role("search")).to_have_count(0)


def test_fastlegen_in_the_menu_is_the_new_front_pages_gp_services(page, start):
    start("ny-forside")
    toggle(page, "Meny").click()
    page.get_by_role("navigation", name="Meny").get_by_role("link", name="Fastlegen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Fastlegetjenester")


def test_without_javascript_the_menu_is_a_page(no_js_page, sim):
    page = no_js_page
    sim.start(page, "alle-tjenester-pa", "/timeavtaler")
    header(page).get_by_role("link", name="Meny").click()
    expect(page).to_have_url(re.compile(r"/meny$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Meny")
    menu = page.get_by_role("main").get_by_role("navigation", name="Meny")
    expect(menu.get_by_role("link")).to_have_text(AREAS)
    menu.get_by_role("link", name="Helsekontakter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Helsekontaktene dine")


def test_search_from_the_header_finds_the_services_that_are_on(page, start, assert_accessible):
    start("alle-tjenester-pa")
    toggle(page, "Søk").click()
    field = header(page).get_by_role("searchbox", name="Søk på Helsenorge")
    expect(field).to_be_focused()
    assert_accessible(page)
    field.fill("resept")
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/sok\?q=resept$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Søk")
    expect(page.get_by_role("main").get_by_role("searchbox", name="Søk på Helsenorge")).to_have_value("resept")
    results = page.get_by_role("region", name="1 treff på «resept»")
    expect(results.get_by_role("link")).to_have_text(["Forny resept"])
    assert_accessible(page)
    results.get_by_role("link", name="Forny resept").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Forny resept")


def test_search_puts_pages_with_the_word_in_their_title_first(page, start):
    start("alle-tjenester-pa", "/sok?q=legekontoret")
    results = page.get_by_role("region", name=re.compile("treff på «legekontoret»")).get_by_role("link")
    expect(results).to_have_text(
        ["Kontakt legekontoret", "Innboks", "Timeavtaler", "Fastlegen din", "Bestill time", "Forny resept", "Start e-konsultasjon"]
    )


def test_search_wants_every_word(page, start):
    start("alle-tjenester-pa", "/sok?q=time+video")
    expect(page.get_by_role("region", name="1 treff på «time video»").get_by_role("link")).to_have_text(["Bestill time"])


def test_search_leaves_out_services_that_are_off(page, start, assert_accessible):
    start("alle-tjenester-av", "/sok?q=resept")
    expect(page.get_by_role("heading", name="Ingen treff på «resept»")).to_be_visible()
    expect(page.get_by_text("Prøv et annet ord")).to_be_visible()
    assert_accessible(page)


def test_search_works_without_javascript(no_js_page, sim):
    page = no_js_page
    sim.start(page, "anbefalt-losning-2")
    header(page).get_by_role("link", name="Søk").click()
    page.get_by_role("main").get_by_role("searchbox", name="Søk på Helsenorge").fill("kalender")
    page.get_by_role("main").get_by_role("button", name="Søk").click()
    expect(page.get_by_role("region", name="1 treff på «kalender»").get_by_role("link")).to_have_text(["Bestill time"])


def test_a_too_long_search_is_refused_next_to_the_field(page, start, assert_accessible):
    start("alle-tjenester-pa")
    response = page.goto("/sok?q=" + "a" * 201)
    assert response.status == 422
    expect(page.get_by_role("alert")).to_contain_text("Søket kan ha høyst 200 tegn.")
    expect(page.get_by_role("main").get_by_role("searchbox")).to_have_value("a" * 201)
    assert_accessible(page)


def test_logging_out_and_in_keeps_the_sandbox(page, start, sim, assert_accessible):
    start("ny-forside")
    before = sim.state(page)
    user = toggle(page, "Tora Hansen")
    user.click()
    expect(user).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#user-menu")).to_contain_text("Innlogget som Tora Hansen")
    assert_accessible(page)
    page.locator("#user-menu").get_by_role("button", name="Logg ut").click()

    expect(page).to_have_url(re.compile(r"/logget-ut$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Du er logget ut")
    expect(header(page).get_by_role("button")).to_have_count(0)  # no Meny, Søk or user
    assert_accessible(page)
    assert sim.state(page)["login"] == {"logged_in": False}
    for path in ("/", "/innboks", "/fastlegetjenester", "/sok?q=time", "/meny"):
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_have_text("Du er logget ut")

    page.get_by_role("button", name="Logg inn").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hei Tora,")
    after = sim.state(page)
    assert after.sandbox == before.sandbox
    assert after["login"] == {"logged_in": True}


def test_logg_ut_beside_the_name_on_a_wide_screen(page, start):
    page.set_viewport_size({"width": 1280, "height": 800})
    start("alle-tjenester-pa")
    header(page).get_by_role("button", name="Logg ut").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Du er logget ut")


def test_a_reset_logs_back_in(page, start):
    start("anbefalt-losning-1")
    toggle(page, "Grådig").click()
    page.locator("#user-menu").get_by_role("button", name="Logg ut").click()
    page.get_by_role("complementary", name="Simulator").get_by_role("button", name="Nullstill").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hei, Grådig")


def test_logging_out_and_in_without_javascript(no_js_page, sim):
    page = no_js_page
    sim.start(page, "alle-tjenester-pa")
    header(page).get_by_role("link", name="Nødvendig").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nødvendig")
    page.get_by_role("main").get_by_role("button", name="Logg ut").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Du er logget ut")
    page.get_by_role("button", name="Logg inn").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hei, Nødvendig")


@pytest.mark.parametrize("path", ["/meny", "/profil"])
def test_the_menus_own_pages_are_accessible(page, start, assert_accessible, path):
    start("ny-forside", path)
    assert_accessible(page)
