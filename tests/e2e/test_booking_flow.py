"""Booking in a real browser: the seed's holiday calendar, a phone appointment,
its .ics, cancelling, a time wish, and two requests racing for one slot."""

import datetime as dt
import re

import icalendar
import pytest
from playwright.sync_api import expect

SCENARIO = "ferie-timebestilling"
CONFIRM = "/timeavtaler/bestill/astrid/bekreft?tid=2023-12-14T10:00"
SLOT = "10:00 Telefontime 15 min"
TITLE = "14. desember 2023, kl. 10:00: Telefontime hos DDFL Test"
PHONE_NOTE = "Behandler vil ringe deg når konsultasjonen starter. Plasser deg slik at du unngår bakgrunnsstøy og involvering av uvedkommende."


@pytest.fixture(params=["js", "no-js"])
def browse(request, browser, base_url, assert_accessible):
    """A page with JavaScript on (htmx swaps, axe on every step) or off (plain links and forms)."""
    javascript = request.param == "js"
    context = browser.new_context(base_url=base_url, java_script_enabled=javascript, accept_downloads=True)
    page = context.new_page()
    page.goto(f"/_sim/start/{SCENARIO}")
    yield page, javascript, (assert_accessible if javascript else lambda page: None)
    context.close()


def booking_state(page):
    return page.request.get("/_sim/state").json()["booking"]


