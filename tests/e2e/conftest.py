import pytest
from axe_playwright_python.sync_playwright import Axe

from portal.testing import CHROMIUM_ARGS, SimServer, system_chromium


@pytest.fixture(scope="session")
def sim_server():
    with SimServer() as server:
        yield server


@pytest.fixture(scope="session")
def base_url(sim_server):
    return sim_server.url


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    args = {**browser_type_launch_args, "args": CHROMIUM_ARGS}
    if executable := system_chromium():
        args["executable_path"] = executable
    return args


@pytest.fixture
def start(page):
    """Start a scenario in this test's own browser context."""

    def start(scenario_id: str, next_path: str = "/"):
        page.goto(f"/_sim/start/{scenario_id}?next={next_path}")
        return page

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
