"""Running a real simulator for browser tests.

``SimServer`` starts ``portal serve`` (the production server) on a free port
with its own temporary database, and stops it afterwards. Our own end-to-end
tests use it; so can anyone's Playwright suite.
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
from pathlib import Path

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


def system_chromium() -> str | None:
    """The system Chromium if there is one (Playwright's own download may be impossible)."""
    explicit = os.environ.get("PORTAL_CHROMIUM")
    if explicit:
        return explicit
    for name in ("chromium", "chromium-browser"):
        if found := shutil.which(name):
            return found
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SimServer:
    """A simulator in a subprocess: ``with SimServer() as sim: sim.url``."""

    def __init__(self, scenarios: Path | None = None, workers: int = 2, default_scenario: str | None = None):
        self.scenarios = scenarios
        self.workers = workers
        self.default_scenario = default_scenario
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._tmp: tempfile.TemporaryDirectory | None = None
        self._process: subprocess.Popen | None = None

    def start(self) -> SimServer:
        self._tmp = tempfile.TemporaryDirectory(prefix="portal-sim-")
        instance = Path(self._tmp.name)
        env = dict(os.environ, PORTAL_INSTANCE=str(instance), DATABASE_URL=f"sqlite:///{instance / 'portal.sqlite3'}")
        command = [sys.executable, "-m", "portal", "serve", "--port", str(self.port), "--workers", str(self.workers)]
        if self.scenarios:
            command += ["--scenarios", str(self.scenarios)]
        if self.default_scenario:
            command += ["--scenario", self.default_scenario]
        self._log = open(instance / "server.log", "wb")
        self._process = subprocess.Popen(command, env=env, stdout=self._log, stderr=subprocess.STDOUT)
        self._wait_until_up()
        return self

    def _wait_until_up(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"the simulator stopped at start-up:\n{self.log()}")
            try:
                with urllib.request.urlopen(f"{self.url}/_sim/health", timeout=1) as response:
                    if json.load(response)["status"] == "ok":
                        return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"the simulator did not answer within {timeout} s:\n{self.log()}")

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
