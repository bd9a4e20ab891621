"""Running a real simulator for browser tests.

``SimServer`` starts ``portal serve`` (the production server) on a free port
with its own temporary database (or the one it is given), and stops it
afterwards. ``SimState`` is ``/_sim/state`` as typed data, and ``Thread``,
``Wish``, ``Slot`` … are the API's answers; ``SimApiError`` its refusals. The
pytest plugin (``portal.pytest_plugin``) builds its fixtures on them; scripts
such as ``portal screenshots`` use them too.
"""

from __future__ import annotations

import asyncio
import http.client
import ipaddress
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from datetime import date, datetime
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


def chromium_env(language: str = "nb") -> dict[str, str]:
    """The environment to launch Chromium in: Norwegian (or ``language``), so
    the browser's own controls (the file picker's «Velg filer») read as a
    patient's browser does. Needs Chromium's Norwegian locale (Debian:
    chromium-l10n); else English."""
    return {**os.environ, "LANGUAGE": language}


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
        args: Sequence[str] = (),
        settings: dict[str, str] | None = None,
    ):
        self.scenarios = scenarios
        self.workers = workers
        self.default_scenario = default_scenario
        self.port = port or _free_port()
        self.startup_timeout = startup_timeout
        self.database_url = database_url  # None: SQLite in the server's temporary folder
        self.args = list(args)  # more options for ``portal serve``, e.g. ["--header-timeout", "2"]
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
        command += self.args
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
        return f"Listening at: {self.url}" in self.log()  # granian's words once it has bound the port

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


# Slow clients, to show that they cannot stop a server ------------------------

SLOW_KINDS = ("headers", "body", "short-body", "reconnecting")


class SlowClients:
    """``count`` connections that each send a request as slowly as the server lets them.

    The kinds take turns: ``headers`` sends its headers one byte every
    ``interval`` seconds; ``body`` sends whole headers of a POST to
    ``post_path`` and then its body one byte at a time; ``short-body`` sends
    10 bytes of a body that says it has 1,000 and then nothing; ``reconnecting``
    sends half a request line, hangs up after a second or three and comes
    back. Every kind comes back at once when the server drops it, so
    ``count`` connections stay open as long as the server accepts them.

    Loopback only, and bounded: the clients stop by themselves after
    ``limit`` seconds. ``with SlowClients(url) as slow: ...``
    """

    def __init__(self, url: str, count: int = 200, post_path: str = "/", interval: float = 0.5, limit: float = 300):
        address = url.split("://", 1)[-1].split("/", 1)[0]
        self.host, _, port = address.rpartition(":")
        if not ipaddress.ip_address(socket.gethostbyname(self.host)).is_loopback:
            raise ValueError(f"slow clients talk to loopback only, not to {self.host}")
        self.port = int(port)
        self.count = count
        self.post_path = post_path
        self.interval = interval
        self.limit = limit
        self.connected = 0  # open now
        self.opened = 0  # connections made, reconnections included
        self.dropped = 0  # connections the server closed or answered
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._stop: asyncio.Event | None = None

    def start(self, wait: float = 10) -> SlowClients:
        """Open the connections; return once all are open (or after ``wait`` seconds)."""
        ready = threading.Event()
        self._thread = threading.Thread(target=asyncio.run, args=(self._run(ready),), daemon=True)
        self._thread.start()
        ready.wait(wait)
        deadline = time.monotonic() + wait
        while self.connected < self.count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self

    def stop(self) -> None:
        if self._loop is not None and self._thread.is_alive():
            self._loop.call_soon_threadsafe(self._stop.set)
            self._thread.join(10)
        self._loop = None

    def __enter__(self) -> SlowClients:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    async def _run(self, ready: threading.Event) -> None:
        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        ready.set()
        clients = [asyncio.create_task(self._hold(SLOW_KINDS[i % len(SLOW_KINDS)])) for i in range(self.count)]
        try:
            await asyncio.wait_for(self._stop.wait(), self.limit)
        except asyncio.TimeoutError:
            pass
        for client in clients:
            client.cancel()
        await asyncio.gather(*clients, return_exceptions=True)

    async def _hold(self, kind: str) -> None:
        while True:  # until cancelled by _run
            try:
                reader, writer = await asyncio.open_connection(self.host, self.port)
            except OSError:
                await asyncio.sleep(self.interval)
                continue
            self.opened += 1
            self.connected += 1
            # Done as soon as the server answers or closes the connection.
            answered = asyncio.ensure_future(reader.read(1))
            try:
                await self._send_slowly(kind, writer, answered)
            except OSError:
                pass
            finally:
                self.connected -= 1
                if answered.done() and not answered.cancelled():
                    self.dropped += 1
                    answered.exception()  # a reset is an answer too; nothing to report
                answered.cancel()
                writer.close()

    async def _send_slowly(self, kind: str, writer: asyncio.StreamWriter, answered: asyncio.Future) -> None:
        host = f"Host: {self.host}:{self.port}\r\n"
        drip = b"a"
        if kind == "reconnecting":
            writer.write(b"GET / HT")
            await asyncio.wait([answered], timeout=random.uniform(1, 3))
            return
        if kind == "headers":
            writer.write(f"GET / HTTP/1.1\r\n{host}X-Slow: ".encode())
        else:
            length = 1000 if kind == "short-body" else 1_000_000
            writer.write(
                f"POST {self.post_path} HTTP/1.1\r\n{host}Content-Type: application/x-www-form-urlencoded\r\n"
                f"Content-Length: {length}\r\n\r\nfelt=aaaaa".encode()
            )
            if kind == "short-body":
                drip = b""  # 10 of its 1,000 bytes sent; the rest never comes
        while not answered.done():
            writer.write(drip)
            await writer.drain()
            await asyncio.wait([answered], timeout=self.interval)


