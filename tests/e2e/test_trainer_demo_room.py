"""The live demo room: participants follow the trainer's sandbox, read-only."""

import re

import pytest
from playwright.sync_api import expect

SWITCH = "Tilbyr tjenesten: Reseptfornyelse"
FOLLOW_WITHIN_MS = 2_000  # the promise to a webinar's participants
# How long the test waits at most, so that a busy machine fails only a broken
# promise: the 2 seconds are measured between the browsers' own clocks below.
WAIT_MS = 15_000

# Notes on the participant's page, by its own clock, when the patient's view
# first shows (or stops showing) a link: the moment the participant sees it.
WATCH_LINK = """([name, wanted]) => {
  const shows = () => [...document.querySelectorAll('#live-patient a')].some(a => a.textContent.trim() === name);
  delete document.body.dataset.followedAt;
  const observer = new MutationObserver(() => {
    if (shows() === wanted) { document.body.dataset.followedAt = Date.now(); observer.disconnect(); }
  });
  observer.observe(document.body, {childList: true, subtree: true});
}"""


@pytest.fixture
def trainer_and_participant(browser, base_url):
    trainer = browser.new_context(base_url=base_url)
    participant = browser.new_context(base_url=base_url)
    yield trainer.new_page(), participant.new_page()
    trainer.close()
    participant.close()


def open_room(trainer, scenario="alle-tjenester-pa"):
    trainer.goto(f"/_sim/start/{scenario}?next=/_sim/presenter")
    room = trainer.get_by_role("region", name="Demorom")
    code = room.locator(".room-code").inner_text().replace(" ", "")
    assert trainer.request.get("/_sim/state").json()["demo"]["room"] == code
    return code


def followed_after_save(trainer, participant, save, link: str, shown: bool) -> float:
    """Milliseconds from the browser receiving the trainer's saved change to the
    participant's page showing it, both on the same machine's clock."""
    participant.evaluate(WATCH_LINK, [link, shown])
    with trainer.expect_response(lambda r: r.request.method == "POST") as saved:
        save()
    timing = saved.value.request.timing
    saved_at = timing["startTime"] + timing["responseEnd"]
    expect(participant.locator("body")).to_have_attribute("data-followed-at", re.compile(r"^\d+$"), timeout=WAIT_MS)
    return int(participant.locator("body").get_attribute("data-followed-at")) - saved_at


def test_a_participant_follows_the_trainers_change_without_reloading(trainer_and_participant):
    trainer, participant = trainer_and_participant
    code = open_room(trainer)

    participant.goto("/_sim/join")
    participant.get_by_role("textbox", name="Kode").fill(code.lower())
    participant.get_by_role("button", name="Bli med").click()
    patient = participant.get_by_role("region", name="Pasientens side")
    expect(patient.get_by_role("link", name="Forny resept")).to_be_visible()
    participant.evaluate("window.notReloaded = true")

    trainer.goto("/_sim/kontor/journalsystem")
    switch = trainer.get_by_role("switch", name=SWITCH)
    assert followed_after_save(trainer, participant, switch.click, "Forny resept", shown=False) <= FOLLOW_WITHIN_MS
    expect(switch).to_have_attribute("aria-checked", "false")
    expect(patient.get_by_role("link", name="Forny resept")).to_have_count(0)
    expect(participant.locator("#live-table tbody").get_by_role("row").filter(has_text="Forny resept").get_by_role("cell").first).to_have_text("Av")
    assert participant.evaluate("window.notReloaded") is True

    # A scenario switch on the presenter page keeps the room.
    trainer.goto("/_sim/presenter")
    switch_scenario = trainer.get_by_role("button", name="Ny forside for fastlegetjenestene").click
    assert followed_after_save(trainer, participant, switch_scenario, "Bestille time", shown=True) <= FOLLOW_WITHIN_MS
    expect(patient.get_by_role("link", name="Bestille time")).to_be_visible()
    assert participant.evaluate("window.notReloaded") is True


def test_a_participant_cannot_change_the_trainers_settings(trainer_and_participant):
    trainer, participant = trainer_and_participant
    code = open_room(trainer)
    participant.goto(f"/_sim/join/{code}")
    state = participant.request.get("/_sim/state").json()
    assert state["demo"]["following"] is True
    assert state["sandbox"] == trainer.request.get("/_sim/state").json()["sandbox"]

    participant.goto("/_sim/kontor/journalsystem")
    expect(participant.get_by_text("Du følger kursholderens demo og kan se innstillingene, men ikke endre dem.")).to_be_visible()
    expect(participant.get_by_role("button", name="Lagre")).to_have_count(0)
    participant.get_by_role("switch", name=SWITCH).click()
    expect(participant.get_by_role("heading", level=1)).to_have_text("Du kan ikke endre kursholderens demo")

    response = participant.request.post("/_sim/reset")
    assert response.status in (400, 403)  # no token, or refused; never a reset
    trainer_services = {s["id"]: s for s in trainer.request.get("/_sim/state").json()["services"]}
    assert trainer_services["forny-resept"]["on"] is True

    # Leaving the room gives the participant their own sandbox back.
    participant.get_by_role("button", name="Forlat demorommet").click()
    state = participant.request.get("/_sim/state").json()
    assert state["demo"]["following"] is False and state["sandbox"] != trainer.request.get("/_sim/state").json()["sandbox"]


def test_an_unknown_code_says_so(page):
    page.goto("/_sim/join/ZZZZZZ")
    expect(page.get_by_role("alert")).to_contain_text("Fant ikke noe demorom med koden «ZZZZZZ»")
    expect(page.get_by_role("textbox", name="Kode")).to_have_value("ZZZZZZ")


def test_demo_and_join_pages_are_accessible(trainer_and_participant, assert_accessible):
    trainer, participant = trainer_and_participant
    code = open_room(trainer, "fravaer")
    participant.goto("/_sim/join/ZZZZZZ")
    assert_accessible(participant)
    participant.goto(f"/_sim/join/{code}")
    expect(participant.get_by_role("region", name="Pasientens side")).to_be_visible()
    assert_accessible(participant)

    # A change is told once, politely, by a status line that stays in place.
    expect(participant.get_by_role("status")).to_have_text("")
    trainer.get_by_role("switch", name=SWITCH).click()
    expect(participant.get_by_role("status")).to_have_text("Pasientens side er oppdatert.", timeout=WAIT_MS)
    assert_accessible(participant)

    participant.goto("/_sim/kontor/journalsystem")
    assert_accessible(participant)
    participant.get_by_role("switch", name=SWITCH).click()
    expect(participant.get_by_role("heading", level=1)).to_have_text("Du kan ikke endre kursholderens demo")
    assert_accessible(participant)


@pytest.mark.parametrize("width", [360, 375])
def test_the_demo_rooms_table_fits_its_card_on_a_phone(browser, base_url, width):
    context = browser.new_context(base_url=base_url, viewport={"width": width, "height": 800})
    try:
        page = context.new_page()
        page.goto("/_sim/start/fravaer?next=/_sim/demo")  # «Fravær» and «Ikke synlig (ingen tekst)»: the widest rows
        card = page.get_by_role("region", name="Tjenestene nå").bounding_box()
        table = page.get_by_role("table", name="Tjenestene nå").bounding_box()
        assert table["x"] >= card["x"] and table["x"] + table["width"] <= card["x"] + card["width"]
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    finally:
        context.close()
