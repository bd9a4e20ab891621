"""The office's side: Helsetilbud at /_sim/kontor, the simulated journal system, and the presenter page."""

from playwright.sync_api import expect

SWITCH = "Tilbyr tjenesten: Reseptfornyelse"
PANEL_FIELD = "Tilleggsinformasjon fra legekontor (Helsekontakt inkl. fastlegepanel)"


def state(page):
    return page.request.get("/_sim/state").json()


def service_state(page, service_id):
    return next(s for s in state(page)["services"] if s["id"] == service_id)


def without_maxlength(page):
    """As a browser that does not keep to maxlength (or a request made by hand): the server must still refuse."""
    page.evaluate("document.querySelectorAll('[maxlength]').forEach((field) => field.removeAttribute('maxlength'))")


def test_editor_shows_helsetilbud_as_the_seed_does(page, start):
    start("anbefalt-losning-1", "/_sim/kontor")
    expect(page.get_by_role("heading", level=1)).to_have_text("Helsetilbud")
    organisations = page.get_by_role("combobox", name="Velg virksomhet")
    expect(organisations.locator("option")).to_have_text(["felles test", "DDFL Test"])
    expect(organisations).to_have_value("felles-test")
    tabs = page.get_by_role("navigation", name="Helsetilbud").get_by_role("link")
    expect(tabs).to_have_text(["Infomeldinger", "Integrerte verktøy"])
    expect(tabs.first).to_have_attribute("aria-current", "page")
    sections = ["Helsekontakt inkl. fastlegepanel", "Reseptfornyelse", "E-konsultasjon", "Kontakt legekontoret", "Timebestilling"]
    expect(page.locator(".office-service").get_by_role("heading", level=3)).to_have_text(sections)
    expect(page.get_by_text("Standardtekst som vises på Helsenorge (ikke redigerbar)")).to_have_count(5)
    # Per service what the seed shows: «✘ Du tilbyr ikke tjenesten» while off, nothing while on.
    for off in ("Reseptfornyelse", "E-konsultasjon", "Timebestilling"):
        expect(page.get_by_role("region", name=off)).to_contain_text("✘ Du tilbyr ikke tjenesten")
    expect(page.get_by_role("region", name="Kontakt legekontoret").get_by_text("Du tilbyr ikke tjenesten")).to_be_hidden()
    expect(page.get_by_role("region", name="Helsekontakt inkl. fastlegepanel")).to_contain_text("DDFL TestLysakertorg_Test, 1325 LYSAKER")
    expect(page.get_by_role("region", name="Reseptfornyelse")).to_contain_text("Be om å få fornyet en eller flere resepter.")
    e_consultation = page.get_by_role("region", name="E-konsultasjon")
    expect(e_consultation.get_by_role("heading", name="Slik fungerer det")).to_be_visible()
    expect(e_consultation).to_contain_text("Still et medisinsk spørsmål til fastlegen din.")
    expect(page.get_by_role("region", name="Timebestilling").locator(".office-service__standard")).to_have_text("Ingen")
    expect(page.get_by_role("region", name="Kontakt legekontoret").get_by_text("200/300", exact=True)).to_be_visible()
    expect(page.get_by_role("switch")).to_have_count(0)  # the journal system's, not Helsetilbud's
    expect(page.get_by_role("link", name="Se hvordan tjenestene vises for pasientene")).to_have_attribute("target", "_blank")
    expect(page.get_by_role("button", name="Lagre")).to_be_visible()
    expect(page.get_by_role("button", name="Avbryt")).to_be_visible()


def test_velg_virksomhet_and_the_second_tab_lead_somewhere(page, start):
    start("ny-forside", "/_sim/kontor")
    page.get_by_role("combobox", name="Velg virksomhet").select_option("Ekeberg legekontor")
    page.get_by_role("button", name="Velg").click()
    expect(page.get_by_role("combobox", name="Velg virksomhet")).to_have_value("kontor")
    page.get_by_role("link", name="Integrerte verktøy").click()
    expect(page.get_by_role("link", name="Integrerte verktøy")).to_have_attribute("aria-current", "page")
    expect(page.get_by_role("combobox", name="Velg virksomhet")).to_have_value("kontor")
    expect(page.get_by_role("region", name="Integrerte verktøy")).to_contain_text("Simulatoren har ingen integrerte verktøy.")
    page.get_by_role("link", name="journalsystemet (simulert)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Journalsystemet (simulert)")
    expect(page.get_by_role("switch")).to_have_count(4)


