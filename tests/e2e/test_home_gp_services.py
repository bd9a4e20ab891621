"""The new front page for GP services and the absence solution, as a patient sees them."""

import re

from playwright.sync_api import expect

CARDS = {
    "Bestille time": "For konsultasjon på legekontoret, eller på video hvis legen tilbyr dette.",
    "Starte e-konsultasjon": "For situasjoner som fastlegen kjenner til, og som ikke krever personlig oppmøte.",
    "Fornye resept": "Gjelder bare resepter du har fått tidligere.",
    "Kontakte legekontoret": "Still et praktisk spørsmål til resepsjonen. Du får ikke helsehjelp her.",
}
E_CONSULTATION_NOTE = 'E-konsultasjon vil kunne være stengt for noen av legene i perioder (bl.a. i helger og ferier). Benytt da "kontakt legekontoret".'


def test_new_front_page_leads_to_the_gp_services_page(page, start):
    start("ny-forside")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hei Tora,")
    expect(page.get_by_text("Du har nye meldinger")).to_contain_text("1")
    expect(page.get_by_text("Du har nye hendelser")).to_be_visible()
    expect(page.get_by_text("Kontaktene dine i helsetjenesten")).to_be_visible()
    expect(page.get_by_role("link", name="Se alle helsekontakter")).to_be_visible()
    expect(page.get_by_text("Se hvilke tjenester fastlegen tilbyr")).to_be_visible()

    page.get_by_role("link", name="Fastlegen din").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Fastlegetjenester")
    expect(page.get_by_role("link", name="Forside", exact=True)).to_be_visible()
    expect(page.get_by_text("Fastlege Knut Andersen ved Ekeberg legekontor")).to_be_visible()
    expect(page.get_by_role("region", name="Informasjon fra legekontoret")).to_contain_text(E_CONSULTATION_NOTE)
    expect(page.get_by_role("heading", name="Hva trenger du?")).to_be_visible()


def test_gp_services_page_has_the_urgent_line_cards_and_office(page, start):
    start("ny-forside", "/fastlegetjenester")
    for name, number in (("113", "113"), ("22 66 99 00", "22669900"), ("116 117", "116117")):
        expect(page.locator(".urgent-line").get_by_role("link", name=name, exact=True)).to_have_attribute("href", f"tel:{number}")
    cards = page.locator(".service-cards").get_by_role("listitem")
    expect(cards.get_by_role("heading")).to_have_text(list(CARDS))
    for title, text in CARDS.items():
        expect(cards.filter(has=page.get_by_role("link", name=title))).to_contain_text(text)

    office = page.get_by_role("region", name="Ekeberg legekontor")
    expect(office).to_contain_text("Dronningsgata 54a, 05694 Oslo")
    expect(office.get_by_role("link", name="22 67 09 64")).to_have_attribute("href", "tel:22670964")
    expect(page.get_by_role("link", name="Les mer om fastlegen din")).to_have_attribute("href", "/fastlege")

    page.get_by_role("link", name="Fornye resept").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Forny resept")


def test_gp_services_page_follows_the_panels_rules(page, start):
    start("alle-tjenester-av", "/fastlegetjenester")
    expect(page.locator(".service-cards")).to_have_count(0)
    expect(page.get_by_role("region", name="Informasjon fra legekontoret")).to_have_count(0)
    expect(page.get_by_text("Din fastlege tilbyr ikke timebestilling og dialog på Helsenorge")).to_be_visible()

    start("anbefalt-losning-1", "/fastlegetjenester")
    expect(page.locator(".service-cards").get_by_role("heading")).to_have_text(["Kontakte legekontoret"])
    expect(page.get_by_role("region", name="Informasjon fra legekontoret")).to_contain_text("Vi avvikler ferie frem til 2. januar")


def test_absence_keeps_the_button_and_tells_the_patient_on_the_service_page(page, start):
    start("fravaer")
    panel = page.get_by_role("region", name="Fastlegen din er Astrid")
    expect(panel.get_by_role("link", name="Forny resept")).to_be_visible()
    expect(panel.get_by_role("region", name="Informasjon fra legekontoret")).to_be_visible()

    panel.get_by_role("link", name="Forny resept").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Forny resept")
    absence = page.get_by_role("region", name="Legekontoret har fravær")
    expect(absence).to_contain_text("Legekontoret har juleferie frem til 2. januar og fornyer ikke resepter")
    expect(absence.get_by_role("heading", name="Hva kan du gjøre i stedet?")).to_be_visible()
    expect(absence.get_by_role("link", name="999 99 999")).to_have_attribute("href", "tel:99999999")
    expect(page.get_by_role("textbox")).to_have_count(0)  # nothing to send while the office is away
    expect(page.get_by_role("button", name="Send")).to_have_count(0)

    # A service that is not absent still has its ordinary page.
    page.goto("/tjenester/kontakt-legekontoret")
    expect(page.get_by_role("region", name="Legekontoret har fravær")).to_have_count(0)

    services = {s["id"]: s for s in page.request.get("/_sim/state").json()["services"]}
    assert services["forny-resept"]["status"] == "absent" and services["forny-resept"]["on"] is True
    assert services["kontakt-legekontoret"]["status"] == "on"


def test_absence_shows_on_the_gp_services_cards_and_in_the_trainers_table(page, start):
    start("fravaer", "/fastlegetjenester")
    card = page.locator(".service-cards").get_by_role("listitem").filter(has=page.get_by_role("link", name="Fornye resept"))
    expect(card).to_contain_text("Legekontoret har fravær")
    page.goto("/_sim/")
    item = page.get_by_role("listitem").filter(has=page.get_by_role("heading", name="Fraværsløsning i julen", exact=True))
    rows = item.get_by_role("table").locator("tbody").get_by_role("row")
    expect(rows.filter(has_text="Forny resept").get_by_role("cell").first).to_have_text("Fravær")
    expect(rows.filter(has_text="Bestill time").get_by_role("cell").first).to_have_text("På")


def test_new_front_pages_are_accessible(page, start, assert_accessible):
    start("ny-forside")
    assert_accessible(page)
    page.goto("/fastlegetjenester")
    assert_accessible(page)
    start("fravaer", "/tjenester/forny-resept")
    assert_accessible(page)
    page.goto("/fastlegetjenester")
    assert_accessible(page)


def test_gp_services_page_fits_a_phone(page, start):
    page.set_viewport_size({"width": 375, "height": 800})
    start("ny-forside", "/fastlegetjenester")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    expect(page).to_have_url(re.compile("/fastlegetjenester$"))
