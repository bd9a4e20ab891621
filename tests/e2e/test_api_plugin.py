"""The pytest plugin's calls on the JSON API, in a real browser against a real
server: a variant of a scenario, and the office's part (reply, switch, answer a
wish, add a slot), each checked on the patient's pages."""

import re

import pytest
from playwright.sync_api import expect

from portal.testing import SimApiError, Slot, Thread, Wish


def test_a_start_keeps_the_browsers_choices_and_gives_it_the_new_sandbox(page, sim):
    first = sim.start(page, "alle-tjenester-pa")
    page.get_by_role("link", name="English").click()  # the footer's choice, kept in the browser's cookie
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Nødvendig")
    second = sim.start(page, "alle-tjenester-pa")
    assert second.sandbox != first.sandbox
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Nødvendig")  # still English
    assert sim.state(page).sandbox == second.sandbox  # the browser's own requests have the new sandbox


def test_start_a_variant_and_reset_to_it(page, sim):
    state = sim.start(
        page,
        "alle-tjenester-pa",
        services={"bestill-time": False, "e-konsultasjon": {"absent": True, "absence_message": "Legen har fri til 2. januar."}},
        panel_message="Vi har ferie i uke 52.",
        persona="Kari Nordmann",
    )
    assert state.offered == ["forny-resept", "e-konsultasjon", "kontakt-legekontoret"]
    assert state.service("e-konsultasjon").status == "absent" and state.persona.name == "Kari Nordmann"
    expect(page.get_by_role("heading", level=1)).to_have_text("Hei, Kari Nordmann")
    panel = page.get_by_role("region", name="Fastlegen din er Astrid")
    expect(panel.get_by_role("link", name="Bestill time")).to_have_count(0)
    expect(panel.get_by_role("region", name="Informasjon fra legekontoret")).to_contain_text("Vi har ferie i uke 52.")

    sim.office(page).set_service("bestill-time", on=True)
    after = sim.reset(page)
    assert after.offered == state.offered and after.persona.name == "Kari Nordmann"
    expect(panel.get_by_role("link", name="Bestill time")).to_have_count(0)


def test_a_participant_sees_no_simulator_while_the_office_acts(page, sim):
    state = sim.start(page, "alle-tjenester-pa", participant=True, next="/innboks")
    assert state.participant is True
    expect(page.get_by_role("complementary", name="Simulator")).to_have_count(0)
    expect(page.locator("a[href*='/_sim']")).to_have_count(0)
    sim.office(page).set_panel_message("Vi har ferie i uke 52.")
    page.goto("/")
    expect(page.get_by_role("region", name="Informasjon fra legekontoret")).to_contain_text("Vi har ferie i uke 52.")
    assert sim.reset(page).participant is True


def test_the_office_replies_and_closes_the_e_consultation(page, sim):
    sim.start(page, "alle-tjenester-pa", next="/e-konsultasjon")
    page.get_by_role("textbox", name="Emne").fill("Vondt i kneet")
    page.get_by_role("textbox", name="Din melding").fill("Det har vart i en uke.")
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Meldingen er sendt")

    thread = sim.office(page).reply("Kom innom i morgen kl. 10.", close=True)
    assert isinstance(thread, Thread)
    assert thread.subject == "Vondt i kneet" and thread.closed_code == 13 and not thread.read
    assert [m.sender for m in thread.messages] == ["patient", "office"]

    page.goto("/innboks")
    item = page.get_by_role("region", name="Meldinger").get_by_role("listitem").filter(has_text="Vondt i kneet")
    expect(item).to_contain_text("Ulest")
    item.get_by_role("link").click()
    expect(page.get_by_text("Kom innom i morgen kl. 10.")).to_be_visible()
    expect(page.get_by_text("Denne meldingen kan ikke besvares.")).to_be_visible()
    expect(page.get_by_role("button", name="Send svar")).to_have_count(0)


def test_the_office_switches_a_service_to_absence(page, sim):
    sim.start(page, "alle-tjenester-pa")
    service = sim.office(page).set_service("forny-resept", absent=True, absence_message="Ring apoteket.", message="Husk navnet på medisinen.")
    assert (service.status, service.absence_message, service.message) == ("absent", "Ring apoteket.", "Husk navnet på medisinen.")
    page.reload()
    page.get_by_role("link", name="Forny resept").click()
    expect(page.get_by_role("region", name="Legekontoret har fravær")).to_contain_text("Ring apoteket.")
    assert sim.office(page).set_panel_message("Ny melding").message_visible


