"""The office-side editor at /_sim/kontor and the presenter page."""

from playwright.sync_api import expect

SWITCH = "Tilbyr tjenesten: Reseptfornyelse"
PANEL_FIELD = "Tilleggsinformasjon fra legekontor (Helsekontakt inkl. fastlegepanel)"


def state(page):
    return page.request.get("/_sim/state").json()


def service_state(page, service_id):
    return next(s for s in state(page)["services"] if s["id"] == service_id)


def test_editor_shows_the_office_tools_sections(page, start):
    start("anbefalt-losning-1", "/_sim/kontor")
    expect(page.get_by_role("heading", level=1)).to_have_text("Helsetilbud")
    sections = ["Helsekontakt inkl. fastlegepanel", "Reseptfornyelse", "E-konsultasjon", "Kontakt legekontoret", "Timebestilling"]
    expect(page.locator(".office-service").get_by_role("heading", level=3)).to_have_text(sections)
    expect(page.get_by_role("region", name="Reseptfornyelse")).to_contain_text("✘ Du tilbyr ikke tjenesten")
    expect(page.get_by_role("region", name="Kontakt legekontoret")).to_contain_text("Du tilbyr tjenesten")
    expect(page.get_by_text("Standardtekst som vises på Helsenorge (ikke redigerbar)")).to_have_count(5)
    expect(page.get_by_role("region", name="Kontakt legekontoret").get_by_text("200/300 tegn")).to_be_visible()
    expect(page.get_by_role("link", name="Se hvordan tjenestene vises for pasientene")).to_have_attribute("target", "_blank")
    expect(page.get_by_role("button", name="Lagre")).to_be_visible()
    expect(page.get_by_role("button", name="Avbryt")).to_be_visible()


def test_switch_turns_forny_resept_off_and_on_and_the_front_page_follows(page, start):
    start("alle-tjenester-pa", "/_sim/kontor")
    switch = page.get_by_role("switch", name=SWITCH)
    expect(switch).to_have_attribute("aria-checked", "true")

    switch.click()
    expect(switch).to_have_attribute("aria-checked", "false")
    expect(page.get_by_role("region", name="Reseptfornyelse")).to_contain_text("✘ Du tilbyr ikke tjenesten")
    assert service_state(page, "forny-resept")["on"] is False
    page.goto("/")
    expect(page.get_by_role("link", name="Bestill time")).to_be_visible()
    expect(page.get_by_role("link", name="Forny resept")).to_have_count(0)

    page.goto("/_sim/kontor")
    page.get_by_role("switch", name=SWITCH).click()
    expect(page.get_by_role("switch", name=SWITCH)).to_have_attribute("aria-checked", "true")
    page.goto("/")
    expect(page.get_by_role("link", name="Forny resept")).to_be_visible()


def test_a_201_character_panel_message_is_refused_and_kept(page, start):
    start("alle-tjenester-pa", "/_sim/kontor")
    before = state(page)["panel"]["message"]
    field = page.get_by_role("textbox", name=PANEL_FIELD)
    too_long = "x" * 201
    field.fill(too_long)
    expect(page.get_by_text("201/200 tegn")).to_be_visible()
    page.get_by_role("button", name="Lagre").click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Sjekk at alt er riktig utfylt:")
    expect(summary).to_contain_text("Feltet kan kun inneholde 200 tegn!")
    expect(page.get_by_role("region", name="Helsekontakt inkl. fastlegepanel")).to_contain_text("Feltet kan kun inneholde 200 tegn!")
    expect(page.get_by_role("textbox", name=PANEL_FIELD)).to_have_value(too_long)
    expect(page.get_by_role("textbox", name=PANEL_FIELD)).to_have_attribute("aria-invalid", "true")
    assert state(page)["panel"]["message"] == before

    page.get_by_role("textbox", name=PANEL_FIELD).fill("y" * 200)
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_role("status")).to_have_text("Endringene er lagret.")
    assert state(page)["panel"]["message"] == "y" * 200


def test_a_301_character_service_message_is_refused(page, start):
    start("alle-tjenester-pa", "/_sim/kontor")
    field = page.get_by_role("textbox", name="Tilleggsinformasjon fra legekontor (Timebestilling)")
    field.fill("z" * 301)
    page.get_by_role("button", name="Lagre").click()
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
    expect(page.get_by_role("region", name="Helsekontakt inkl. fastlegepanel").get_by_text(f"{len(original)}/200 tegn")).to_be_visible()


def test_saving_and_switching_work_without_javascript(browser, base_url):
    context = browser.new_context(base_url=base_url, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto("/_sim/start/anbefalt-losning-1?next=/_sim/kontor")
        page.get_by_role("textbox", name=PANEL_FIELD).fill("Uten JavaScript")
        page.get_by_role("button", name="Lagre").click()
        expect(page.get_by_role("status")).to_have_text("Endringene er lagret.")
        expect(page.get_by_role("textbox", name=PANEL_FIELD)).to_have_value("Uten JavaScript")

        page.get_by_role("switch", name=SWITCH).click()
        expect(page.get_by_role("switch", name=SWITCH)).to_have_attribute("aria-checked", "true")
        assert service_state(page, "forny-resept")["on"] is True

        page.get_by_role("textbox", name=PANEL_FIELD).fill("x" * 201)
        page.get_by_role("button", name="Lagre").click()
        expect(page.get_by_role("alert")).to_contain_text("Feltet kan kun inneholde 200 tegn!")
        expect(page.get_by_role("textbox", name=PANEL_FIELD)).to_have_value("x" * 201)
        assert state(page)["panel"]["message"] == "Uten JavaScript"
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


def test_editor_and_presenter_are_accessible(page, start, assert_accessible):
    start("fravaer", "/_sim/kontor")
    assert_accessible(page)
    page.get_by_role("textbox", name=PANEL_FIELD).fill("x" * 201)
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("textbox", name=PANEL_FIELD).fill("x")
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_role("status")).to_have_text("Endringene er lagret.")
    assert_accessible(page)
    page.goto("/_sim/presenter")
    assert_accessible(page)
    start("ny-forside", "/_sim/presenter")
    assert_accessible(page)
