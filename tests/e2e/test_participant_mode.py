"""A UX test's participant sees only the portal; the tester works from /_sim/
in another tab. «Nullstill» lands on a page that is there after the reset."""

import re

from playwright.sync_api import expect


def no_simulator(page):
    expect(page.get_by_role("complementary", name="Simulator")).to_have_count(0)
    expect(page.locator("a[href*='/_sim']")).to_have_count(0)
    expect(page.get_by_role("button", name="Nullstill")).to_have_count(0)


def test_the_participant_sees_no_simulator_and_the_tester_resets_from_another_tab(page, assert_accessible):
    page.goto("/_sim/start/anbefalt-losning-1?participant=1")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hei, Grådig")
    no_simulator(page)
    assert_accessible(page)
    page.get_by_role("link", name="Kontakt legekontoret").click()
    page.get_by_label("Emne").fill("Parkering")
    page.get_by_label("Din melding").fill("Hvor kan jeg parkere?")
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Parkering")
    no_simulator(page)

    tester = page.context.new_page()  # the same browser: the tester's tab
    tester.goto("/_sim/")
    expect(tester.get_by_text("Deltakermodus: pasientens sider viser ikke simulatoren.")).to_be_visible()
    tester.goto("/_sim/logg")
    expect(tester.get_by_role("region", name="Deltaker 1")).to_contain_text("/kontakt-legekontoret")
    tester.goto("/_sim/")
    tester.get_by_role("button", name="Nullstill til start").click()
    expect(tester.get_by_role("heading", level=1)).to_have_text("Simulatorens kontrollpanel")

    page.goto("/innboks")
    expect(page.get_by_text("Du har ingen meldinger.")).to_be_visible()
    no_simulator(page)
    assert page.request.get("/_sim/state").json()["participant"] is True


def test_the_dashboards_switch_starts_a_scenario_for_a_participant(page):
    page.goto("/_sim/")
    switch = page.get_by_role("switch", name=re.compile("Deltakermodus"))
    switch.check()
    page.get_by_role("button", name="Start Ny forside for fastlegetjenestene").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hei Tora,")
    no_simulator(page)
    page.goto("/_sim/")
    expect(page.get_by_role("switch", name=re.compile("Deltakermodus"))).not_to_be_checked()
    page.get_by_role("button", name="Start Alle tjenester på").click()
    expect(page.get_by_role("complementary", name="Simulator")).to_be_visible()


def test_nullstill_from_a_thread_lands_on_the_inbox(page, start):
    start("alle-tjenester-pa", "/kontakt-legekontoret")
    page.get_by_label("Emne").fill("Endre time")
    page.get_by_label("Din melding").fill("Kan jeg flytte timen?")
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page).to_have_url(re.compile(r"/innboks/m\d+$"))
    page.get_by_role("complementary", name="Simulator").get_by_role("button", name="Nullstill").click()
    expect(page).to_have_url(re.compile(r"/innboks$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Innboks")
    expect(page.get_by_text("Fant ikke siden")).to_have_count(0)


def test_nullstill_from_an_appointment_lands_on_timeavtaler(page, start):
    start("alle-tjenester-pa", "/timeavtaler/bestill/astrid/bekreft?tid=2023-12-13T08:30")
    page.get_by_role("textbox", name="Hva gjelder timen?").fill("Kontroll")
    page.get_by_role("button", name="Bekreft time").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("13. desember 2023, kl. 08:30")
    page.get_by_role("complementary", name="Simulator").get_by_role("button", name="Nullstill").click()
    expect(page).to_have_url(re.compile(r"/timeavtaler$"))
    expect(page.get_by_text("Du har ingen kommende timer.")).to_be_visible()
