"""The trainer's dashboard under /_sim/."""

from playwright.sync_api import expect

WEBINAR_TABLES = {
    "Alle tjenester på": [("Fastlegepanelet", "På", "Synlig")] + [(s, "På", "Synlig") for s in ("Bestill time", "Forny resept", "Start e-konsultasjon", "Kontakt legekontoret")],
    "Alle tjenester av": [("Fastlegepanelet", "Av", "Ikke synlig")] + [(s, "Av", "Ikke synlig") for s in ("Bestill time", "Forny resept", "Start e-konsultasjon", "Kontakt legekontoret")],
    "Anbefalt løsning 1": [
        ("Fastlegepanelet", "På", "Synlig"),
        ("Bestill time", "Av", "Ikke synlig"),
        ("Forny resept", "Av", "Ikke synlig"),
        ("Start e-konsultasjon", "Av", "Ikke synlig"),
        ("Kontakt legekontoret", "På", "Synlig"),
    ],
    "Anbefalt løsning 2": [
        ("Fastlegepanelet", "På", "Synlig"),
        ("Bestill time", "På", "Synlig"),
        ("Forny resept", "Av", "Ikke synlig"),
        ("Start e-konsultasjon", "Av", "Ikke synlig"),
        ("Kontakt legekontoret", "Av", "Ikke synlig"),
    ],
}


def table_rows(table):
    """(Tjeneste, På/Av, Informasjonsmelding) per body row, without the "(ingen tekst)" note."""
    rows = []
    for row in table.locator("tbody").get_by_role("row").all():
        cells = [row.get_by_role("rowheader").inner_text()] + row.get_by_role("cell").all_inner_texts()
        rows.append(tuple(cell.split(" (")[0].strip() for cell in cells))
    return rows


def test_dashboard_lists_the_scenarios_with_the_webinars_tables(page):
    page.goto("/_sim/")
    for title, rows in WEBINAR_TABLES.items():
        item = page.get_by_role("listitem").filter(has=page.get_by_role("heading", name=title, exact=True))
        expect(item).to_have_count(1)
        assert table_rows(item.get_by_role("table")) == rows
        expect(item.get_by_role("button", name=f"Start {title}")).to_be_visible()


def test_one_click_starts_a_scenario(page, base_url):
    page.goto("/_sim/")
    page.get_by_role("button", name="Start Anbefalt løsning 2").click()
    expect(page).to_have_url(base_url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hei, Kurt Håkon")
    expect(page.get_by_role("link", name="Bestill time")).to_be_visible()


def test_reset_restores_the_start_and_stays_on_the_page(page, start, base_url):
    start("alle-tjenester-av")
    before = page.request.get("/_sim/state").json()["sandbox"]
    page.goto("/fastlege")
    page.get_by_role("complementary", name="Simulator").get_by_role("button", name="Nullstill").click()
    expect(page).to_have_url(base_url + "/fastlege")
    state = page.request.get("/_sim/state").json()
    assert state["sandbox"] == before and state["scenario"]["id"] == "alle-tjenester-av"
    assert [s["on"] for s in state["services"]] == [False] * 4


def test_unknown_scenario_gives_a_404_with_the_valid_ids(page):
    response = page.goto("/_sim/start/jul-2023")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Fant ikke scenarioet")
    expect(page.get_by_text("jul-2023")).to_be_visible()
    for scenario_id in ("alle-tjenester-pa", "alle-tjenester-av", "anbefalt-losning-1", "anbefalt-losning-2"):
        expect(page.get_by_role("link", name=scenario_id)).to_be_visible()


def test_dashboard_is_accessible(page, assert_accessible):
    page.goto("/_sim/")
    assert_accessible(page)


def test_reset_works_without_javascript(browser, base_url):
    context = browser.new_context(base_url=base_url, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto("/_sim/start/anbefalt-losning-1")
        page.get_by_role("button", name="Nullstill").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Hei, Grådig")
    finally:
        context.close()
