"""Running a real simulator for browser tests.

``SimServer`` starts ``portal serve`` (the production server) on a free port
with its own temporary database (or the one it is given), and stops it
afterwards. ``SimState`` is ``/_sim/state`` as typed data. The pytest plugin (``portal.pytest_plugin``)
builds its fixtures on both; scripts such as ``portal screenshots`` use them too.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field, fields
from datetime import date
from pathlib import Path
from typing import Any

# Chromium flags for a closed network: without them Chromium keeps trying to
# reach Google's services at start-up.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_env() -> dict[str, str]:
    """The environment to launch Chromium in: Norwegian, so the browser's own
    controls (the file picker's «Velg filer») read as a patient's browser does.
    Needs Chromium's Norwegian locale (Debian: chromium-l10n); else English."""
    return {**os.environ, "LANGUAGE": "nb"}


def system_chromium() -> str | None:
    """The system Chromium if there is one (Playwright's own download may be impossible)."""
    explicit = os.environ.get("PORTAL_CHROMIUM")
    if explicit:
        return explicit
    for name in ("chromium", "chromium-browser"):
        if found := shutil.which(name):
            return found
    return None


def chromium_executable(playwright) -> str | None:
    """The ``executable_path`` to launch Chromium with, or None for Playwright's own:
    ``PORTAL_CHROMIUM`` if set, else Playwright's own if it was downloaded,
    else the system's."""
    if os.environ.get("PORTAL_CHROMIUM") or not Path(playwright.chromium.executable_path).exists():
        return system_chromium()
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SimServer:
    """A simulator in a subprocess: ``with SimServer() as sim: sim.url``."""

    def __init__(
        self,
        scenarios: Path | None = None,
        workers: int = 2,
        default_scenario: str | None = None,
        port: int | None = None,
        startup_timeout: float = 30,
        database_url: str | None = None,
        settings: dict[str, str] | None = None,
    ):
        self.scenarios = scenarios
        self.workers = workers
        self.default_scenario = default_scenario
        self.port = port or _free_port()
        self.startup_timeout = startup_timeout
        self.database_url = database_url  # None: SQLite in the server's temporary folder
        self.settings = dict(settings or {})  # more environment, e.g. {"PORTAL_PROXY_HOPS": "1"}
        self.url = f"http://127.0.0.1:{self.port}"
        self._tmp: tempfile.TemporaryDirectory | None = None
        self._process: subprocess.Popen | None = None

    @property
    def instance(self) -> Path | None:
        """The server's instance folder (database, secret key, log) while it runs."""
        return Path(self._tmp.name) if self._tmp else None

    @property
    def env(self) -> dict[str, str]:
        """Environment for a ``portal`` command that works on this server's database."""
        instance = self.instance
        database_url = self.database_url or f"sqlite:///{instance / 'portal.sqlite3'}"
        return {**os.environ, **self.settings, "PORTAL_INSTANCE": str(instance), "DATABASE_URL": database_url}

    def start(self) -> SimServer:
        self._tmp = tempfile.TemporaryDirectory(prefix="portal-sim-")
        instance = self.instance
        env = self.env
        command = [sys.executable, "-m", "portal", "serve", "--port", str(self.port), "--workers", str(self.workers)]
        if self.scenarios:
            command += ["--scenarios", str(self.scenarios)]
        if self.default_scenario:
            command += ["--scenario", self.default_scenario]
        self._log = open(instance / "server.log", "wb")
        self._process = subprocess.Popen(command, env=env, stdout=self._log, stderr=subprocess.STDOUT)
        self._wait_until_up(self.startup_timeout)
        return self

    def _wait_until_up(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"the simulator stopped at start-up:\n{self.log()}")
            # Our own server must be listening: on a port taken meanwhile by another
            # simulator (parallel workers) the health check would answer for that one.
            if self._listening():
                try:
                    with urllib.request.urlopen(f"{self.url}/_sim/health", timeout=1) as response:
                        if json.load(response)["status"] == "ok":
                            return
                except OSError:
                    pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"the simulator did not answer within {timeout} s:\n{self.log()}")

    def _listening(self) -> bool:
        log = self.log()
        # gunicorn says "Listening at: <url>", waitress "Serving on <url>".
        return f"Listening at: {self.url}" in log or f"Serving on {self.url}" in log

    def log(self) -> str:
        if self._tmp is None:
            return ""
        return (Path(self._tmp.name) / "server.log").read_text(errors="replace")

    def stop(self) -> None:
        if self._process is not None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
            self._process = None
            self._log.close()
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    def __enter__(self) -> SimServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


# /_sim/state as typed data, mirroring docs/state.md. The document only ever
# gains keys: unknown ones are ignored here and stay readable in ``raw``.


def _known(cls, data: dict[str, Any]) -> dict[str, Any]:
    names = {f.name for f in fields(cls)}
    return {key: value for key, value in data.items() if key in names}


@dataclass(frozen=True)
class ScenarioRef:
    id: str
    title: str


@dataclass(frozen=True)
class Persona:
    name: str
    new_messages: int = 0
    new_events: int = 0


@dataclass(frozen=True)
class Practitioner:
    name: str


@dataclass(frozen=True)
class Office:
    name: str
    address: str = ""
    phone: str = ""


@dataclass(frozen=True)
class Panel:
    on: bool
    message: str
    message_visible: bool


@dataclass(frozen=True)
class Service:
    id: str
    name: str
    on: bool
    message: str
    message_visible: bool


@dataclass(frozen=True)
class SimState:
    """One browser's sandbox: ``state.panel.on``, ``state.service("bestill-time").on``,
    and any other area's section as plain JSON: ``state["inbox"]``."""

    sandbox: str
    scenario: ScenarioRef
    today: date
    persona: Persona
    gp: Practitioner
    office: Office
    panel: Panel
    services: list[Service]
    raw: dict[str, Any] = field(repr=False, compare=False)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SimState:
        return cls(
            sandbox=data["sandbox"],
            scenario=ScenarioRef(**_known(ScenarioRef, data["scenario"])),
            today=date.fromisoformat(data["today"]),
            persona=Persona(**_known(Persona, data["persona"])),
            gp=Practitioner(**_known(Practitioner, data["gp"])),
            office=Office(**_known(Office, data["office"])),
            panel=Panel(**_known(Panel, data["panel"])),
            services=[Service(**_known(Service, s)) for s in data["services"]],
            raw=data,
        )

    def service(self, service_id: str) -> Service:
        for service in self.services:
            if service.id == service_id:
                return service
        raise KeyError(f"no service {service_id!r}; there are {[s.id for s in self.services]}")

    @property
    def offered(self) -> list[str]:
        """The ids of the services that are on, in the panel's order."""
        return [service.id for service in self.services if service.on]

    def __getitem__(self, section: str) -> Any:
        """Any key of the document as plain JSON, e.g. sections other areas add."""
        return self.raw[section]

    def __contains__(self, section: str) -> bool:
        return section in self.raw