def test_the_field_stops_at_its_limit_and_says_so_as_the_user_types(page, start):
    start("alle-tjenester-pa", "/_sim/kontor")
    section = page.get_by_role("region", name="Helsekontakt inkl. fastlegepanel")
    field = page.get_by_role("textbox", name=PANEL_FIELD)
    field.fill("")
    field.press_sequentially("a" * 199)
    expect(section.get_by_text("199/200", exact=True)).to_be_visible()
    expect(section.get_by_text("Feltet kan kun inneholde 200 tegn!")).to_be_hidden()
    field.press("b")
    expect(section.locator(".counter")).to_have_text("Feltet kan kun inneholde 200 tegn! 200/200", use_inner_text=True)
    field.press("c")  # a 201st character is not taken
    expect(field).to_have_value("a" * 199 + "b")
    expect(section.locator(".counter")).to_have_text("Feltet kan kun inneholde 200 tegn! 200/200", use_inner_text=True)
    field.press("Backspace")
    expect(section.locator(".counter")).to_have_text("199/200", use_inner_text=True)
    # A paste that is too long is cut at the limit; a line break counts once, as the server counts it.
    field.fill("x" * 150 + "\n" + "y" * 100)
    expect(field).to_have_value("x" * 150 + "\n" + "y" * 49)
    expect(section.locator(".counter")).to_have_text("Feltet kan kun inneholde 200 tegn! 200/200", use_inner_text=True)
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_role("status")).to_have_text("Endringene er lagret.")
    assert state(page)["panel"]["message"] == "x" * 150 + "\n" + "y" * 49


def test_the_switch_in_the_journal_system_turns_forny_resept_off_and_on(page, start):
    start("alle-tjenester-pa", "/_sim/kontor/journalsystem")
    switch = page.get_by_role("switch", name=SWITCH)
    expect(switch).to_have_attribute("aria-checked", "true")

    switch.click()
    expect(switch).to_have_attribute("aria-checked", "false")
    assert service_state(page, "forny-resept")["on"] is False
    page.goto("/")
    expect(page.get_by_role("link", name="Bestill time")).to_be_visible()
    expect(page.get_by_role("link", name="Forny resept")).to_have_count(0)
    page.goto("/_sim/kontor")
    expect(page.get_by_role("region", name="Reseptfornyelse")).to_contain_text("✘ Du tilbyr ikke tjenesten")

    page.goto("/_sim/kontor/journalsystem")
    page.get_by_role("switch", name=SWITCH).click()
    expect(page.get_by_role("switch", name=SWITCH)).to_have_attribute("aria-checked", "true")
    page.goto("/")
    expect(page.get_by_role("link", name="Forny resept")).to_be_visible()


def test_a_201_character_panel_message_is_refused_by_the_server_naming_the_field(page, start):
    start("alle-tjenester-pa", "/_sim/kontor")
    before = state(page)["panel"]["message"]
    without_maxlength(page)
    field = page.get_by_role("textbox", name=PANEL_FIELD)
    too_long = "x" * 201
    field.fill(too_long)
    expect(page.get_by_text("201/200", exact=True)).to_be_visible()
    page.get_by_role("button", name="Lagre").click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Sjekk at alt er riktig utfylt:")
    expect(summary.get_by_role("link")).to_have_text(f"{PANEL_FIELD}: Feltet kan kun inneholde 200 tegn!")
    expect(page.get_by_role("region", name="Helsekontakt inkl. fastlegepanel").locator(".field__error")).to_have_text("Feltet kan kun inneholde 200 tegn!")
    expect(page.get_by_role("textbox", name=PANEL_FIELD)).to_have_value(too_long)
    expect(page.get_by_role("textbox", name=PANEL_FIELD)).to_have_attribute("aria-invalid", "true")
    assert state(page)["panel"]["message"] == before

    page.get_by_role("textbox", name=PANEL_FIELD).fill("y" * 200)
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_role("status")).to_have_text("Endringene er lagret.")
    assert state(page)["panel"]["message"] == "y" * 200


