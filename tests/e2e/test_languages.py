"""The portal in nynorsk and English in a real browser: the front page, a
message form with an error, Velg time, Forny resept, the office's Helsetilbud
and the journal system, the events and an error page, each checked by axe; the
language links without JavaScript; the browser's own language."""

import re

import pytest
from playwright.sync_api import expect

# What a reader of each language meets, page by page.
WORDS = {
    "nn": {
        "hello": "Hei, Nødvendig",
        "panel": "Fastlegen din er Astrid",
        "buttons": ["Bestill time", "Forny resept", "Start e-konsultasjon", "Kontakt legekontoret"],
        "panel_info": "Informasjon frå legekontoret",
        "panel_text": "Vi har ferie fram til 2. januar",
        "menu": "Meny",
        "languages": "Språk",
        "language": "Nynorsk",
        "subject": "Emne",
        "message": "Meldinga di",
        "counter": "3/1000 teikn",
        "summary": "Sjekk at alt er rett fylt ut:",
        "no_subject": "Skriv eit emne.",
        "no_body": "Skriv ei melding.",
        "choose_time": "Vel time",
        "practitioner": "Fastlege Astrid",
        "continue": "Gå vidare",
        "month": "Desember 2023",
        "monday": "måndag",
        "day": "13. desember, ledige timar",
        "slots": "Ledige timar 13. des. 2023",
        "slot": "08:00 Hastetime 15 min",
        "editor": "Helsetilbod",
        "section": "Reseptfornying",
        "switch": "Tilbyr tenesta: Reseptfornying",
        "panel_field": "Tilleggsinformasjon frå legekontor (Helsekontakt inkl. fastlegepanel)",
        "save": "Lagre",
        "too_long": "Feltet kan berre innehalde 200 teikn!",
        "saved": "Endringane er lagra.",
        "journal": "Journalsystemet (simulert)",
        "renew": "Kva for reseptar vil du fornye?",
        "prescription": "Ventoline 0,1 mg/dose inhalasjonsaerosol",
        "about": "Ingen uttak att · Skriven ut av Astrid (fastlege)",
        "none_chosen": "Vel minst éin resept du vil fornye.",
        "renewal": "Fornying av Levaxin",
        "asked": "Reseptar du vil fornye:",
        "events": "Hendingar",
        "event": "Resept utlevert",
        "event_date": "6. des. 2023, kl. 16:45",
        "not_found": "Fann ikkje sida",
        "home": "Gå til framsida",
    },
    "en": {
        "hello": "Hello, Nødvendig",
        "panel": "Your GP is Astrid",
        "buttons": ["Book an appointment", "Renew prescription", "Start an e-consultation", "Contact the GP office"],
        "panel_info": "Information from the GP office",
        "panel_text": "We are on holiday until 2 January",
        "menu": "Menu",
        "languages": "Language",
        "language": "English",
        "subject": "Subject",
        "message": "Your message",
        "counter": "3/1000 characters",
        "summary": "Check that everything is filled in correctly:",
        "no_subject": "Write a subject.",
        "no_body": "Write a message.",
        "choose_time": "Choose a time",
        "practitioner": "GP Astrid",
        "continue": "Continue",
        "month": "December 2023",
        "monday": "Monday",
        "day": "13 December, free appointments",
        "slots": "Free appointments 13 Dec 2023",
        "slot": "08:00 Urgent appointment 15 min",
        "editor": "Health services",
        "section": "Prescription renewal",
        "switch": "Offers the service: Prescription renewal",
        "panel_field": "Additional information from the GP office (Health contact incl. GP panel)",
        "save": "Save",
        "too_long": "The field can only hold 200 characters!",
        "saved": "The changes are saved.",
        "journal": "The record system (simulated)",
        "renew": "Which prescriptions do you want to renew?",
        "prescription": "Ventoline 0.1 mg/dose inhalation aerosol",
        "about": "No dispensings left · Prescribed by Astrid (GP)",
        "none_chosen": "Choose at least one prescription you want to renew.",
        "renewal": "Renewal of Levaxin",
        "asked": "Prescriptions you want to renew:",
        "events": "Events",
        "event": "Prescription dispensed",
        "event_date": "6 Dec 2023, at 16:45",
        "not_found": "Page not found",
        "home": "Go to the home page",
    },
}
LANGS = list(WORDS)


@pytest.mark.parametrize("lang", LANGS)
def test_the_front_page(page, sim, lang, assert_accessible):
    words = WORDS[lang]
    sim.start(page, "alle-tjenester-pa", lang=lang)
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.get_by_role("heading", level=1)).to_have_text(words["hello"])
    panel = page.get_by_role("region", name=words["panel"])
    expect(panel.get_by_role("link")).to_have_text([*words["buttons"], re.compile(".+"), re.compile(".+")])
    expect(panel.get_by_role("region", name=words["panel_info"])).to_contain_text(words["panel_text"])
    expect(page.get_by_role("banner").get_by_role("button", name=words["menu"])).to_be_visible()
    links = page.get_by_role("contentinfo").get_by_role("navigation", name=words["languages"]).get_by_role("link")
    expect(links).to_have_text(["Bokmål", "Nynorsk", "English"])
    expect(links.get_by_text(words["language"], exact=True)).to_have_attribute("aria-current", "true")
    assert_accessible(page)


