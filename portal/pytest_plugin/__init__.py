"""A pytest plugin for Playwright suites that drive the simulator.

Installed with the package (entry point ``pytest11``), so a suite needs no
code of its own to get:

- ``sim_server``: a real simulator (production server, temporary database) for
  the test session; under pytest-xdist every worker gets its own. Override the
  fixture ``sim_database_url`` to run it on a database of your choice;
- ``base_url``: that server's address, so ``page.goto("/")`` goes there;
- ``sim``: ``sim.start(page, "anbefalt-losning-1")``, ``sim.reset(page)`` and
  ``sim.state(page)`` (typed, see ``portal.testing.SimState``);
- ``browser_type_launch_args``: the system Chromium when Playwright's own is absent.

Options: ``--sim-scenarios DIR`` or the ini value ``sim_scenarios`` for your own
scenario files; ``--base-url URL`` to use a simulator you started yourself.
Nothing starts unless a test asks for one of these fixtures.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from ..testing import SimServer, SimState

_CSRF_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("portal-sim", "Helsenorge-simulatoren")
    group.addoption("--sim-scenarios", metavar="DIR", help="folder of your own scenario files for the simulator")
    parser.addini("sim_scenarios", "folder of your own scenario files (relative to the ini file)", default="")


def pytest_configure(config: pytest.Config) -> None:
    # Registered now, after every entry-point plugin: see overrides.py.
    if config.pluginmanager.hasplugin("playwright"):
        from . import overrides

        config.pluginmanager.register(overrides, "portal-sim-playwright")


def _scenarios_folder(config: pytest.Config) -> Path | None:
    if option := config.getoption("sim_scenarios"):
        return (config.invocation_params.dir / option).resolve()
    if ini := config.getini("sim_scenarios"):
        base = config.inipath.parent if config.inipath else config.rootpath
        return (base / ini).resolve()
    return None


@pytest.fixture(scope="session")
def sim_database_url() -> str | None:
    """The database ``sim_server`` uses; None: SQLite in its temporary folder."""
    return None


@pytest.fixture(scope="session")
def sim_server(pytestconfig: pytest.Config, sim_database_url: str | None):
    """A simulator of this test session's own (of each xdist worker's own)."""
    with SimServer(scenarios=_scenarios_folder(pytestconfig), database_url=sim_database_url) as server:
        yield server


class Sim:
    """Scenario control for a Playwright ``Page`` or ``BrowserContext``.

    A context is one browser with its own sandbox; a page acts for its context.
    """

    def __init__(self, base_url: str):
        self.base_url = base_url.rstrip("/")

    def url(self, path: str) -> str:
        return self.base_url + path

    def start(self, target: Any, scenario_id: str, next: str = "/") -> Any:
        """A fresh sandbox from ``scenario_id``; a page then shows ``next``."""
        url = self.url(f"/_sim/start/{quote(scenario_id)}?next={quote(next)}")
        if hasattr(target, "goto"):
            response = target.goto(url)
        else:
            response = target.request.get(url)
        if response is None or not response.ok:
            status = response.status if response else "no response"
            raise AssertionError(f"could not start scenario {scenario_id!r} ({status}): is it in the scenarios folder?")
        return target

    def reset(self, target: Any) -> None:
        """Back to the scenario's start, as the simulator bar's «Nullstill» does.

        A page on the simulator is loaded again to show the fresh state.
        """
        request = target.request
        token = _CSRF_TOKEN.search(request.get(self.url("/_sim/")).text())
        response = request.post(self.url("/_sim/reset"), form={"csrf_token": token.group(1), "next": "/_sim/state"})
        assert response.ok, f"reset failed: {response.status}"
        if hasattr(target, "goto") and target.url.startswith(self.base_url + "/"):
            target.goto(target.url)

    def state(self, target: Any) -> SimState:
        """``/_sim/state`` of this browser's sandbox, as typed data."""
        return SimState.from_json(target.request.get(self.url("/_sim/state")).json())


@pytest.fixture
def sim(base_url: str) -> Sim:
    """``sim.start(page, id)``, ``sim.reset(page)``, ``sim.state(page)``."""
    return Sim(base_url)
