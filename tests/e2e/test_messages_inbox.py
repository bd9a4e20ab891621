"""The inbox: seeded threads, unread marking, the closed e-consultation and office replies."""

import re

from playwright.sync_api import expect

CLOSED_TEXT = "E-konsultasjonen er nå avsluttet fra behandlers side. Denne meldingen kan ikke besvares."
REPLY_BUTTON = re.compile("svar", re.IGNORECASE)


def thread_links(page):
    return page.get_by_role("region", name="Meldinger").get_by_role("listitem").get_by_role("link")


def test_the_inbox_lists_the_seeded_threads_newest_first_with_unread_marked(page, start, assert_accessible):
    start("e-konsultasjon-avsluttet")
    notice = page.get_by_role("link", name=re.compile("Du har nye meldinger"))
    expect(notice).to_contain_text("2")
    notice.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Innboks")
    expect(thread_links(page)).to_have_text(["Utslett på armen", "Fornyelse av Ventoline", "Attest til idrettslaget"])
    unread = page.get_by_role("region", name="Meldinger").get_by_role("listitem").filter(has_text="Ulest")
    expect(unread.get_by_role("link")).to_have_text(["Utslett på armen", "Fornyelse av Ventoline"])
    assert_accessible(page)


def test_the_code_13_thread_has_no_reply_button(page, start, assert_accessible):
    start("e-konsultasjon-avsluttet", "/innboks")
    page.get_by_role("link", name="Utslett på armen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Utslett på armen")
    expect(page.get_by_role("heading", name="Fra Ekeberg legekontor")).to_be_visible()
    expect(page.get_by_text(CLOSED_TEXT)).to_be_visible()
    expect(page.get_by_role("button", name=REPLY_BUTTON)).to_have_count(0)
    expect(page.get_by_role("textbox")).to_have_count(0)
    assert_accessible(page)

    page.get_by_role("link", name="Innboks").click()
    first = page.get_by_role("region", name="Meldinger").get_by_role("listitem").first
    expect(first).to_contain_text("Utslett på armen")
    expect(first).not_to_contain_text("Ulest")  # opened, so read now
    page.get_by_role("link", name="Attest til idrettslaget").click()
    expect(page.get_by_text(CLOSED_TEXT)).to_have_count(0)
    expect(page.get_by_role("button", name="Send svar")).to_be_visible()


def test_a_reply_to_an_open_thread_joins_it(page, start):
    start("e-konsultasjon-avsluttet", "/innboks")
    page.get_by_role("link", name="Attest til idrettslaget").click()
    page.get_by_label("Din melding").fill("Takk, da bestiller jeg time.")
    page.get_by_role("button", name="Send svar").click()
    expect(page.get_by_role("status")).to_contain_text("Meldingen er sendt")
    expect(page.get_by_role("listitem").filter(has_text="Fra deg")).to_have_count(2)
    thread = next(t for t in page.request.get("/_sim/state").json()["inbox"]["threads"] if t["id"] == "s3")
    assert thread["messages"][-1]["text"] == "Takk, da bestiller jeg time."


def test_the_trainer_adds_an_office_reply_that_arrives_unread(page, start, assert_accessible):
    start("alle-tjenester-pa", "/kontakt-legekontoret")
    page.get_by_label("Emne").fill("Parkering")
    page.get_by_label("Din melding").fill("Kan jeg parkere ved legekontoret?")
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Meldingen er sendt")

    page.goto("/_sim/")
    page.get_by_role("link", name="Svar fra legekontoret").click()
    page.get_by_label("Tråd").select_option(label="Parkering (Kontakt legekontoret)")
    page.get_by_label("Svar fra legekontoret").fill("Ja, bak bygget.")
    assert_accessible(page)
    page.get_by_role("button", name="Send svar fra legekontoret").click()
    expect(page.get_by_role("status")).to_contain_text("Svaret er lagt i innboksen: «Parkering».")

    page.goto("/")
    expect(page.get_by_role("link", name=re.compile("Du har nye meldinger"))).to_contain_text("1")
    page.goto("/innboks")
    page.get_by_role("link", name="Parkering").click()
    expect(page.get_by_text("Ja, bak bygget.")).to_be_visible()
    assert page.request.get("/_sim/state").json()["inbox"]["unread"] == 0


def test_a_reply_with_errors_keeps_the_text_and_the_file(page, start, assert_accessible):
    start("e-konsultasjon-avsluttet", "/innboks/s3")
    page.get_by_label("Din melding").fill("a" * 1001)
    page.get_by_label("Vedlegg (valgfritt)").set_input_files(
        [{"name": "skjema.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%%EOF\n"}]
    )
    page.get_by_role("button", name="Send svar").click()
    summary = page.get_by_role("alert").filter(has_text="Sjekk at alt er riktig utfylt:")
    expect(summary).to_contain_text("Meldingen kan ha høyst 1000 tegn. Nå har den 1001.")
    expect(page.locator("#body-error")).to_contain_text("Meldingen kan ha høyst 1000 tegn.")
    expect(page.get_by_label("Din melding")).to_have_value("a" * 1001)
    expect(page.get_by_role("list", name="Filer som er lagt ved")).to_contain_text("skjema.pdf")
    assert_accessible(page)


def test_no_reply_form_while_the_office_is_absent_on_the_threads_service(page, start, mark_absent, assert_accessible):
    start("e-konsultasjon-avsluttet", "/_sim/kontor")
    mark_absent(page, "Kontakt legekontoret", "Resepsjonen er stengt i uke 52.")

    page.goto("/innboks/s3")
    expect(page.get_by_role("heading", level=1)).to_have_text("Attest til idrettslaget")
    expect(page.get_by_role("region", name="Legekontoret har fravær")).to_contain_text("Resepsjonen er stengt i uke 52.")
    expect(page.get_by_role("button", name=REPLY_BUTTON)).to_have_count(0)
    expect(page.get_by_role("textbox")).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("link", name="Innboks").click()
    page.get_by_role("link", name="Fornyelse av Ventoline").click()
    expect(page.get_by_role("button", name="Send svar")).to_be_visible()  # another service: still answered