@pytest.mark.parametrize("lang", LANGS)
def test_a_message_form_sent_empty(page, sim, lang, assert_accessible):
    words = WORDS[lang]
    sim.start(page, "alle-tjenester-pa", lang=lang)
    page.get_by_role("link", name=words["buttons"][3]).click()
    page.get_by_label(words["message"]).fill("Hei")
    expect(page.get_by_text(words["counter"])).to_be_visible()  # the live counter, in the page's words
    page.get_by_label(words["message"]).fill("")
    page.get_by_role("button", name="Send", exact=True).click()
    summary = page.get_by_role("alert")
    expect(summary.get_by_role("heading")).to_have_text(words["summary"])
    expect(summary.get_by_role("link")).to_have_text([words["no_subject"], words["no_body"]])
    expect(page.get_by_label(words["subject"])).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)


@pytest.mark.parametrize("lang", LANGS)
def test_velg_time(page, sim, lang, assert_accessible):
    words = WORDS[lang]
    sim.start(page, "ferie-timebestilling", lang=lang)
    page.get_by_role("link", name=words["buttons"][0]).click()
    page.get_by_role("radio", name=words["practitioner"]).check()
    page.get_by_role("button", name=words["continue"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(words["choose_time"])
    calendar = page.get_by_role("table", name=words["month"])
    expect(calendar.get_by_role("columnheader").first).to_contain_text(words["monday"])
    calendar.get_by_role("link", name=words["day"]).click()
    slots = page.get_by_role("region", name=words["slots"])
    expect(slots.get_by_role("link").first).to_have_text(words["slot"])
    assert_accessible(page)


@pytest.mark.parametrize("lang", LANGS)
def test_helsetilbud_and_the_journal_system(page, sim, lang, assert_accessible):
    words = WORDS[lang]
    sim.start(page, "alle-tjenester-pa", "/_sim/kontor", lang=lang)
    expect(page.get_by_role("heading", level=1)).to_have_text(words["editor"])
    section = page.get_by_role("region", name=words["section"])
    expect(section).to_be_visible()
    field = page.get_by_role("textbox", name=words["panel_field"])
    field.fill("1" * 201)  # stops at its limit, and says so as the office's tool does
    expect(page.get_by_text(words["too_long"])).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name=words["save"]).click()
    expect(page.get_by_role("status")).to_have_text(words["saved"])

    page.get_by_role("link", name=words["journal"], exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(words["journal"])
    switch = page.get_by_role("switch", name=words["switch"])
    expect(switch).to_have_attribute("aria-checked", "true")
    assert_accessible(page)


@pytest.mark.parametrize("lang", LANGS)
def test_forny_resept(page, sim, lang, assert_accessible):
    words = WORDS[lang]
    sim.start(page, "alle-tjenester-pa", lang=lang)
    page.get_by_role("link", name=words["buttons"][1]).click()
    choices = page.get_by_role("group", name=words["renew"])
    expect(choices.get_by_role("checkbox", name=words["prescription"])).to_have_accessible_description(words["about"])
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text(words["none_chosen"])
    assert_accessible(page)
    choices.get_by_role("checkbox").first.check()
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(words["renewal"])
    expect(page.get_by_role("main")).to_contain_text(words["asked"])
    assert_accessible(page)


@pytest.mark.parametrize("lang", LANGS)
def test_the_events_and_an_error_page(page, sim, lang, assert_accessible):
    words = WORDS[lang]
    sim.start(page, "alle-tjenester-av", "/hendelser", lang=lang)
    expect(page.get_by_role("heading", level=1)).to_have_text(words["events"])
    expect(page.get_by_role("main")).to_contain_text(words["event"])
    expect(page.get_by_role("main")).to_contain_text(words["event_date"])
    assert_accessible(page)
    page.goto("/finnes-ikke")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.get_by_role("heading", level=1)).to_have_text(words["not_found"])
    expect(page.get_by_role("link", name=words["home"])).to_be_visible()
    assert_accessible(page)


def test_the_language_links_work_without_javascript(browser, base_url):
    context = browser.new_context(base_url=base_url, java_script_enabled=False, locale="nb-NO")
    page = context.new_page()
    page.goto("/_sim/start/alle-tjenester-pa?next=/fastlege")
    expect(page.get_by_role("heading", level=1)).to_have_text("Fastlegen din")
    page.get_by_role("link", name="Nynorsk").click()
    expect(page).to_have_url(re.compile(r"/fastlege\?lang=nn$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Fastlegen din")
    expect(page.locator("html")).to_have_attribute("lang", "nn")
    page.get_by_role("link", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your GP")
    page.goto("/")  # remembered for this browser
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Nødvendig")
    context.close()


@pytest.mark.browser_context_args(locale="en-GB")
def test_an_english_browser_gets_english_until_it_chooses(page, sim):
    sim.start(page, "alle-tjenester-pa")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Nødvendig")
    page.get_by_role("link", name="Bokmål").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hei, Nødvendig")