def answer_times(url: str, count: int = 10, timeout: float = 5, path: str = "/_sim/health", pause: float = 0.1) -> list[float | None]:
    """Seconds each of ``count`` GETs of ``path`` took, each on a new connection
    as a newly arrived browser's; None for one not answered within ``timeout``."""
    address = url.split("://", 1)[-1].split("/", 1)[0]
    host, _, port = address.rpartition(":")
    times: list[float | None] = []
    for _ in range(count):
        started = time.monotonic()
        connection = http.client.HTTPConnection(host, int(port), timeout=timeout)
        try:
            connection.request("GET", path)
            connection.getresponse().read()
            times.append(time.monotonic() - started)
        except OSError:
            times.append(None)
        finally:
            connection.close()
        time.sleep(pause)
    return times


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
    status: str = "on"  # "on", "off" or "absent"
    absent: bool = False
    absence_message: str = ""


@dataclass(frozen=True)
class Attachment:
    id: int
    name: str
    content_type: str
    size: int


@dataclass(frozen=True)
class Prescription:
    name: str
    strength: str  # e.g. "75 mikrog tabletter"


@dataclass(frozen=True)
class Message:
    sender: str  # "patient" or "office" (``from`` in the JSON)
    text: str
    sent_at: datetime
    attachments: list[Attachment]
    prescriptions: list[Prescription] = field(default_factory=list)  # Forny resept: the ones the patient chose

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Message:
        return cls(
            data["from"],
            data["text"],
            datetime.fromisoformat(data["sent_at"]),
            [Attachment(**_known(Attachment, a)) for a in data["attachments"]],
            [Prescription(**_known(Prescription, p)) for p in data.get("prescriptions", [])],
        )


@dataclass(frozen=True)
class Thread:
    """A thread of the inbox: ``thread.messages[-1].text``, ``thread.closed_code``."""

    id: str  # s<n>: the scenario's n-th thread; m<n>: started in the sandbox
    service: str
    subject: str
    read: bool
    closed_code: int | None
    seeded: bool
    messages: list[Message]

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Thread:
        return cls(**{**_known(cls, data), "messages": [Message.from_json(m) for m in data["messages"]]})


@dataclass(frozen=True)
class Wish:
    """A time wish (FORESLÅ TIDSPUNKT) and the office's answer."""

    id: int
    practitioner: str
    preferred: str
    reason: str
    status: str  # "venter på svar", "time foreslått" or "avslått"
    appointment: int | None  # the appointment a proposal booked
    answer: str  # the office's message

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Wish:
        return cls(**_known(cls, data))


@dataclass(frozen=True)
class Slot:
    """A free slot, or one the office added."""

    practitioner: str
    slot: str  # its key, 2023-12-14T10:00, as the office's answer takes it
    start: datetime  # aware, Europe/Oslo
    duration: int
    kind: str

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Slot:
        return cls(**{**_known(cls, data), "start": datetime.fromisoformat(data["start"])})


class SimApiError(Exception):
    """The simulator refused a call: ``status``, its Norwegian ``message``, and
    ``errors``, per field what is wrong (``{"panel_message": "Feltet kan kun inneholde 200 tegn!"}``)."""

    def __init__(self, status: int, message: str, errors: dict[str, str] | None = None):
        self.status, self.message, self.errors = status, message, dict(errors or {})
        details = "".join(f"\n  {field}: {text}" for field, text in self.errors.items())
        super().__init__(f"{status}: {message}{details}")


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
    participant: bool = False  # participant mode: the patient's pages show no simulator

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
            participant=data.get("participant", False),
        )

    def service(self, service_id: str) -> Service:
        for service in self.services:
            if service.id == service_id:
                return service
        raise KeyError(f"no service {service_id!r}; there are {[s.id for s in self.services]}")

    @property
    def threads(self) -> list[Thread]:
        """The inbox's threads, newest first."""
        return [Thread.from_json(t) for t in self.raw["inbox"]["threads"]]

    @property
    def wishes(self) -> list[Wish]:
        """The time wishes, oldest first."""
        return [Wish.from_json(w) for w in self.raw["booking"]["wishes"]]

    @property
    def offered(self) -> list[str]:
        """The ids of the services that are on, in the panel's order."""
        return [service.id for service in self.services if service.on]

    def __getitem__(self, section: str) -> Any:
        """Any key of the document as plain JSON, e.g. sections other areas add."""
        return self.raw[section]

    def __contains__(self, section: str) -> bool:
        return section in self.raw
