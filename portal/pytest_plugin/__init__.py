"""A pytest plugin for Playwright suites that drive the simulator.

Installed with the package (entry point ``pytest11``), so a suite needs no
code of its own to get:

- ``sim_server``: a real simulator (production server, temporary database) for
  the test session; under pytest-xdist every worker gets its own. Override the
  fixture ``sim_database_url`` to run it on a database of your choice;
- ``base_url``: that server's address, so ``page.goto("/")`` goes there;
- ``sim``: ``sim.start(page, "anbefalt-losning-1", services={…}, …)``
  (``lang="en"`` for the portal in English, ``"nn"`` in nynorsk),
  ``sim.reset(page)``, ``sim.state(page)`` (typed, see ``portal.testing.SimState``)
  and ``sim.office(page)`` (reply, set_service, answer_wish, add_slot), on the
  simulator's JSON API (``sim.py``); a refusal raises ``SimApiError``;
- ``browser_type_launch_args``: the system Chromium when Playwright's own is absent.

Options (command line, or the ini value of the same name without ``--``):
``--sim-scenarios DIR`` for your own scenario files, ``--sim-default-scenario ID``,
``--sim-port PORT``, ``--sim-startup-timeout SECONDS``, ``--sim-password``
(default ``$PORTAL_PASSWORD``: sent by ``sim`` and by the browser). ``--base-url URL`` or the
ini value ``base_url``: use a simulator you started yourself, start none.
Nothing starts unless a test asks for one of these fixtures.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from ..i18n import gettext
from ..testing import SimApiError, SimServer, SimState
from .sim import Office, Sim

__all__ = ["Office", "Sim", "SimApiError", "SimState"]


# (name, metavar, type, help): each is ``--sim-…`` on the command line and ``sim_…`` in the ini file.
_OPTIONS = [
    ("scenarios", "DIR", Path, "folder of your own scenario files (in the ini file: relative to it)"),
    ("default_scenario", "ID", str, "scenario of a browser that started none (default: alle-tjenester-pa, else the folder's first)"),
    ("port", "PORT", int, "port of the simulator (default: a free one; xdist worker n uses PORT + n)"),
    ("startup_timeout", "SECONDS", float, "how long the simulator may take to start (default: 30)"),
    ("password", "PASSWORD", str, "the simulator's password, when it has one (default: $PORTAL_PASSWORD)"),
]
_SETTINGS = pytest.StashKey[dict[str, Any]]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("portal-sim", "Helsenorge-simulatoren")
    for name, metavar, _, help in _OPTIONS:
        group.addoption(f"--sim-{name.replace('_', '-')}", dest=f"sim_{name}", metavar=metavar, help=help)
        parser.addini(f"sim_{name}", help, default="")


def _settings(config: pytest.Config) -> dict[str, Any]:
    """Each option from the command line, else the ini file, as its type; None where neither gives it."""
    settings: dict[str, Any] = {}
    for name, _, kind, _ in _OPTIONS:
        if value := config.getoption(f"sim_{name}"):
            base = config.invocation_params.dir
        elif value := config.getini(f"sim_{name}"):
            base = config.inipath.parent if config.inipath else config.rootpath
        else:
            settings[name] = None
            continue
        try:
            settings[name] = (base / value).resolve() if kind is Path else kind(value)
        except ValueError:
            raise pytest.UsageError(gettext("sim_%(name)s: «%(value)s» er ikke et tall", name=name, value=value)) from None
    if settings["scenarios"]:
        from ..scenarios import require_folder

        try:
            require_folder(settings["scenarios"])
        except ValueError as exc:
            raise pytest.UsageError(f"sim_scenarios: {exc}") from None
    return settings


def pytest_configure(config: pytest.Config) -> None:
    config.stash[_SETTINGS] = _settings(config)  # a bad value stops the run here, before any test
    # Registered now, after every entry-point plugin: see overrides.py.
    if config.pluginmanager.hasplugin("playwright"):
        from . import overrides

        config.pluginmanager.register(overrides, "portal-sim-playwright")


@pytest.fixture(scope="session")
def sim_database_url() -> str | None:
    """The database ``sim_server`` uses; None: SQLite in its temporary folder."""
    return None


@pytest.fixture(scope="session")
def sim_server(pytestconfig: pytest.Config, sim_database_url: str | None):
    """A simulator of this test session's own (of each xdist worker's own)."""
    settings = pytestconfig.stash[_SETTINGS]
    port = settings["port"]
    if port:  # under xdist gw0, gw1, …: each worker a server of its own
        port += int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw"))
    server = SimServer(
        scenarios=settings["scenarios"],
        default_scenario=settings["default_scenario"],
        port=port,
        startup_timeout=settings["startup_timeout"] or 30,
        database_url=sim_database_url,
    )
    try:
        server.start()
    except RuntimeError as exc:
        server.stop()
        # The simulator's own words (a bad scenario file, say) matter here, not our traceback.
        raise pytest.fail.Exception(str(exc), pytrace=False) from None
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def sim(base_url: str, pytestconfig: pytest.Config) -> Sim:
    """``sim.start(page, id, …)``, ``sim.reset(page)``, ``sim.state(page)``, ``sim.office(page)``."""
    return Sim(base_url, password=password(pytestconfig))


def password(config: pytest.Config) -> str | None:
    """The simulator's password: ``--sim-password``, else ``PORTAL_PASSWORD`` (which a server the plugin starts has too)."""
    return config.stash[_SETTINGS]["password"] or os.environ.get("PORTAL_PASSWORD") or None
