"""The four webinar scenarios' front pages, as a patient sees them."""

import re

import pytest
from playwright.sync_api import expect

BUTTONS = ["Bestill time", "Forny resept", "Start e-konsultasjon", "Kontakt legekontoret"]
ALL_OFF_TEXT = "Din fastlege tilbyr ikke timebestilling og dialog på Helsenorge, men kan ha andre digitale kontaktmuligheter på sin hjemmeside."
PANEL_MESSAGE = (
    "Vi avvikler ferie frem til 2. januar, og flere tjenester er derfor ikke tilgjengelig. Hvis du trenger å fornye "
    "en resept kan du ringe oss på 999 99 999. Kontakt legevakten på 116 117 ved akutt sykdom."
)


@pytest.mark.parametrize(
    "scenario, name, gp, buttons, info_box",
    [
        ("alle-tjenester-pa", "Nødvendig", "Astrid", BUTTONS, True),
        ("alle-tjenester-av", "Line", "Mathias", [], False),
        ("anbefalt-losning-1", "Grådig", "Astrid", ["Kontakt legekontoret"], True),
        ("anbefalt-losning-2", "Kurt Håkon", "Astrid", ["Bestill time"], True),
    ],
)
def test_front_page_shows_what_the_webinar_shows(page, start, scenario, name, gp, buttons, info_box):
    start(scenario)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hei, {name}")
    panel = page.get_by_role("region", name=f"Fastlegen din er {gp}")
    expect(panel).to_be_visible()

    for button in BUTTONS:
        link = panel.get_by_role("link", name=button, exact=True)
        expect(link).to_have_count(1 if button in buttons else 0)
    expect(panel.get_by_role("listitem").filter(has=page.locator("a.button"))).to_have_text(buttons)

    info = panel.get_by_role("region", name="Informasjon fra legekontoret")
    if info_box:
        expect(info).to_contain_text(PANEL_MESSAGE)
        expect(panel.get_by_text(ALL_OFF_TEXT)).to_have_count(0)
    else:
        expect(info).to_have_count(0)
        expect(panel.get_by_text(ALL_OFF_TEXT)).to_be_visible()
    expect(panel.get_by_role("link", name="Se informasjon om fastlegen din")).to_be_visible()
    expect(panel.get_by_role("link", name="Se alle helsekontaktene dine")).to_be_visible()


def test_new_messages_and_events_show_where_the_scenario_has_them(page, start):
    start("alle-tjenester-av")
    expect(page.get_by_text("Du har nye meldinger")).to_contain_text("3102")
    expect(page.get_by_text("Du har nye hendelser")).to_be_visible()
    start("anbefalt-losning-2")
    expect(page.get_by_text("Du har nye meldinger")).to_contain_text("3")
    expect(page.get_by_text("Du har nye hendelser")).to_have_count(0)
    start("anbefalt-losning-1")
    expect(page.get_by_text("Du har nye meldinger")).to_have_count(0)


def test_a_service_button_leads_to_its_page_with_the_offices_message(page, start):
    start("anbefalt-losning-1")
    page.get_by_role("link", name="Kontakt legekontoret").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kontakt DDFL Test")  # the seed's contact form
    expect(page.get_by_role("region", name="Informasjon fra fastlegekontoret")).to_contain_text("Legekontoret avvikler ferie frem til 2. januar.")


def test_two_browsers_on_two_scenarios_stay_isolated(browser, base_url):
    first = browser.new_context(base_url=base_url)
    second = browser.new_context(base_url=base_url)
    try:
        one, two = first.new_page(), second.new_page()
        one.goto("/_sim/start/alle-tjenester-av")
        two.goto("/_sim/start/anbefalt-losning-2")
        one.reload()
        expect(one.get_by_role("heading", level=1)).to_have_text("Hei, Line")
        expect(two.get_by_role("heading", level=1)).to_have_text("Hei, Kurt Håkon")
        expect(one.get_by_role("link", name="Bestill time")).to_have_count(0)
        expect(two.get_by_role("link", name="Bestill time")).to_be_visible()
        assert one.request.get("/_sim/state").json()["scenario"]["id"] == "alle-tjenester-av"
        assert two.request.get("/_sim/state").json()["scenario"]["id"] == "anbefalt-losning-2"
    finally:
        first.close()
        second.close()


def test_front_page_is_accessible(page, start, assert_accessible):
    for scenario in ("alle-tjenester-pa", "alle-tjenester-av"):
        start(scenario)
        assert_accessible(page)


def test_front_page_fits_a_phone(page, start):
    page.set_viewport_size({"width": 375, "height": 800})
    start("alle-tjenester-pa")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    box = page.get_by_role("link", name="Kontakt legekontoret").bounding_box()
    assert box["width"] > 300  # full-width buttons on a phone
