"""What a UX study costs the portal: the time of one page for a browser in no
study, for a participant between tasks, and for a participant whose task is
under way (its criterion checked on every page), on a database that already
holds a day of sessions (12 participants × 5 tasks); and what that day takes
in rows.

Run: `make bench`, or `python scripts/bench_studies.py [--requests 200] [--database-url URL]`
(an empty database; default: SQLite in a temporary folder). In-process, with
Flask's test client, so the figures are the app's own work without a server.
"""

from __future__ import annotations

import argparse
import re
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select

from portal import create_app, db
from portal.migrations import upgrade
from portal.sessionlog.models import SessionEvent
from portal.studies.models import StudyParticipant, TaskAttempt

PAGE = "/fastlegetjenester"


def _token(client, path: str = "/_sim/studier") -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).get_data(as_text=True)).group(1)


def _press(client, button: str) -> None:
    path = {"start": "/_sim/oppgave/start", "gi opp": "/_sim/oppgave/gi-opp", "ferdig": "/_sim/oppgave/ferdig"}[button]
    assert client.post(path, data={"csrf_token": _token(client, "/"), "next": "/"}).status_code == 303


def _participant(app, study: str):
    client = app.test_client()
    assert client.post(f"/_sim/studier/{study}/start", data={"csrf_token": _token(client)}).status_code == 303
    return client


def _timed(client, requests: int) -> tuple[float, float]:
    """Median and 95th percentile of GET PAGE in milliseconds."""
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        assert client.get(PAGE).status_code == 200
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{Path(folder) / 'bench.db'}"
        upgrade(url)
        app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "INSTANCE_PATH": folder})

        # A day of sessions: 12 participants through the five tasks of «timebestilling», each giving up.
        for _ in range(12):
            client = _participant(app, "timebestilling")
            for _task in range(5):
                _press(client, "start")
                client.get(PAGE)
                _press(client, "gi opp")
        with db.engine(app).connect() as connection:
            rows = [connection.scalar(select(func.count()).select_from(t)) for t in (StudyParticipant, TaskAttempt, SessionEvent)]
        print(f"A day of sessions (12 participants × 5 tasks): {rows[0]} participants, {rows[1]} attempts, {rows[2]} log events")

        plain = app.test_client()
        plain.post("/_sim/start/ferie-timebestilling", data={"csrf_token": _token(plain, "/_sim/")})
        between = _participant(app, "timebestilling")
        booking = _participant(app, "timebestilling")
        _press(booking, "start")  # task 1: a booking criterion, two state queries per page
        pages = _participant(app, "juleferie")
        _press(pages, "start")  # task 1: page_visited, the session log since the task started

        print(f"GET {PAGE}, {args.requests} requests each, {db.safe_url(url).split(':')[0]}: median / p95 in ms")
        for name, client in (
            ("a browser in no study", plain),
            ("a participant between tasks", between),
            ("a task under way, booking criterion", booking),
            ("a task under way, page_visited criterion", pages),
        ):
            median, p95 = _timed(client, args.requests)
            print(f"  {name:<44} {median:6.2f} / {p95:6.2f}")
        db.engine(app).dispose()


if __name__ == "__main__":
    main()
