"""What the password and the rate limits cost.

1. Requests per second through `portal serve` (granian, as `make bench`),
   the same pages on a simulator without a password and on one with
   PORTAL_PASSWORD: the front page for a browser that logged in, /_sim/state
   with the password in the X-Portal-Password header (which also asks the
   database whether the client is rate-limited; checked before the cookie's
   login, so the cookie only names the sandbox), and the demo room's unchanged
   poll of a participant who joined by the link.
2. The rate limit's two steps in-process, per database: asking whether a
   client is limited (one indexed read) and storing a wrong attempt (an insert
   and the pruning delete, one commit), with the table empty and holding
   10,000 attempts of other addresses. On SQLite, and on a temporary
   PostgreSQL cluster when its server binaries are installed.

Run: `make bench`, or `python scripts/bench_access.py`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import importlib.util
import json
import re
import statistics
import tempfile
import time
from pathlib import Path
from urllib.parse import quote, urlencode

from portal import create_app, db
from portal.access import attempts
from portal.access.models import FailedAttempt
from portal.server import default_settings
from portal.testdb import FreshDatabases, PostgresCluster, PostgresUnavailable
from portal.testing import SimServer

PASSWORD = "kurs-på-fredag"
_spec = importlib.util.spec_from_file_location("benchmark", Path(__file__).with_name("benchmark.py"))
benchmark = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(benchmark)


def _request(port: int, method: str, path: str, headers: dict | None = None, body: str | None = None) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request(method, path, body=body, headers=headers or {})
    response = connection.getresponse()
    response.body = response.read()
    return response


def _cookie(response: http.client.HTTPResponse, previous: dict) -> dict:
    found = response.getheader("Set-Cookie")
    return {"Cookie": found.split(";")[0]} if found else previous


def logged_in(port: int) -> dict:
    """A browser's cookie after the login form."""
    page = _request(port, "GET", "/_sim/logg-inn")
    cookie = _cookie(page, {})
    token = re.search(rb'name="csrf_token" value="([^"]+)"', page.body).group(1).decode()
    form = urlencode({"csrf_token": token, "password": PASSWORD})
    answer = _request(port, "POST", "/_sim/logg-inn", {**cookie, "Content-Type": "application/x-www-form-urlencoded"}, form)
    assert answer.status == 303, answer.status
    return _cookie(answer, cookie)


def participant_poll(port: int, trainer: dict) -> tuple[str, dict, int]:
    """The unchanged poll of a browser that joined the trainer's room by its link, without the password."""
    _request(port, "GET", "/_sim/presenter", trainer)
    state = json.loads(_request(port, "GET", "/_sim/state", trainer).body)
    joined = _request(port, "GET", f"/_sim/join/{state['demo']['room']}")
    assert joined.status == 303, joined.status
    return f"/_sim/demo?part=patient&v={state['demo']['version']}", {**_cookie(joined, {}), "HX-Request": "true"}, 204


def through_the_server(seconds: float, clients: int) -> list[tuple[str, dict]]:
    workers = default_settings().workers
    rows = []
    with SimServer(workers=workers) as open_sim, SimServer(workers=workers, settings={"PORTAL_PASSWORD": PASSWORD}) as locked:
        own = _cookie(_request(open_sim.port, "GET", "/_sim/start/alle-tjenester-pa"), {})
        trainer = logged_in(locked.port)
        trainer = _cookie(_request(locked.port, "GET", "/_sim/start/alle-tjenester-pa", trainer), trainer)
        header = {"X-Portal-Password": quote(PASSWORD)}
        targets = [
            ("front page /, no password", open_sim.port, ("/", own, 200)),
            ("front page /, logged in", locked.port, ("/", trainer, 200)),
            ("/_sim/state, no password", open_sim.port, ("/_sim/state", own, 200)),
            # With the browser's cookie too, as a test client's context sends it: the same sandbox each time.
            ("/_sim/state, X-Portal-Password", locked.port, ("/_sim/state", {**trainer, **header}, 200)),
            ("participant's poll, no password", open_sim.port, participant_poll(open_sim.port, own)),
            ("participant's poll, password set", locked.port, participant_poll(locked.port, trainer)),
        ]
        for name, port, (path, headers, status) in targets:
            rows.append((name, benchmark.load(port, path, headers, status, seconds, clients)))
    return rows


def _per_call_us(step, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        step()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1e6


def rate_limit_steps(database_url: str, repeat: int = 300) -> dict[str, float]:
    app = create_app({"DATABASE_URL": database_url, "SECRET_KEY": "bench", "INSTANCE_PATH": tempfile.mkdtemp()})
    figures = {}
    now = dt.datetime.now(dt.UTC)
    for filled in (0, 10_000):
        with app.app_context():
            session = db.session()
            session.query(FailedAttempt).delete()
            session.add_all(FailedAttempt(client=f"10.0.{n // 250}.{n % 250}", kind="password", at=now) for n in range(filled))
            session.commit()
        with app.test_request_context(environ_base={"REMOTE_ADDR": "192.0.2.1"}):
            figures[f"is the client limited? ({filled:,} rows)"] = _per_call_us(lambda: attempts.seconds_to_wait(attempts.PASSWORD), repeat)
            figures[f"store a wrong attempt ({filled:,} rows)"] = _per_call_us(lambda: attempts.record_failure(attempts.PASSWORD), repeat)
            db.session().query(FailedAttempt).filter(FailedAttempt.client == "192.0.2.1").delete()
            db.session().commit()
    db.engine(app).dispose()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--clients", type=int, default=4)
    args = parser.parse_args()

    print(f"Through portal serve: {args.clients} client processes, {args.seconds:.0f} s each\n")
    print(f"{'what':34} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7}")
    for name, r in through_the_server(args.seconds, args.clients):
        print(f"{name:34} {r['rps']:7.0f} {r['p50_ms']:7.2f} {r['p99_ms']:7.2f}")

    print("\nThe rate limit's steps, in-process (median µs per call)\n")
    with tempfile.TemporaryDirectory() as folder:
        results = {"SQLite": rate_limit_steps(FreshDatabases(Path(folder)).new())}
        cluster = PostgresCluster()
        try:
            results["PostgreSQL"] = rate_limit_steps(FreshDatabases(Path(folder), cluster.start()).new())
        except (PostgresUnavailable, RuntimeError, ImportError) as exc:
            print(f"(PostgreSQL skipped: {exc})")
        finally:
            cluster.stop()
    databases = list(results)
    print(f"{'step':40}" + "".join(f"{name:>12}" for name in databases))
    for step in results["SQLite"]:
        print(f"{step:40}" + "".join(f"{results[name][step]:12.0f}" for name in databases))


if __name__ == "__main__":
    main()
