"""Requests per second, latency and page size of a sandbox's front page.

Starts the simulator with the production server on a free port, and for
comparison a bare Flask app under the same gunicorn settings that returns a
constant 11 KB page. Both are loaded by the same client for the same time; the
figures printed are what DESIGN.md §8 asks for. Run: `make bench`.

The load comes from client processes on this same machine, so the absolute
numbers are lower than with a native load generator; the ratio is the point.
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

from portal.testing import SimServer, _free_port

BARE_APP = textwrap.dedent(
    """
    from flask import Flask
    app = Flask(__name__)
    PAGE = "<!doctype html><title>x</title>" + "x" * (11 * 1024)

    @app.get("/")
    def index():
        return PAGE
    """
)


def _client(port: int, path: str, cookie: str, seconds: float, queue) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port)
    headers = {"Cookie": cookie} if cookie else {}
    latencies, size = [], 0
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        started = time.perf_counter()
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        body = response.read()
        latencies.append(time.perf_counter() - started)
        size = len(body)
        if response.status != 200:
            raise SystemExit(f"status {response.status}")
    queue.put((latencies, size))


def load(port: int, path: str, cookie: str, seconds: float, clients: int) -> dict:
    queue = multiprocessing.Queue()
    workers = [multiprocessing.Process(target=_client, args=(port, path, cookie, seconds, queue)) for _ in range(clients)]
    for worker in workers:
        worker.start()
    results = [queue.get() for _ in workers]
    for worker in workers:
        worker.join()
    latencies = sorted(latency for result, _ in results for latency in result)
    return {
        "requests": len(latencies),
        "rps": len(latencies) / seconds,
        "p50_ms": statistics.median(latencies) * 1000,
        "p99_ms": latencies[int(len(latencies) * 0.99) - 1] * 1000,
        "bytes": results[0][1],
    }


def sandbox_cookie(port: int) -> str:
    connection = http.client.HTTPConnection("127.0.0.1", port)
    connection.request("GET", "/_sim/start/alle-tjenester-pa")
    response = connection.getresponse()
    response.read()
    return response.getheader("Set-Cookie").split(";")[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1))
    args = parser.parse_args()

    print(f"{args.clients} client processes, {args.seconds:.0f} s each run, gunicorn with {args.workers} sync workers\n")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "bare.py").write_text(BARE_APP)
        port = _free_port()
        bare = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-w", str(args.workers), "-b", f"127.0.0.1:{port}", "--log-level", "warning", "bare:app"],
            cwd=tmp,
        )
        try:
            for _ in range(100):
                try:
                    http.client.HTTPConnection("127.0.0.1", port).request("GET", "/")
                    break
                except OSError:
                    time.sleep(0.1)
            rows.append(("bare Flask, constant 11 KB", load(port, "/", "", args.seconds, args.clients)))
        finally:
            bare.terminate()
            bare.wait()

    with SimServer(workers=args.workers) as sim:
        port = int(sim.url.rsplit(":", 1)[1])
        cookie = sandbox_cookie(port)
        rows.append(("sandbox front page /", load(port, "/", cookie, args.seconds, args.clients)))
        rows.append(("/_sim/state (JSON)", load(port, "/_sim/state", cookie, args.seconds, args.clients)))

    print(f"{'what':32} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'bytes':>8}")
    for name, r in rows:
        print(f"{name:32} {r['rps']:8.0f} {r['p50_ms']:8.2f} {r['p99_ms']:8.2f} {r['bytes']:8d}")
    ratio = rows[1][1]["rps"] / rows[0][1]["rps"]
    print(f"\nfront page at {ratio:.0%} of the bare-Flask rate (goal: at least 50%)")


if __name__ == "__main__":
    main()