def test_a_301_character_service_message_is_refused(page, start):
    start("alle-tjenester-pa", "/_sim/kontor")
    without_maxlength(page)
    field = page.get_by_role("textbox", name="Tilleggsinformasjon fra legekontor (Timebestilling)")
    field.fill("z" * 301)
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_role("alert").get_by_role("link")).to_have_text("Tilleggsinformasjon fra legekontor (Timebestilling): Feltet kan kun inneholde 300 tegn!")
    expect(page.get_by_role("region", name="Timebestilling")).to_contain_text("Feltet kan kun inneholde 300 tegn!")
    expect(page.get_by_role("textbox", name="Tilleggsinformasjon fra legekontor (Timebestilling)")).to_have_value("z" * 301)


def test_markup_in_a_message_shows_as_typed(page, start):
    start("alle-tjenester-pa", "/_sim/kontor")
    typed = '<b>Stengt</b> <img src=x onerror="alert(1)"> & "mer"'
    page.get_by_role("textbox", name=PANEL_FIELD).fill(typed)
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_role("status")).to_have_text("Endringene er lagret.")
    page.goto("/")
    info = page.get_by_role("region", name="Informasjon fra legekontoret")
    expect(info.locator("p")).to_have_text(typed)
    expect(info.locator("b, img")).to_have_count(0)


def test_absence_set_in_the_editor_reaches_the_service_page(page, start, mark_absent):
    start("alle-tjenester-pa", "/_sim/kontor")
    mark_absent(page, "E-konsultasjon", "Ingen leser e-konsultasjoner i uke 52. Ring oss.")
    expect(page.get_by_role("region", name="E-konsultasjon")).to_contain_text("Fravær")
    assert service_state(page, "e-konsultasjon")["status"] == "absent"

    page.goto("/")
    page.get_by_role("link", name="Start e-konsultasjon").click()
    expect(page.get_by_role("region", name="Legekontoret har fravær")).to_contain_text("Ingen leser e-konsultasjoner i uke 52. Ring oss.")


def test_avbryt_puts_back_what_was_there(page, start):
    start("alle-tjenester-pa", "/_sim/kontor")
    field = page.get_by_role("textbox", name=PANEL_FIELD)
    original = field.input_value()
    field.fill("Noe annet")
    page.get_by_role("button", name="Avbryt").click()
    expect(field).to_have_value(original)
    expect(page.get_by_role("region", name="Helsekontakt inkl. fastlegepanel").get_by_text(f"{len(original)}/200", exact=True)).to_be_visible()


