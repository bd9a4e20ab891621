"""The simulator, base_url, the browser and ``sim`` come from our own pytest
plugin (portal/pytest_plugin/), as in any user's suite. Only what is ours
alone is here."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect


@pytest.fixture
def start(page, sim):
    """Start a scenario in this test's own browser context: ``start("alle-tjenester-av", "/fastlege")``."""

    def start(scenario_id: str, next_path: str = "/"):
        return sim.start(page, scenario_id, next_path)

    return start


@pytest.fixture
def mark_absent():
    """``mark_absent(page, "E-konsultasjon", text)``: in the office's tool open on
    ``page``, the service's Fravær ticked with ``text`` as its message, and saved."""

    def mark(page, office_name: str, text: str):
        section = page.get_by_role("region", name=office_name)
        section.get_by_role("checkbox", name=f"Fravær ({office_name})").check()
        section.get_by_role("textbox", name=f"Fraværsmelding til pasientene ({office_name})").fill(text)
        page.get_by_role("button", name="Lagre").click()
        expect(page.get_by_role("status")).to_have_text("Endringene er lagret.")

    return mark


@pytest.fixture(scope="session")
def axe():
    return Axe()


@pytest.fixture
def assert_accessible(axe):
    def check(page):
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})
        assert results.violations_count == 0, results.generate_report()

    return check
