"""The simulator, base_url, the browser and ``sim`` come from our own pytest
plugin (portal/pytest_plugin.py), as in any user's suite. Only what is ours
alone is here."""

import pytest
from axe_playwright_python.sync_playwright import Axe


@pytest.fixture
def start(page, sim):
    """Start a scenario in this test's own browser context: ``start("alle-tjenester-av", "/fastlege")``."""

    def start(scenario_id: str, next_path: str = "/"):
        return sim.start(page, scenario_id, next_path)

    return start


@pytest.fixture(scope="session")
def axe():
    return Axe()


@pytest.fixture
def assert_accessible(axe):
    def check(page):
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})
        assert results.violations_count == 0, results.generate_report()

    return check