def test_saving_and_switching_work_without_javascript(browser, base_url):
    context = browser.new_context(base_url=base_url, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto("/_sim/start/anbefalt-losning-1?next=/_sim/kontor")
        page.get_by_role("textbox", name=PANEL_FIELD).fill("Uten JavaScript")
        page.get_by_role("button", name="Lagre").click()
        expect(page.get_by_role("status")).to_have_text("Endringene er lagret.")
        expect(page.get_by_role("textbox", name=PANEL_FIELD)).to_have_value("Uten JavaScript")

        page.get_by_role("textbox", name=PANEL_FIELD).fill("x" * 201)  # the field stops at 200 without JavaScript too
        expect(page.get_by_role("textbox", name=PANEL_FIELD)).to_have_value("x" * 200)
        expect(page.get_by_text("Feltet kan kun inneholde 200 tegn! 200/200")).to_have_count(0)  # the server's count stays until saved

        page.goto("/_sim/kontor/journalsystem")
        page.get_by_role("switch", name=SWITCH).click()
        expect(page.get_by_role("switch", name=SWITCH)).to_have_attribute("aria-checked", "true")
        assert service_state(page, "forny-resept")["on"] is True
    finally:
        context.close()


def test_presenter_updates_the_patients_page_without_reload(page, start):
    start("alle-tjenester-pa", "/_sim/presenter")
    patient = page.get_by_role("region", name="Pasientens side")
    table_rows = page.locator("#live-table tbody").get_by_role("row")
    expect(patient.get_by_role("link", name="Forny resept")).to_be_visible()
    page.evaluate("window.notReloaded = true")

    page.get_by_role("switch", name=SWITCH).click()
    expect(patient.get_by_role("link", name="Forny resept")).to_have_count(0)
    expect(table_rows.filter(has_text="Forny resept").get_by_role("cell").first).to_have_text("Av")
    # Helsetilbud, on the same page, follows the journal system's switch.
    expect(page.get_by_role("region", name="Reseptfornyelse")).to_contain_text("✘ Du tilbyr ikke tjenesten")

    page.get_by_role("textbox", name=PANEL_FIELD).fill("Vi har stengt i dag.")
    page.get_by_role("button", name="Lagre").click()
    expect(patient.get_by_role("region", name="Informasjon fra legekontoret")).to_contain_text("Vi har stengt i dag.")
    assert page.evaluate("window.notReloaded") is True


def test_presenter_has_the_checklists_and_switches_scenario_in_one_click(page, start):
    start("alle-tjenester-pa", "/_sim/presenter")
    checklists = page.get_by_role("region", name="Sjekklister fra webinaret")
    expect(checklists.get_by_role("list").first.get_by_role("listitem")).to_have_count(4)
    expect(checklists.get_by_role("list").last.get_by_role("listitem")).to_have_count(2)
    expect(checklists).to_contain_text("Vurder hvilke tjenester på Helsenorge som skal skrus av")
    expect(checklists).to_contain_text("Oppdater informasjonsmeldingene på fastlegepanelet og tjenestene")

    page.get_by_role("button", name="Alle tjenester av").click()
    expect(page.get_by_role("button", name="Alle tjenester av")).to_have_attribute("aria-current", "true")
    expect(page.get_by_role("region", name="Pasientens side")).to_contain_text("Din fastlege tilbyr ikke timebestilling og dialog på Helsenorge")
    assert state(page)["scenario"]["id"] == "alle-tjenester-av"

    page.get_by_role("button", name="Ny forside for fastlegetjenestene").click()
    expect(page.get_by_role("region", name="Pasientens side").get_by_role("link", name="Bestille time")).to_be_visible()


def test_on_a_full_hd_projector_the_presenters_header_lines_up_with_its_content(browser, base_url):
    context = browser.new_context(base_url=base_url, viewport={"width": 1920, "height": 1080})
    try:
        page = context.new_page()
        page.goto("/_sim/start/alle-tjenester-pa?next=/_sim/presenter")
        logo = page.get_by_role("link", name="helsenorge – forsiden").bounding_box()
        heading = page.get_by_role("heading", level=1).bounding_box()
        assert abs(logo["x"] - heading["x"]) <= 2
        assert page.get_by_role("region", name="Pasientens side").bounding_box()["x"] > 900  # the width is used
    finally:
        context.close()


def test_editor_and_presenter_are_accessible(page, start, assert_accessible):
    start("fravaer", "/_sim/kontor")
    assert_accessible(page)
    page.get_by_role("textbox", name=PANEL_FIELD).fill("x" * 200)
    expect(page.get_by_text("Feltet kan kun inneholde 200 tegn! 200/200")).to_be_visible()
    assert_accessible(page)
    without_maxlength(page)
    page.get_by_role("textbox", name=PANEL_FIELD).fill("x" * 201)
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("textbox", name=PANEL_FIELD).fill("x")
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_role("status")).to_have_text("Endringene er lagret.")
    assert_accessible(page)
    page.goto("/_sim/kontor/integrerte-verktoy")
    assert_accessible(page)
    page.goto("/_sim/kontor/journalsystem")
    assert_accessible(page)
    page.goto("/_sim/presenter")
    assert_accessible(page)
    start("ny-forside", "/_sim/presenter")
    assert_accessible(page)