def test_the_office_answers_a_time_wish_with_the_first_free_slot(page, sim):
    sim.start(page, "ferie-timebestilling", next="/timeavtaler/bestill/august/foresla-tidspunkt")
    page.get_by_label("Når passer det for deg?").fill("Tirsdager etter kl. 12")
    page.get_by_label("Hva gjelder timen?").fill("Kontroll av blodtrykk")
    page.get_by_role("button", name="Send forslag").click()

    office = sim.office(page)
    first = office.free_slots("august")[0]
    wish = office.answer_wish(message="Passer dette?")
    assert isinstance(wish, Wish) and wish.status == "time foreslått" and wish.answer == "Passer dette?"
    appointment = next(a for a in sim.state(page)["booking"]["appointments"] if a["id"] == wish.appointment)
    assert appointment["slot"] == first.slot and appointment["practitioner"] == "august"

    page.goto("/timeavtaler")
    expect(page.get_by_role("region", name="Forslag til tidspunkt")).to_contain_text("Passer dette?")
    with pytest.raises(SimApiError) as refused:
        office.answer_wish(decline="For sent")
    assert refused.value.status == 409 and refused.value.message == "Ingen forslag venter på svar."


def test_an_added_slot_is_bookable_in_the_calendar(page, sim):
    sim.start(page, "ferie-timebestilling")
    slot = sim.office(page).add_slot("2023-12-19T07:15", practitioner="ingar", duration=30, kind="video")
    assert isinstance(slot, Slot) and slot.start.isoformat() == "2023-12-19T07:15:00+01:00"
    page.goto("/timeavtaler/bestill/ingar?dag=2023-12-19")
    page.get_by_role("link", name="07:15 Videotime 30 min").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bekreft time")


def test_a_refusal_is_an_exception_with_the_field_errors(page, sim):
    with pytest.raises(SimApiError) as refused:
        sim.start(page, "alle-tjenester-pa", panel_message="x" * 201)
    assert refused.value.status == 422
    assert refused.value.errors == {"panel_message": "Feltet kan kun inneholde 200 tegn!"}
    assert "panel_message: Feltet kan kun inneholde 200 tegn!" in str(refused.value)
    with pytest.raises(SimApiError, match=re.escape("scenario: finnes ikke; gyldige: ")):
        sim.start(page, "finnes-ikke")


def test_the_reference_page_lists_the_calls_accessibly(page, base_url, assert_accessible):
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/_sim/api/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Kontroll-API for testverktøy")
        calls = page.get_by_role("navigation", name="Kallene")
        calls.get_by_role("link", name="Legg til en ledig time").click()
        expect(page.get_by_role("heading", name="Legg til en ledig time")).to_be_focused()
        assert page.evaluate("document.documentElement.scrollWidth") <= width  # nothing wider than the screen
        assert_accessible(page)
    assert page.request.get(base_url + "/_sim/api/openapi.json").json()["openapi"] == "3.1.0"


def test_a_demo_room_participant_is_refused(browser, base_url, sim):
    trainer, participant = browser.new_page(base_url=base_url), browser.new_page(base_url=base_url)
    sim.start(trainer, "alle-tjenester-pa", next="/_sim/presenter")
    participant.goto(f"/_sim/join/{sim.state(trainer)['demo']['room']}")
    with pytest.raises(SimApiError) as refused:
        sim.office(participant).set_panel_message("Fra en deltaker")
    assert refused.value.status == 403
    assert refused.value.message == "Denne nettleseren følger et demorom og kan bare se på. Forlat demorommet først."
    assert sim.state(trainer).panel.message != "Fra en deltaker"
    trainer.close()
    participant.close()


def test_crafted_bodies_through_the_real_server(page, base_url):
    headers = {"X-Portal-Api": "1", "Content-Type": "application/json"}
    url = base_url + "/_sim/api/office/reply"
    crafted = page.request.post(url, headers=headers, data=b'{"text": "Hei", ')
    assert crafted.status == 400 and crafted.json()["message"] == "Innholdet er ikke gyldig JSON (linje 1, tegn 17)."
    # 10 MB: read to the end and answered, not a connection reset in the middle of sending.
    huge = page.request.post(url, headers=headers, data=b'{"text": "' + b"x" * (10 * 1024 * 1024) + b'"}')
    assert huge.status == 413 and huge.json() == {"message": "Innholdet er for stort: høyst 64 kB.", "errors": {}}
    no_header = page.request.post(url, headers={"Content-Type": "application/json"}, data=b'{"text": "Hei"}')
    assert no_header.status == 400 and no_header.json()["message"] == "Kall til API-et må ha hodet X-Portal-Api: 1."
