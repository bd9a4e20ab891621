"""Requests per second and latency of the simulator beside a bare Flask app, on the production server.

Starts the simulator (`portal serve`'s server and settings) and a bare Flask app
under the same server and settings that answers the front page's bytes as a
constant, and a bare 204. Loads each for the same time from the same client
processes: the front page of a sandbox, /_sim/state, the demo room's unchanged
poll, and the bare app's page and 204. Then the same again with 200 slow
clients connected to the server being measured (slow headers, slow bodies,
bodies shorter than they said, reconnecting): what the protection against them
costs. Run: `make bench`.

The load comes from client processes on this same machine, so the absolute
numbers are lower than with a native load generator; the ratios are the point.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from contextlib import nullcontext
from pathlib import Path

from portal.server import default_settings
from portal.testing import SimServer, SlowClients, _free_port

BARE_APP = textwrap.dedent(
    """
    import sys
    from pathlib import Path

    from flask import Flask

    app = Flask(__name__)
    PAGE = (Path(__file__).parent / "page.html").read_bytes()

    @app.get("/")
    def index():
        return PAGE

    @app.get("/204")
    def no_content():
        return "", 204

    if __name__ == "__main__":
        from portal.server import ServerSettings, serve

        workers, threads, header_timeout = int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
        serve(lambda: app, ServerSettings(port=int(sys.argv[1]), workers=workers, threads=threads, header_timeout=header_timeout))
    """
)


def _client(port: int, path: str, headers: dict, status: int, seconds: float, queue) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port)
    latencies, size = [], 0
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        started = time.perf_counter()
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        body = response.read()
        latencies.append(time.perf_counter() - started)
        size = len(body)
        if response.status != status:
            raise SystemExit(f"{path}: status {response.status}, expected {status}")
    queue.put((latencies, size))


def load(port: int, path: str, headers: dict, status: int, seconds: float, clients: int) -> dict:
    queue = multiprocessing.Queue()
    workers = [multiprocessing.Process(target=_client, args=(port, path, headers, status, seconds, queue)) for _ in range(clients)]
    for worker in workers:
        worker.start()
    results = [queue.get() for _ in workers]
    for worker in workers:
        worker.join()
    latencies = sorted(latency for result, _ in results for latency in result)
    return {
        "rps": len(latencies) / seconds,
        "p50_ms": statistics.median(latencies) * 1000,
        "p99_ms": latencies[int(len(latencies) * 0.99) - 1] * 1000,
        "bytes": results[0][1],
    }


def _get(port: int, path: str, headers: dict | None = None) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers=headers or {})
    response = connection.getresponse()
    response.body = response.read()
    return response


def _wait_for(port: int) -> None:
    for _ in range(300):
        try:
            _get(port, "/204")
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("the bare app did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--slow", type=int, default=200, help="slow clients for the second round (0: none)")
    args = parser.parse_args()
    settings = default_settings()
    print(
        f"granian, {settings.workers} workers × {settings.threads} threads, header timeout {settings.header_timeout:g} s; "
        f"{args.clients} client processes, {args.seconds:.0f} s each run\n"
    )

    with SimServer(workers=settings.workers) as sim, tempfile.TemporaryDirectory() as tmp:
        port = sim.port
        start = _get(port, "/_sim/start/alle-tjenester-pa")
        cookie = {"Cookie": start.getheader("Set-Cookie").split(";")[0]}
        front_page = _get(port, "/", cookie).body
        version = json.loads(_get(port, "/_sim/state", cookie).body)["demo"]["version"]
        poll = (f"/_sim/demo?part=patient&v={version}", {**cookie, "HX-Request": "true"}, 204)

        (Path(tmp) / "bare.py").write_text(BARE_APP)
        (Path(tmp) / "page.html").write_bytes(front_page)
        bare_port = _free_port()
        bare = subprocess.Popen(
            [sys.executable, "bare.py", str(bare_port), str(settings.workers), str(settings.threads), str(settings.header_timeout)],
            cwd=tmp,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            _wait_for(bare_port)
            targets = [
                ("bare Flask, the same bytes", bare_port, ("/", {}, 200), "/"),
                ("sandbox front page /", port, ("/", cookie, 200), "/_sim/reset"),
                ("/_sim/state (JSON)", port, ("/_sim/state", cookie, 200), "/_sim/reset"),
                ("bare Flask, 204", bare_port, ("/204", {}, 204), "/"),
                ("demo room, unchanged poll", port, (*poll,), "/_sim/reset"),
            ]
            rounds = [0, args.slow] if args.slow else [0]
            figures = {}
            for slow in rounds:
                for name, target_port, (path, headers, status), post_path in targets:
                    crowd = SlowClients(f"http://127.0.0.1:{target_port}", count=slow, post_path=post_path) if slow else nullcontext()
                    with crowd:
                        figures[name, slow] = load(target_port, path, headers, status, args.seconds, args.clients)
        finally:
            bare.terminate()
            bare.wait()

    header = f"{'what':30} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'bytes':>6}"
    if args.slow:
        header += f"   with {args.slow} slow clients: {'req/s':>6} {'p50 ms':>7} {'p99 ms':>7}"
    print(header)
    for name, *_ in targets:
        r = figures[name, 0]
        line = f"{name:30} {r['rps']:7.0f} {r['p50_ms']:7.2f} {r['p99_ms']:7.2f} {r['bytes']:6d}"
        if args.slow:
            s = figures[name, args.slow]
            line += f"   {'':>{len(str(args.slow)) + 20}} {s['rps']:6.0f} {s['p50_ms']:7.2f} {s['p99_ms']:7.2f}"
        print(line)

    def rate(name: str, slow: int = 0) -> float:
        return figures[name, slow]["rps"]

    print(f"\nfront page at {rate('sandbox front page /') / rate('bare Flask, the same bytes'):.0%} of the bare app's rate (goal: at least 50%)")
    print(f"unchanged poll at {rate('demo room, unchanged poll') / rate('bare Flask, 204'):.0%} of a bare 204")
    if args.slow:
        costs = ", ".join(f"{name} {rate(name, args.slow) / rate(name) - 1:+.0%}" for name, *_ in targets)
        print(f"with {args.slow} slow clients connected: {costs}")


if __name__ == "__main__":
    main()
