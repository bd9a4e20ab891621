"""Which WSGI server should `portal serve` run? The real app under each candidate.

For every candidate server this starts the simulator (its own temporary
database) and a bare Flask app, and measures with wrk (2 threads, 20
connections): a sandbox's front page, the demo room's unchanged poll (204) and
the bare app's constant page; then the same with 200 slow clients connected
(``portal.testing.SlowClients``: slow headers, slow bodies, bodies shorter than
their Content-Length, reconnecting), and how long ten new visitors wait for the
front page meanwhile. Prints one Markdown table; docs/performance.md keeps it.

Needs wrk and the candidates: ``pip install granian waitress gevent`` beside
gunicorn. Everything talks to 127.0.0.1 only. Run:
``.venv/bin/python scripts/compare-servers.py [--seconds 5] [--only granian]``.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

from portal.testing import SlowClients, _free_port, answer_times

# A bare app answering what the simulator answers: a 3 KB page (the front
# page's size), a 204 for a poll, and a form POST that reads its body.
BARE_APP = textwrap.dedent(
    """
    from flask import Flask, request
    app = Flask(__name__)
    PAGE = "<!doctype html><title>x</title>" + "x" * 3100

    @app.get("/")
    def index():
        return PAGE

    @app.get("/poll")
    def poll():
        return "", 204

    @app.post("/form")
    def form():
        return str(len(request.form))
    """
)

REAL_APP = "from portal import create_app\napp = create_app()\n"

CANDIDATES = {
    "gunicorn sync, 4 workers": ["-m", "gunicorn", "-w", "4", "--no-control-socket", "--log-level", "warning"],
    "gunicorn gthread, 2 workers × 8 threads": ["-m", "gunicorn", "-w", "2", "-k", "gthread", "--threads", "8", "--no-control-socket", "--log-level", "warning"],
    "gunicorn gevent, 2 workers": ["-m", "gunicorn", "-w", "2", "-k", "gevent", "--no-control-socket", "--log-level", "warning"],
    "waitress, 8 threads, 1,000 connections": ["-m", "waitress", "--threads", "8", "--connection-limit", "1000"],
    "granian, 2 workers": ["-m", "granian", "--interface", "wsgi", "--workers", "2", "--log-level", "warning"],
}


def _bind_args(name: str, port: int) -> list[str]:
    if name.startswith("gunicorn"):
        return ["-b", f"127.0.0.1:{port}"]
    if name.startswith("waitress"):
        return ["--listen", f"127.0.0.1:{port}"]
    return ["--host", "127.0.0.1", "--port", str(port)]


class Served:
    """``module:app`` from ``folder`` under one candidate, on a free port."""

    def __init__(self, candidate: str, folder: Path, env: dict):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        command = [sys.executable, *CANDIDATES[candidate], *_bind_args(candidate, self.port), "app:app"]
        self.process = subprocess.Popen(command, cwd=folder, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                self.get("/")
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"{candidate} did not start")

    def get(self, path: str, headers: dict | None = None) -> http.client.HTTPResponse:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        response.body = response.read()
        return response

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def wrk(url: str, seconds: float, headers: dict | None = None) -> dict:
    command = ["wrk", "-t2", "-c20", f"-d{seconds:.0f}s", "--latency"]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    out = subprocess.run([*command, url], capture_output=True, text=True, timeout=seconds + 60).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)\b", out)
    p99_ms = float(p99.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[p99.group(2)] if p99 else float("nan")
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rps": rate, "p99_ms": p99_ms, "errors": int(errors.group(1)) if errors else 0}


def slow_phase(served: Served, post_path: str, probe_path: str, load: tuple[str, dict], seconds: float) -> dict:
    with SlowClients(served.url, count=200, post_path=post_path) as slow:
        time.sleep(2)
        held = slow.connected
        waits = answer_times(served.url, count=10, timeout=3, path=probe_path)
        loaded = wrk(served.url + load[0], seconds, load[1])
        dropped = slow.dropped
    answered = [w for w in waits if w is not None]
    return {
        "held": held,
        "within_1s": sum(1 for w in answered if w < 1),
        "slowest_s": max(answered) if answered else None,
        "rps": loaded["rps"],
        "dropped": dropped,
    }


def measure(candidate: str, seconds: float) -> dict:
    row: dict = {"server": candidate}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "app.py").write_text(BARE_APP)
        served = Served(candidate, folder, dict(os.environ))
        try:
            row["bare"] = wrk(served.url + "/", seconds)
            row["bare_poll"] = wrk(served.url + "/poll", seconds)
            row["bare_slow"] = slow_phase(served, "/form", "/", ("/", {}), seconds)
        finally:
            served.stop()

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "app.py").write_text(REAL_APP)
        env = dict(os.environ, PORTAL_INSTANCE=tmp, PYTHONPATH=str(Path(__file__).resolve().parent.parent))
        # Tables made once before the workers start, as `portal serve` does.
        subprocess.run([sys.executable, "-c", "import app"], cwd=folder, env=env, check=True)
        served = Served(candidate, folder, env)
        try:
            start = served.get("/_sim/start/alle-tjenester-pa")
            cookie = {"Cookie": start.getheader("Set-Cookie").split(";")[0]}
            version = json.loads(served.get("/_sim/state", cookie).body)["demo"]["version"]
            poll = f"/_sim/demo?part=patient&v={version}"
            assert served.get(poll, {**cookie, "HX-Request": "true"}).status == 204
            row["page"] = wrk(served.url + "/", seconds, cookie)
            row["poll"] = wrk(served.url + poll, seconds, {**cookie, "HX-Request": "true"})
            row["page_slow"] = slow_phase(served, "/_sim/reset", "/", ("/", cookie), seconds)
        finally:
            served.stop()
    return row


def _print_table(rows: list[dict]) -> None:
    def slow(s: dict) -> str:
        slowest = f"{s['slowest_s']:.2f} s" if s["slowest_s"] is not None else "–"
        return f"{s['within_1s']}/10 (slowest {slowest}), {s['rps']:,.0f}/s"

    print("| server | bare page req/s (p99) | front page req/s (p99) | bare 204 / demo poll 204 req/s | with 200 slow clients: bare — answered within 1 s, req/s | front page — answered within 1 s, req/s |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        print(
            f"| {r['server']} | {r['bare']['rps']:,.0f} ({r['bare']['p99_ms']:.0f} ms) | {r['page']['rps']:,.0f} ({r['page']['p99_ms']:.0f} ms) "
            f"| {r['bare_poll']['rps']:,.0f} / {r['poll']['rps']:,.0f} | {slow(r['bare_slow'])} | {slow(r['page_slow'])} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--only", action="append", help="candidates whose name contains this (repeatable)")
    args = parser.parse_args()
    names = [n for n in CANDIDATES if not args.only or any(o in n for o in args.only)]
    rows = []
    for name in names:
        print(f"measuring {name} …", file=sys.stderr, flush=True)
        rows.append(measure(name, args.seconds))
        print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    _print_table(rows)


if __name__ == "__main__":
    main()
