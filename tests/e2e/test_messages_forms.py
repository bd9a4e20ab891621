"""Writing to the GP office: the message form, its attachments and errors, drafts and sending."""

import re
import struct
import zlib

import pytest
from playwright.sync_api import expect

MB = 1024 * 1024
ERROR_SUMMARY = "Sjekk at alt er riktig utfylt:"


def png_bytes() -> bytes:
    """A real 1×1 PNG."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b"")


def pdf_bytes(padding: int = 0) -> bytes:
    """A minimal PDF; ``padding`` bytes of comment make it as large as a test needs."""
    return b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n" + b"%" * padding + b"\n%%EOF\n"


def png(name="bilde.png"):
    return {"name": name, "mimeType": "image/png", "buffer": png_bytes()}


def pdf(name="henvisning.pdf", size=None):
    data = pdf_bytes() if size is None else pdf_bytes(size - len(pdf_bytes()))
    return {"name": name, "mimeType": "application/pdf", "buffer": data}


def open_form(start, scenario="alle-tjenester-pa", path="/kontakt-legekontoret"):
    return start(scenario, path)


def fill(page, subject="Endre time", body="Kan jeg flytte timen min til neste uke?"):
    page.get_by_label("Emne").fill(subject)
    page.get_by_label("Din melding").fill(body)


def attachments(page):
    return page.get_by_role("list", name="Filer som er lagt ved").get_by_role("listitem")


def expect_error(page, text):
    summary = page.get_by_role("alert").filter(has_text=ERROR_SUMMARY)
    expect(summary).to_contain_text(text)
    expect(page.locator("#vedlegg-error, #body-error, #subject-error").filter(has_text=text)).to_be_visible()


def expect_kept(page, subject="Endre time", body="Kan jeg flytte timen min til neste uke?"):
    expect(page.get_by_label("Emne")).to_have_value(subject)
    expect(page.get_by_label("Din melding")).to_have_value(body)


def state(page):
    return page.request.get("/_sim/state").json()["inbox"]


def test_the_form_is_the_seeds_contact_form(page, start, assert_accessible):
    start("anbefalt-losning-1")
    page.get_by_role("link", name="Kontakt legekontoret").click()
    expect(page).to_have_url(re.compile("/kontakt-legekontoret$"))
    expect(page.get_by_role("link", name="Innboks")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kontakt DDFL Test")
    expect(page.get_by_text("Still et praktisk spørsmål til resepsjonen ved fastlegekontoret. Du vil bli kontaktet innen fem arbeidsdager.")).to_be_visible()
    expect(page.get_by_role("region", name="Informasjon fra fastlegekontoret")).to_contain_text("Legekontoret avvikler ferie frem til 2. januar.")
    expect(page.get_by_text("0/1000 tegn")).to_be_visible()
    page.get_by_label("Din melding").fill("Hei")
    expect(page.get_by_text("3/1000 tegn")).to_be_visible()
    expect(page.get_by_text("Du kan legge ved inntil 3 filer på til sammen 20MB i formatene JPG, PNG eller PDF.")).to_be_visible()
    expect(page.get_by_text("Trenger du hjelp utenom arbeidstid, kontakt legevakt på telefon 116 117.")).to_contain_text("Ring 113 for øyeblikkelig hjelp.")
    expect(page.get_by_text("Henvendelsen vil bli journalført.")).to_be_visible()
    for name in ("Last opp", "Send", "Fortsett senere", "Avbryt"):
        expect(page.get_by_role("button", name=name, exact=True)).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize(
    "path, heading, standard_text",
    [
        ("/e-konsultasjon", "Start e-konsultasjon", "Still et medisinsk spørsmål til fastlegen din."),
        ("/forny-resept", "Forny resept", "Be om å få fornyet en eller flere resepter."),
    ],
)
def test_the_other_message_services_have_their_own_heading_and_text(page, start, path, heading, standard_text):
    start("alle-tjenester-pa", path)
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.get_by_text(standard_text)).to_be_visible()


def test_a_service_that_is_off_says_it_is_not_offered(page, start):
    start("anbefalt-losning-1", "/e-konsultasjon")
    expect(page.get_by_text("Fastlegen din tilbyr ikke denne tjenesten på Helsenorge nå.")).to_be_visible()
    expect(page.get_by_role("link", name="Tilbake til forsiden")).to_be_visible()


def test_send_a_message_with_two_attachments_and_see_it_in_the_inbox(page, start, assert_accessible):
    open_form(start)
    fill(page)
    page.get_by_label("Vedlegg (valgfritt)").set_input_files([png(), pdf()])
    page.get_by_role("button", name="Last opp").click()
    expect(attachments(page)).to_have_count(2)
    expect(attachments(page).first).to_contain_text("bilde.png")
    expect_kept(page)
    assert_accessible(page)

    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Meldingen er sendt til DDFL Test.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Endre time")
    expect(page.get_by_text("Kan jeg flytte timen min til neste uke?")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="henvisning.pdf").click()
    assert download.value.suggested_filename == "henvisning.pdf"

    page.get_by_role("link", name="Innboks").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Innboks")
    expect(page.get_by_role("link", name="Endre time")).to_be_visible()
    assert_accessible(page)
    [thread] = state(page)["threads"]
    assert [a["name"] for a in thread["messages"][0]["attachments"]] == ["bilde.png", "henvisning.pdf"]
    assert [a["content_type"] for a in thread["messages"][0]["attachments"]] == ["image/png", "application/pdf"]


def test_an_attachment_can_be_removed_before_sending(page, start):
    open_form(start)
    fill(page)
    page.get_by_label("Vedlegg (valgfritt)").set_input_files([png(), pdf()])
    page.get_by_role("button", name="Last opp").click()
    page.get_by_role("button", name="Fjern bilde.png").click()
    expect(attachments(page)).to_have_count(1)
    expect(attachments(page)).to_contain_text("henvisning.pdf")
    expect_kept(page)
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Meldingen er sendt")
    assert [a["name"] for a in state(page)["threads"][0]["messages"][0]["attachments"]] == ["henvisning.pdf"]


def test_keyboard_focus_stays_in_the_attachments_field(page, start, assert_accessible):
    open_form(start)
    fill(page)
    picker = page.get_by_label("Vedlegg (valgfritt)")
    picker.set_input_files([png(), pdf()])
    page.get_by_role("button", name="Last opp").press("Enter")
    expect(attachments(page)).to_have_count(2)
    expect(picker).to_be_focused()  # the form was replaced: focus is not lost to the page's start
    page.get_by_role("button", name="Fjern bilde.png").press("Enter")
    expect(attachments(page)).to_have_count(1)
    expect(picker).to_be_focused()
    picker.set_input_files([{"name": "x.png", "mimeType": "image/png", "buffer": b"tekst"}])
    page.get_by_role("button", name="Last opp").press("Enter")
    summary = page.get_by_role("alert").filter(has_text=ERROR_SUMMARY)
    expect(summary).to_be_focused()
    expect_kept(page)
    assert_accessible(page)


def test_a_fourth_file_is_refused_and_the_three_stay(page, start):
    open_form(start)
    fill(page)
    page.get_by_label("Vedlegg (valgfritt)").set_input_files([png("1.png"), png("2.png"), png("3.png")])
    page.get_by_role("button", name="Last opp").click()
    expect(attachments(page)).to_have_count(3)
    page.get_by_label("Vedlegg (valgfritt)").set_input_files([png("4.png")])
    page.get_by_role("button", name="Last opp").click()
    expect_error(page, "Du kan legge ved inntil 3 filer. «4.png» ble ikke lagt ved.")
    expect(attachments(page)).to_have_count(3)
    expect_kept(page)


def test_a_21_mb_set_is_refused_and_what_fits_stays(page, start):
    open_form(start)
    fill(page)
    page.get_by_label("Vedlegg (valgfritt)").set_input_files([pdf("a.pdf", 10 * MB + MB // 2), pdf("b.pdf", 10 * MB + MB // 2)])
    page.get_by_role("button", name="Last opp").click()
    expect_error(page, "Filene kan være på til sammen 20MB. «b.pdf» (10,5 MB) ble ikke lagt ved.")
    expect(attachments(page)).to_have_count(1)
    expect_kept(page)


def test_a_fake_png_is_refused(page, start):
    open_form(start)
    fill(page)
    fake = {"name": "x.png", "mimeType": "image/png", "buffer": b"Dette er tekst, ikke et bilde."}
    page.get_by_label("Vedlegg (valgfritt)").set_input_files([fake])
    page.get_by_role("button", name="Send", exact=True).click()
    expect_error(page, "«x.png» er ikke en JPG-, PNG- eller PDF-fil og ble ikke lagt ved.")
    expect_kept(page)
    assert state(page)["threads"] == []


def test_a_1001_character_message_is_refused_and_1000_with_line_breaks_is_sent(page, start):
    open_form(start)
    fill(page, body="a" * 1001)
    expect(page.get_by_text("1001/1000 tegn")).to_be_visible()
    page.get_by_role("button", name="Send", exact=True).click()
    expect_error(page, "Meldingen kan ha høyst 1000 tegn. Nå har den 1001.")
    expect_kept(page, body="a" * 1001)

    lines = "\n".join(["b" * 99] * 10) + "c"  # 990 letters, 9 line breaks and one more: 1000
    page.get_by_label("Din melding").fill(lines)
    expect(page.get_by_text("1000/1000 tegn")).to_be_visible()
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Meldingen er sendt")
    assert state(page)["threads"][0]["messages"][0]["text"] == lines


def test_a_draft_is_saved_and_finished_later(page, start, assert_accessible):
    open_form(start, path="/e-konsultasjon")
    fill(page, subject="Vondt i kneet", body="Jeg har hatt vondt i")
    page.get_by_label("Vedlegg (valgfritt)").set_input_files([png("kne.png")])
    page.get_by_role("button", name="Fortsett senere").click()
    expect(page.get_by_role("status")).to_contain_text("Utkastet er lagret.")
    drafts = page.get_by_role("region", name="Utkast")
    expect(drafts.get_by_role("link", name="Vondt i kneet")).to_be_visible()
    assert_accessible(page)

    page.goto("/")
    page.goto("/innboks")
    page.get_by_role("region", name="Utkast").get_by_role("link", name="Vondt i kneet").click()
    expect_kept(page, subject="Vondt i kneet", body="Jeg har hatt vondt i")
    expect(attachments(page)).to_contain_text("kne.png")
    page.get_by_label("Din melding").fill("Jeg har hatt vondt i kneet i to uker.")
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Meldingen er sendt")
    inbox = state(page)
    assert inbox["drafts"] == []
    [thread] = inbox["threads"]
    assert thread["service"] == "e-konsultasjon"
    assert thread["messages"][0]["text"] == "Jeg har hatt vondt i kneet i to uker."
    assert thread["messages"][0]["attachments"][0]["name"] == "kne.png"


def test_a_draft_can_be_deleted(page, start):
    open_form(start)
    fill(page, subject="Glem dette")
    page.get_by_role("button", name="Fortsett senere").click()
    page.get_by_role("button", name="Slett utkast Glem dette").click()
    expect(page.get_by_role("region", name="Utkast")).to_have_count(0)
    assert state(page)["drafts"] == []


def test_cancel_asks_first_when_something_was_typed(page, start, assert_accessible):
    open_form(start)
    fill(page)
    page.get_by_role("button", name="Avbryt").click()
    expect(page.get_by_role("heading", name="Vil du avbryte?")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Nei, fortsett å skrive").click()
    expect_kept(page)
    page.get_by_role("button", name="Avbryt").click()
    page.get_by_role("button", name="Ja, avbryt").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hei, Nødvendig")
    inbox = state(page)
    assert inbox["threads"] == [] and inbox["drafts"] == []


def test_send_pressed_twice_stores_one_message(page, start):
    open_form(start)
    fill(page)
    # The same filled-in form posted twice, as a double click or a slow network does.
    statuses = page.evaluate(
        """async () => {
            const form = document.getElementById("compose");
            const post = () => { const body = new FormData(form); body.set("action", "send");
                                 return fetch(form.getAttribute("action"), {method: "POST", body}).then(r => r.status); };
            return Promise.all([post(), post()]);
        }"""
    )
    assert statuses == [200, 200]  # both end on the sent message
    # And a third time from the page still showing the form, as after the back button.
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Meldingen er sendt")
    expect(page.get_by_role("listitem").filter(has_text="Fra deg")).to_have_count(1)
    threads = state(page)["threads"]
    assert len(threads) == 1 and len(threads[0]["messages"]) == 1


def test_the_error_state_is_accessible(page, start, assert_accessible):
    open_form(start)
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("Skriv et emne.")
    expect(page.get_by_role("alert")).to_contain_text("Skriv en melding.")
    assert_accessible(page)


@pytest.fixture
def no_js_page(browser, base_url):
    context = browser.new_context(base_url=base_url, java_script_enabled=False)
    yield context.new_page()
    context.close()


def test_without_javascript_send_and_errors_work(no_js_page, tmp_path):
    page = no_js_page
    page.goto("/_sim/start/alle-tjenester-pa?next=/kontakt-legekontoret")
    fill(page)
    expect(page.get_by_text("0/1000 tegn")).to_be_visible()  # no live counter, but the server's count

    big = tmp_path / "stor.pdf"
    big.write_bytes(pdf_bytes(60 * MB))
    page.get_by_label("Vedlegg (valgfritt)").set_input_files([str(big)])
    page.get_by_role("button", name="Last opp").click()
    expect_error(page, "Filene kan være på til sammen 20MB. «stor.pdf» (60,0 MB) ble ikke lagt ved.")
    expect_kept(page)

    page.get_by_label("Vedlegg (valgfritt)").set_input_files([png(), {"name": "x.png", "mimeType": "image/png", "buffer": b"tekst"}])
    page.get_by_role("button", name="Send", exact=True).click()
    expect_error(page, "«x.png» er ikke en JPG-, PNG- eller PDF-fil")
    expect(attachments(page)).to_contain_text("bilde.png")
    expect_kept(page)

    page.get_by_label("Din melding").fill("a" * 1001)
    page.get_by_role("button", name="Send", exact=True).click()
    expect_error(page, "Meldingen kan ha høyst 1000 tegn.")
    expect(page.get_by_text("1001/1000 tegn")).to_be_visible()

    page.get_by_label("Din melding").fill("Kort og greit.")
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Meldingen er sendt")
    [thread] = page.request.get("/_sim/state").json()["inbox"]["threads"]
    assert [a["name"] for a in thread["messages"][0]["attachments"]] == ["bilde.png"]


def test_a_body_far_over_the_limit_gets_the_form_back_with_javascript(page, start, tmp_path):
    open_form(start)
    fill(page)
    big = tmp_path / "enorm.pdf"
    big.write_bytes(pdf_bytes(120 * MB))
    page.get_by_label("Vedlegg (valgfritt)").set_input_files([str(big)])
    page.get_by_role("button", name="Send", exact=True).click()
    expect_error(page, "«enorm.pdf» (120,0 MB) ble ikke lagt ved.")
    expect_kept(page)