def test_book_a_phone_appointment_then_cancel_it(browse, tmp_path):
    page, javascript, check = browse

    page.get_by_role("link", name="Bestill time").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Velg behandler")
    expect(page.get_by_text("Her kan du se behandlere som tilbyr helsetjeneste du valgte.")).to_be_visible()
    expect(page.get_by_role("radio")).to_have_count(3)
    expect(page.get_by_role("link", name="Gå tilbake")).to_be_visible()
    expect(page.get_by_role("link", name="Avbryt")).to_be_visible()
    check(page)
    page.get_by_role("radio", name="Fastlege Astrid").check()
    page.get_by_role("button", name="Gå videre").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Velg time")
    expect(page.get_by_role("link", name="Kalender")).to_have_attribute("aria-current", "page")
    expect(page.get_by_role("link", name="Foreslå tidspunkt")).to_be_visible()
    expect(page.get_by_role("region", name="Informasjon fra fastlegekontoret")).to_contain_text("22. desember til 2. januar")
    calendar = page.get_by_role("table", name="Desember 2023")
    headers = calendar.get_by_role("columnheader")
    for i, day in enumerate(["mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"]):
        expect(headers.nth(i)).to_have_accessible_name(day)
    expect(calendar.get_by_role("link", name="7. desember, ledige timer", exact=True)).to_have_attribute("aria-current", "date")
    expect(calendar.get_by_role("link", name=re.compile(r"^6\. desember"))).to_have_count(0)  # past days cannot be chosen
    check(page)

    # To January and back: htmx swaps the month in place, the address keeps it.
    if javascript:
        page.evaluate("window.stillTheSamePage = true")
    page.get_by_role("link", name="Neste måned").click()
    expect(page.get_by_role("table", name="Januar 2024")).to_be_visible()
    if javascript:
        assert page.evaluate("window.stillTheSamePage") is True
        expect(page.get_by_role("link", name="Neste måned")).to_be_focused()
    expect(page).to_have_url(re.compile(r"maned=2024-01"))
    expect(page.get_by_role("link", name="2. januar, ingen ledige timer", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="3. januar, ledige timer", exact=True)).to_be_visible()
    page.get_by_role("link", name="Forrige måned").click()
    expect(page).to_have_url(re.compile(r"maned=2023-12"))

    page.get_by_role("link", name="28. desember, ingen ledige timer", exact=True).click()
    expect(page.get_by_role("heading", name="Ledige timer 28. des. 2023")).to_be_visible()
    expect(page.get_by_text("Ingen ledige timer denne dagen. Velg en annen dag eller måned.")).to_be_visible()
    check(page)

    page.get_by_role("link", name="14. desember, ledige timer", exact=True).click()
    expect(page.get_by_role("heading", name="Ledige timer 14. des. 2023")).to_be_visible()
    expect(page).to_have_url(re.compile(r"dag=2023-12-14"))
    page.get_by_role("link", name=SLOT).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Bekreft time")
    expect(page.get_by_text("torsdag 14. desember 2023, kl. 10:00")).to_be_visible()
    check(page)
    page.get_by_role("button", name="Bekreft time").click()
    expect(page.get_by_role("alert")).to_contain_text("Skriv kort hva timen gjelder.")
    page.get_by_label("Hva gjelder timen?").fill("Vondt i kneet")
    page.get_by_role("button", name="Bekreft time").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    for text in ("Antatt varighet:", "15 min", "Oppmøtested:", "Telefontime for Kurt Håkon", "Status:", "Tildelt", PHONE_NOTE):
        expect(page.get_by_text(text, exact=True).first).to_be_visible()
    check(page)
    (appointment,) = booking_state(page)["appointments"]
    assert (appointment["slot"], appointment["kind"], appointment["status"]) == ("2023-12-14T10:00", "telefon", "tildelt")

    with page.expect_download() as download:
        page.get_by_role("link", name="Legg i egen kalender").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    (event,) = icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT")
    assert event.decoded("DTSTART").astimezone(dt.timezone.utc) == dt.datetime(2023, 12, 14, 9, 0, tzinfo=dt.timezone.utc)
    assert str(event["SUMMARY"]) == "Telefontime hos DDFL Test"

    page.get_by_role("link", name="Avbestill time").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Avbestill time")
    check(page)
    page.get_by_role("button", name="Ja, avbestill timen").click()
    expect(page.get_by_role("status")).to_have_text("Timen er avbestilt.")
    expect(page.get_by_text("Avbestilt", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Avbestill time")).to_have_count(0)
    assert booking_state(page)["appointments"][0]["status"] == "avbestilt"

    page.get_by_role("link", name="Timeavtaler").click()
    upcoming = page.get_by_role("region", name="Kommende timer")
    expect(upcoming.get_by_role("listitem")).to_contain_text([TITLE + " Status: Avbestilt"])
    check(page)

    page.goto("/timeavtaler/bestill/astrid?maned=2023-12&dag=2023-12-14")
    expect(page.get_by_role("link", name=SLOT)).to_be_visible()  # free again


def test_two_requests_for_one_slot_book_it_once(page, start, assert_accessible):
    start(SCENARIO, CONFIRM)
    other = page.context.new_page()
    other.goto(CONFIRM)
    other.get_by_label("Hva gjelder timen?").fill("Fra den andre fanen")

    page.get_by_label("Hva gjelder timen?").fill("Vondt i kneet")
    # Both posts leave the browser at once; the database lets one through.
    statuses = page.evaluate(
        """async () => {
            const form = document.querySelector("main form");
            const send = () => fetch(form.action, {method: "POST", body: new FormData(form)}).then((r) => r.status);
            return Promise.all([send(), send()]);
        }"""
    )
    assert sorted(statuses) == [200, 409]  # 200: the appointment page after the redirect
    assert len(booking_state(page)["appointments"]) == 1

    other.get_by_role("button", name="Bekreft time").click()
    expect(other.get_by_role("alert")).to_contain_text("Timen er ikke lenger ledig")
    expect(other.get_by_role("heading", name="Ledige timer 14. des. 2023")).to_be_visible()
    expect(other.get_by_role("link", name=SLOT)).to_have_count(0)
    expect(other.get_by_role("link", name="10:15 Telefontime 15 min")).to_be_visible()
    assert_accessible(other)
    assert len(booking_state(page)["appointments"]) == 1
    # The slot went to this patient's own first tab: the message leads there.
    other.get_by_role("alert").get_by_role("link", name="Se timeavtalen").click()
    expect(other.get_by_role("heading", level=1)).to_contain_text("Telefontime hos DDFL Test")


def test_a_time_wish_waits_for_an_answer(page, start, assert_accessible):
    start(SCENARIO, "/timeavtaler/bestill/ingar")
    page.get_by_role("link", name="Foreslå tidspunkt").click()
    expect(page.get_by_role("link", name="Foreslå tidspunkt")).to_have_attribute("aria-current", "page")
    expect(page.get_by_role("heading", name="Foreslå tidspunkt hos Ingar")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Når passer det for deg?").fill("Tirsdager etter kl. 14")
    page.get_by_label("Hva gjelder timen?").fill("Kontroll av blodtrykk")
    expect(page.get_by_text("21/500 tegn")).to_be_visible()
    page.get_by_role("button", name="Send forslag").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Timeavtaler")
    wishes = page.get_by_role("region", name="Forslag til tidspunkt")
    expect(wishes).to_contain_text("Venter på svar")
    expect(wishes).to_contain_text("Tirsdager etter kl. 14")
    assert_accessible(page)
    assert [w["preferred"] for w in booking_state(page)["wishes"]] == ["Tirsdager etter kl. 14"]


def test_keyboard_focus_follows_the_calendar_swaps(page, start):
    start(SCENARIO, "/timeavtaler/bestill/astrid")
    page.get_by_role("link", name="14. desember, ledige timer", exact=True).press("Enter")
    expect(page.get_by_role("heading", name="Ledige timer 14. des. 2023")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="08:00 Hastetime 15 min")).to_be_focused()

    page.get_by_role("link", name="Neste måned").press("Enter")
    expect(page.get_by_role("table", name="Januar 2024")).to_be_visible()
    expect(page.get_by_role("link", name="Neste måned")).to_be_focused()
    page.keyboard.press("Enter")
    # February is the last month one can book: its arrow is gone, focus stays in the calendar.
    expect(page.get_by_role("table", name="Februar 2024")).to_be_visible()
    expect(page.get_by_role("link", name="Neste måned")).to_have_count(0)
    expect(page.get_by_role("heading", name="Februar 2024")).to_be_focused()


def test_the_lost_slot_message_has_focus_when_the_page_opens(page, start):
    start(SCENARIO, CONFIRM)
    page.get_by_label("Hva gjelder timen?").fill("Vondt i kneet")
    page.get_by_role("button", name="Bekreft time").click()
    page.goto(CONFIRM)
    expect(page.get_by_role("alert")).to_contain_text("Timen er ikke lenger ledig")
    expect(page.get_by_role("alert")).to_be_focused()


def test_the_office_answers_a_time_wish_and_the_patient_sees_the_time(page, start, assert_accessible):
    start(SCENARIO, "/timeavtaler/bestill/august/foresla-tidspunkt")
    page.get_by_label("Når passer det for deg?").fill("Tirsdager etter kl. 12")
    page.get_by_label("Hva gjelder timen?").fill("Kontroll av blodtrykk")
    page.get_by_role("button", name="Send forslag").click()

    page.goto("/_sim/timeavtaler")
    expect(page.get_by_role("heading", level=1)).to_have_text("Svar på forslag til tidspunkt")
    assert_accessible(page)
    page.get_by_role("button", name="Avslå forslaget").click()
    expect(page.get_by_role("alert")).to_contain_text("Skriv hvorfor legekontoret ikke kan tilby en time.")
    assert_accessible(page)
    page.get_by_label("Ledig time hos August").select_option("2023-12-12T12:00")
    page.get_by_label("Melding til pasienten").fill("Passer tirsdag 12. desember?")
    page.get_by_role("button", name="Foreslå og bestill timen").click()
    expect(page.get_by_role("status")).to_contain_text("Svaret er sendt.")

    page.get_by_role("link", name="Se pasientens timeavtaler").click()
    wishes = page.get_by_role("region", name="Forslag til tidspunkt")
    expect(wishes).to_contain_text("Legekontoret har satt opp en time")
    expect(wishes).to_contain_text("Passer tirsdag 12. desember?")
    assert_accessible(page)
    wishes.get_by_role("link", name="12. desember 2023, kl. 12:00: Oppmøte hos DDFL Test").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("12. desember 2023, kl. 12:00: Oppmøte hos DDFL Test")
    assert booking_state(page)["wishes"][0]["status"] == "time foreslått"


def test_the_office_adds_a_free_slot_and_the_patient_books_it(page, start, assert_accessible):
    start(SCENARIO, "/_sim/timeavtaler")
    page.get_by_role("link", name="Legg til en ledig time").click()
    expect(page.get_by_role("heading", name="Legg til en ledig time")).to_be_focused()
    page.get_by_label("Behandler").select_option(label="Ingar")
    page.get_by_label("Dato").fill("2023-12-19")
    page.get_by_label("Klokkeslett").fill("07:15")
    page.get_by_label("Varighet i minutter").fill("0")
    page.get_by_label("Type time").select_option(label="Videotime")
    page.get_by_role("button", name="Legg til ledig time").click()
    expect(page.get_by_role("alert")).to_contain_text("Varigheten må være et helt antall minutter fra 1 til 240.")
    expect(page.get_by_role("alert")).to_be_focused()
    expect(page.get_by_label("Type time")).to_have_value("video")  # what was chosen stays
    assert_accessible(page)

    page.get_by_label("Varighet i minutter").fill("30")
    page.get_by_role("button", name="Legg til ledig time").click()
    expect(page.get_by_role("status")).to_contain_text("Den ledige timen er lagt til: 19. desember 2023 kl. 07:15, Videotime, 30 min, hos Ingar.")
    expect(page.get_by_role("region", name="Lagt til av legekontoret")).to_contain_text("19. desember 2023 kl. 07:15")
    assert_accessible(page)

    page.get_by_role("link", name="Se kalenderen").click()
    page.get_by_role("link", name="07:15 Videotime 30 min").click()
    page.get_by_label("Hva gjelder timen?").fill("Kontroll")
    page.get_by_role("button", name="Bekreft time").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("19. desember 2023, kl. 07:15: Videotime hos DDFL Test")
