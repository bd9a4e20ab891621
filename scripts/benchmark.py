"""The simulator's speed beside a bare Flask app, on the production server; the demo room's capacity; a test's cost.

1. **Pages.** Starts the simulator (`portal serve`'s server and settings) and a
   bare Flask app under the same server and settings that answers the front
   page's bytes as a constant, and a bare 204. wrk (2 threads, 20
   connections, as the server comparison) loads each in turn, twice,
   interleaved: the front page of a sandbox, /_sim/state, the demo room's
   unchanged poll, and the bare app's page and 204. Then once more with 200
   slow clients connected to the server being measured (slow headers, slow
   bodies, bodies shorter than they said, reconnecting).
2. **The demo room.** On SQLite and on PostgreSQL (a temporary cluster, if
   its server binaries are here), with the default workers: participants who
   each poll twice a second (the page's two live parts, each every second) on
   a connection of their own, at a steady rate whether or not the server keeps
   up, in steps of more participants, each with a browser (a cookie) of its
   own; per step p50 and p99 from the time each poll was due. The most
   participants held (every step up to them) at p99 under 50 and 100 ms.
3. **A test's cost.** Through the pytest plugin, in Chromium: a fresh sandbox
   and its first page (`sim.start(page, …)`) beside the same page's bytes as
   a static file, each a test of its own with a fresh browser context, taking
   turns; each test's setup, call and teardown together. The ratio is the
   median of each turn's two tests' own ratio (the medians' ratio beside it).

Run: `make bench`. Client and server share the machine: compare ratios.
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import multiprocessing
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from contextlib import nullcontext
from pathlib import Path

import portal
from portal.server import default_settings
from portal.testing import SimServer, SlowClients, _free_port

BARE_APP = textwrap.dedent(
    """
    import sys
    from pathlib import Path

    from flask import Flask, send_from_directory
    from whitenoise import WhiteNoise

    # The simulator's static files at the same place, served as the simulator
    # serves them (WhiteNoise), so the page's styles and scripts load as there.
    app = Flask(__name__, static_folder=sys.argv[5])
    app.wsgi_app = WhiteNoise(app.wsgi_app, root=sys.argv[5], prefix="static", max_age=365 * 24 * 3600)
    HERE = Path(__file__).parent
    PAGE = (HERE / "page.html").read_bytes()

    @app.get("/")
    def index():
        return PAGE

    @app.get("/page.html")
    def static_page():
        return send_from_directory(HERE, "page.html")

    @app.get("/204")
    def no_content():
        return "", 204

    if __name__ == "__main__":
        from portal.server import ServerSettings, serve

        workers, threads, header_timeout = int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
        serve(lambda: app, ServerSettings(port=int(sys.argv[1]), workers=workers, threads=threads, header_timeout=header_timeout))
    """
)


def wrk(port: int, path: str, headers: dict, seconds: float) -> dict:
    """Requests per second, p50 and p99 of ``path`` under wrk (2 threads, 20 connections)."""
    command = ["wrk", "-t2", "-c20", f"-d{seconds:.0f}s", "--latency"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    out = subprocess.run([*command, f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True, timeout=seconds + 60).stdout

    def ms(percent: str) -> float:
        found = re.search(rf"{percent}%\s+([\d.]+)(us|ms|s)\b", out)
        return float(found.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[found.group(2)] if found else float("nan")

    if errors := re.search(r"Non-2xx or 3xx responses: (\d+)", out):
        raise SystemExit(f"{path}: {errors.group(1)} answers were errors")
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), "p50_ms": ms("50"), "p99_ms": ms("99")}


def _get(port: int, path: str, headers: dict | None = None) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers=headers or {})
    response = connection.getresponse()
    response.body = response.read()
    return response


def _cookie(response: http.client.HTTPResponse, cookie: dict | None = None) -> dict:
    """The cookie a browser holds after ``response`` (it keeps the last one it was given)."""
    if set_cookie := response.getheader("Set-Cookie"):
        return {"Cookie": set_cookie.split(";")[0]}
    return cookie or {}


def _wait_for(port: int) -> None:
    for _ in range(300):
        try:
            _get(port, "/204")
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("the bare app did not start")


class BareApp:
    """The bare Flask app on the simulator's server and settings, serving ``page``."""

    def __init__(self, page: bytes, folder: str):
        settings = default_settings()
        (Path(folder) / "bare.py").write_text(BARE_APP)
        (Path(folder) / "page.html").write_bytes(page)
        self.port = _free_port()
        static = Path(portal.__file__).parent / "static"
        arguments = [str(self.port), str(settings.workers), str(settings.threads), str(settings.header_timeout), str(static)]
        self.process = subprocess.Popen([sys.executable, "bare.py", *arguments], cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _wait_for(self.port)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait()


# 1. Pages ---------------------------------------------------------------------


def pages(seconds: float, runs: int, slow: int) -> None:
    with SimServer(workers=default_settings().workers) as sim, tempfile.TemporaryDirectory() as tmp:
        port = sim.port
        start = _get(port, "/_sim/start/alle-tjenester-pa")
        cookie = _cookie(start)
        first = _get(port, "/", cookie)
        cookie = _cookie(first, cookie)  # the CSRF token joins the cookie on the first page
        version = json.loads(_get(port, "/_sim/state", cookie).body)["demo"]["version"]
        poll = (f"/_sim/demo?part=patient&v={version}", {**cookie, "HX-Request": "true"})
        bare = BareApp(first.body, tmp)
        try:
            targets = [
                ("bare Flask, the same bytes", bare.port, ("/", {}), "/"),
                ("sandbox front page /", port, ("/", cookie), "/_sim/reset"),
                ("/_sim/state (JSON)", port, ("/_sim/state", cookie), "/_sim/reset"),
                ("bare Flask, 204", bare.port, ("/204", {}), "/"),
                ("demo room, unchanged poll", port, poll, "/_sim/reset"),
            ]
            rounds = [(run, 0) for run in range(runs)] + ([(runs, slow)] if slow else [])
            for _name, target_port, (path, headers), _post_path in targets:
                wrk(target_port, path, headers, 1)  # a warm-up: threads started, connections opened, pages made
            figures = {}
            for run, crowd_size in rounds:
                for name, target_port, (path, headers), post_path in targets:
                    crowd = SlowClients(f"http://127.0.0.1:{target_port}", count=crowd_size, post_path=post_path) if crowd_size else nullcontext()
                    with crowd:
                        figures[name, run] = wrk(target_port, path, headers, seconds)
        finally:
            bare.stop()

    print(f"{'what':30} " + "   ".join(f"{'req/s':>7} {'p50 ms':>7} {'p99 ms':>7}" for _ in rounds))
    print(f"{'':30} " + "   ".join(f"{(f'run {run + 1}' if not crowd_size else f'{crowd_size} slow clients'):>23}" for run, crowd_size in rounds))
    for name, *_ in targets:
        cells = (figures[name, run] for run, _ in rounds)
        print(f"{name:30} " + "   ".join(f"{r['rps']:7.0f} {r['p50_ms']:7.2f} {r['p99_ms']:7.2f}" for r in cells))
    print(f"{'(bytes of the front page)':30} {len(first.body):7d}")

    def share(name: str, of: str) -> str:
        return ", ".join(f"{figures[name, run]['rps'] / figures[of, run]['rps']:.0%}" for run in range(runs))

    print(f"\nfront page at {share('sandbox front page /', 'bare Flask, the same bytes')} of the bare app's rate, run by run (goal: at least 50%)")
    print(f"unchanged poll at {share('demo room, unchanged poll', 'bare Flask, 204')} of a bare 204")
    if slow:
        costs = ", ".join(f"{name} {figures[name, runs]['rps'] / figures[name, runs - 1]['rps'] - 1:+.0%}" for name, *_ in targets)
        print(f"with {slow} slow clients connected (beside the run before): {costs}")


# 2. The demo room -------------------------------------------------------------

POLL_INTERVAL = 0.5  # two polls a second: the page's two live parts, each every second


class _Participant(asyncio.Protocol):
    """One participant's connection: a poll whenever one is due, its latency
    counted from when it was due (a late poll counts as slow), whether or not
    the server kept up. A protocol, not a coroutine per poll: the clients'
    own CPU is the machine's too."""

    def __init__(self, requests: list[bytes], latencies: list, done: asyncio.Future):
        self.requests, self.latencies, self.done = requests, latencies, done
        self.buffer, self.turn = b"", 0

    def connection_made(self, transport) -> None:
        self.transport = transport
        self.loop = asyncio.get_running_loop()

    def schedule(self, first_at: float, until: float, counted_from: float) -> None:
        self.due, self.until, self.counted_from = first_at, until, counted_from
        self.loop.call_at(first_at, self.send)

    def send(self) -> None:
        self.transport.write(self.requests[self.turn % len(self.requests)])

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        end = self.buffer.find(b"\r\n\r\n")
        if end < 0:
            return
        head, self.buffer = self.buffer[: end + 4], self.buffer[end + 4 :]
        if not head.startswith(b"HTTP/1.1 204"):
            self.done.set_exception(SystemExit(f"a poll was answered {head.splitlines()[0].decode()}, not 204"))
            return
        now = self.loop.time()
        if self.due >= self.counted_from:
            self.latencies.append(now - self.due)
        self.due += POLL_INTERVAL
        self.turn += 1
        if self.due < self.until:
            self.loop.call_at(self.due, self.send)
        elif not self.done.done():
            self.done.set_result(None)

    def connection_lost(self, exc) -> None:
        if not self.done.done():
            self.done.set_exception(SystemExit(f"the server closed a participant's connection ({exc})"))


def _participants(port: int, requests: list[list[bytes]], warm_up: float, seconds: float, ready, queue) -> None:
    async def run() -> list[float]:
        loop = asyncio.get_running_loop()
        latencies: list[float] = []
        participants = []
        for first in range(0, len(requests), 50):  # not all at once: a full listen queue would cost seconds of retries
            opened = await asyncio.gather(
                *(
                    loop.create_connection(lambda own=own: _Participant(own, latencies, loop.create_future()), "127.0.0.1", port)
                    for own in requests[first : first + 50]
                )
            )
            participants += [protocol for _, protocol in opened]
        await loop.run_in_executor(None, ready.wait)  # every client process connected
        start = loop.time()
        for participant in participants:
            participant.schedule(start + random.uniform(0, POLL_INTERVAL), start + warm_up + seconds, start + warm_up)
        await asyncio.gather(*(participant.done for participant in participants))
        for participant in participants:
            participant.transport.close()
        return latencies

    queue.put(asyncio.run(run()))


def hold(port: int, requests: list[list[bytes]], seconds: float, processes: int) -> dict:
    """p50 and p99 of the polls of the participants (each its own ``requests``) polling twice a second for ``seconds`` (after a second's warm-up)."""
    queue = multiprocessing.Queue()
    shares = [requests[i::processes] for i in range(processes) if requests[i::processes]]
    ready = multiprocessing.Barrier(len(shares))
    workers = [multiprocessing.Process(target=_participants, args=(port, share, 1.0, seconds, ready, queue)) for share in shares]
    for worker in workers:
        worker.start()
    latencies = sorted(latency for _ in workers for latency in queue.get())
    for worker in workers:
        worker.join()
    return {
        "rps": len(latencies) / seconds,
        "p50_ms": statistics.median(latencies) * 1000,
        "p99_ms": latencies[int(len(latencies) * 0.99) - 1] * 1000,
    }


def demo_room(database: str, steps: list[int], seconds: float, processes: int) -> dict[int, dict]:
    """Each step's figures, on ``database`` ("sqlite" or "postgresql"), until p99 passes 100 ms twice."""
    cluster = None
    if database == "postgresql":
        from portal.testdb import FreshDatabases, PostgresCluster, PostgresUnavailable

        try:
            cluster = PostgresCluster().start()
        except PostgresUnavailable as exc:
            print(f"PostgreSQL: not measured ({exc})")
            return {}
    try:
        url = FreshDatabases(Path(cluster.folder), cluster).new() if cluster else None
        with SimServer(workers=default_settings().workers, database_url=url) as sim:
            trainer = _cookie(_get(sim.port, "/_sim/start/alle-tjenester-pa"))
            presenter = _get(sim.port, "/_sim/presenter", trainer)
            trainer = _cookie(presenter, trainer)
            state = json.loads(_get(sim.port, "/_sim/state", trainer).body)
            version = state["demo"]["version"]

            def polls(cookie: dict) -> list[bytes]:
                return [
                    (
                        f"GET /_sim/demo?part={part}&v={version} HTTP/1.1\r\nHost: 127.0.0.1:{sim.port}\r\n"
                        f"Cookie: {cookie['Cookie']}\r\nHX-Request: true\r\n\r\n"
                    ).encode()
                    for part in ("patient", "table")
                ]

            # Each participant joins the room with a browser (a cookie) of its own, as in a webinar.
            participants: list[list[bytes]] = []

            def join_until(count: int) -> None:
                while len(participants) < count:
                    participants.append(polls(_cookie(_get(sim.port, f"/_sim/join/{state['demo']['room']}"))))

            join_until(steps[0])
            hold(sim.port, participants, 2, processes)  # a warm-up: the server's threads and connections
            figures = {}
            for count in steps:
                join_until(count)
                figures[count] = hold(sim.port, participants[:count], seconds, processes)
                if all(figures[n]["p99_ms"] > 100 for n in list(figures)[-2:]) and len(figures) > 1:
                    break  # two steps in a row past 100 ms: one may be the machine's noise, two are not
            return figures
    finally:
        if cluster:
            cluster.stop()


def _held(figures: dict[int, dict], limit_ms: float) -> int:
    """The most participants such that every step up to them kept p99 under ``limit_ms``."""
    held = 0
    for count in sorted(figures):
        if figures[count]["p99_ms"] >= limit_ms:
            break
        held = count
    return held


def print_demo_room(figures_by_database: dict[str, dict[int, dict]]) -> None:
    print(f"{'participants':>12} " + "   ".join(f"{database + ': polls/s':>18} {'p50 ms':>7} {'p99 ms':>8}" for database in figures_by_database))
    steps = sorted({count for figures in figures_by_database.values() for count in figures})
    for count in steps:
        cells = []
        for figures in figures_by_database.values():
            r = figures.get(count)
            cells.append(f"{r['rps']:18.0f} {r['p50_ms']:7.1f} {r['p99_ms']:8.1f}" if r else f"{'':18} {'':7} {'':>8}")
        print(f"{count:12d} " + "   ".join(cells))
    for database, figures in figures_by_database.items():
        held = {limit: _held(figures, limit) for limit in (50, 100)}
        two_thousand = figures.get(2000)
        at_2000 = f"; 2,000 participants: p99 {two_thousand['p99_ms']:.0f} ms" if two_thousand else ""
        print(f"{database}: held {held[50]:,} participants at p99 < 50 ms, {held[100]:,} at p99 < 100 ms{at_2000} (goals: 2,000 at 50 ms; 1,000 at 100 ms)")


# 3. A test's cost -------------------------------------------------------------

TEST_MODULE = textwrap.dedent(
    """
    import os
    import pytest

    TURNS = int(os.environ["BENCH_TURNS"])

    @pytest.mark.parametrize("what", ["static", "sandbox"])
    @pytest.mark.parametrize("turn", range(TURNS))
    def test_page(page, sim, what, turn):
        if what == "sandbox":
            sim.start(page, "alle-tjenester-pa")
        else:
            page.goto(os.environ["BENCH_STATIC_URL"])
        assert page.get_by_role("heading", level=1).count() == 1
    """
)

TIMING_PLUGIN = textwrap.dedent(
    """
    import json, os

    def pytest_runtest_logreport(report):
        with open(os.environ["BENCH_TIMES"], "a") as out:
            out.write(json.dumps([report.nodeid, report.when, report.duration, report.outcome]) + "\\n")
    """
)


def test_cost(turns: int) -> dict | None:
    """Median seconds per test of a fresh sandbox's first page and of the same page as a static file."""
    try:
        import pytest_playwright  # noqa: F401
    except ImportError:
        print("not measured: pytest-playwright is not installed (make install-test)")
        return None
    with SimServer(workers=default_settings().workers) as sim, tempfile.TemporaryDirectory() as tmp:
        cookie = _cookie(_get(sim.port, "/_sim/start/alle-tjenester-pa"))
        bare = BareApp(_get(sim.port, "/", cookie).body, tmp)
        try:
            folder = Path(tmp)
            (folder / "test_cost.py").write_text(TEST_MODULE)
            (folder / "timing.py").write_text(TIMING_PLUGIN)
            env = {
                **os.environ,
                "BENCH_TURNS": str(turns),
                "BENCH_STATIC_URL": f"http://127.0.0.1:{bare.port}/page.html",
                "BENCH_TIMES": str(folder / "times.jsonl"),
                "PYTHONPATH": tmp,
            }
            command = [sys.executable, "-m", "pytest", "-q", "-p", "timing", "-p", "no:cacheprovider", "-p", "no:randomly", "test_cost.py"]
            done = subprocess.run(command, cwd=tmp, env=env, capture_output=True, text=True)
            if done.returncode != 0:
                raise SystemExit(f"the test run failed:\n{done.stdout[-3000:]}{done.stderr[-3000:]}")
            per_test: dict[str, float] = {}
            for line in (folder / "times.jsonl").read_text().splitlines():
                nodeid, when, duration, _outcome = json.loads(line)
                per_test[nodeid] = per_test.get(nodeid, 0.0) + duration
                if os.environ.get("BENCH_DEBUG"):
                    print(nodeid, when, f"{duration * 1000:.0f}")
        finally:
            bare.stop()
    # The first turn of each starts the browser and warms both servers: left out.
    turns_of: dict[str, dict[str, float]] = {"static": {}, "sandbox": {}}
    for nodeid, duration in per_test.items():
        what, turn = re.search(r"(static|sandbox)", nodeid).group(1), re.search(r"[-\[](\d+)[-\]]", nodeid).group(1)
        if turn != "0":
            turns_of[what][turn] = duration
    # A turn's two tests ran one after the other: their ratio is free of the
    # machine's slower drifts (other work, Chromium's own), which move both.
    ratios = [turns_of["sandbox"][turn] / turns_of["static"][turn] for turn in turns_of["static"] if turn in turns_of["sandbox"]]
    return {what: statistics.median(durations.values()) for what, durations in turns_of.items()} | {"ratio": statistics.median(ratios)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5, help="each load of a page, each step of the demo room")
    parser.add_argument("--runs", type=int, default=2, help="runs of the pages, interleaved")
    parser.add_argument("--slow", type=int, default=200, help="slow clients for a last run of the pages (0: none)")
    parser.add_argument("--participants", default="500,1000,1500,2000,2500,3000,4000", help="the demo room's steps")
    parser.add_argument("--client-processes", type=int, default=2, help="processes that play the demo room's participants")
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--turns", type=int, default=61, help="tests of each kind for a test's cost")
    parser.add_argument("--only", choices=("pages", "demo", "tests"), help="one part only")
    args = parser.parse_args()
    # A connection per participant, in the clients and in the server they start.
    resource.setrlimit(resource.RLIMIT_NOFILE, (resource.getrlimit(resource.RLIMIT_NOFILE)[1],) * 2)
    settings = default_settings()
    print(f"granian, {settings.workers} workers × {settings.threads} threads, header timeout {settings.header_timeout:g} s\n")

    if args.only in (None, "pages"):
        print(f"1. Pages: wrk, 2 threads, 20 connections, {args.seconds:g} s each\n")
        pages(args.seconds, args.runs, args.slow)
    if args.only in (None, "demo"):
        print(f"\n2. The demo room: participants polling twice a second, {args.client_processes} client processes, {args.seconds:g} s a step\n")
        steps = [int(n) for n in args.participants.split(",")]
        print_demo_room({database: demo_room(database, steps, args.seconds, args.client_processes) for database in args.databases.split(",")})
    if args.only in (None, "tests"):
        print(f"\n3. A test's cost through the pytest plugin, in Chromium ({args.turns} tests of each kind, taking turns)\n")
        if cost := test_cost(args.turns):
            print(f"a fresh sandbox and its first page: {cost['sandbox'] * 1000:.0f} ms a test")
            print(f"the same page as a static file:     {cost['static'] * 1000:.0f} ms a test")
            print(f"ratio {cost['ratio']:.2f}, the median of the turns' own (goal: at most 1.10); of the medians {cost['sandbox'] / cost['static']:.2f}")


if __name__ == "__main__":
    main()
