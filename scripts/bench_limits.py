"""What the limits keep and what they cost, on the production server.

1. Rows that browsers which only look leave behind: requests without a cookie
   (new visitors, or a client that keeps none) and requests of one browser that
   looks around with its cookie, over the patient's pages and /_sim/.
2. `portal sandboxes prune`, as an operator runs it, on a database with many
   idle sandboxes (each with log lines, a message and an attachment) beside
   sandboxes in use: how long it takes, and what it leaves.
3. One automatic pruning turn when nothing has expired: what the worker
   whose turn it is spends after its response.

Run: `make bench`, or `python scripts/bench_limits.py [--sandboxes 5000] [--database-url URL]`
(an empty PostgreSQL database, say; default: SQLite in a temporary folder).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

from sqlalchemy import func, insert, select

from portal import create_app, db, expiry
from portal.messages.models import Attachment, AttachmentChunk, MessageThread, ThreadMessage
from portal.models import Sandbox
from portal.sessionlog.models import SessionEvent
from portal.testing import SimServer

PAGES = ("/", "/fastlegetjenester", "/innboks", "/kontakt-legekontoret", "/timeavtaler", "/meny", "/_sim/", "/_sim/state", "/_sim/demo")
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 1024
LOG_LINES = 20


def _get(opener, url: str) -> int:
    try:
        with opener.open(url, timeout=10) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def _counts(url: str, tables=(Sandbox, SessionEvent)) -> tuple[int, ...]:
    engine = db.new_engine(url)
    with engine.connect() as connection:
        found = tuple(connection.scalar(select(func.count()).select_from(table)) for table in tables)
    engine.dispose()
    return found


def looking_around(server: SimServer, url: str, requests: int) -> None:
    before = _counts(url)
    started = time.perf_counter()
    for n in range(requests):
        _get(urllib.request.build_opener(), server.url + PAGES[n % len(PAGES)])  # a new opener: no cookie
    cookieless = time.perf_counter() - started
    after_cookieless = _counts(url)
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    for n in range(requests):
        _get(browser, server.url + PAGES[n % len(PAGES)])
    after_looking = _counts(url)
    print(f"{requests} requests without a cookie ({requests / cookieless:.0f}/s): "
          f"{after_cookieless[0] - before[0]} sandboxes, {after_cookieless[1] - before[1]} log rows stored")
    print(f"{requests} requests of one browser that only looks: "
          f"{after_looking[0] - after_cookieless[0]} sandboxes, {after_looking[1] - after_cookieless[1]} log rows stored")


def seed(url: str, idle: int, in_use: int) -> None:
    """Sandboxes as a day of use leaves them, written straight into the database."""
    engine = db.new_engine(url)
    now = dt.datetime.now(dt.UTC)
    with engine.begin() as connection:
        for n in range(idle + in_use):
            sandbox_id = secrets.token_urlsafe(24)
            seen = now - dt.timedelta(days=40 if n < idle else 1)
            connection.execute(insert(Sandbox).values(id=sandbox_id, scenario_id="alle-tjenester-pa", overrides={}, seen_at=seen))
            connection.execute(
                insert(SessionEvent),
                [dict(sandbox=sandbox_id, run=1, time=seen, kind="page", method="GET", path="/", status=200, detail={}) for _ in range(LOG_LINES)],
            )
            thread_id = connection.execute(
                insert(MessageThread).values(sandbox_id=sandbox_id, service_id="kontakt-legekontoret", subject="Hei", created_at=seen.replace(tzinfo=None))
            ).inserted_primary_key[0]
            message_id = connection.execute(
                insert(ThreadMessage).values(sandbox_id=sandbox_id, thread_key=f"m{thread_id}", sender="patient", body="Tekst", sent_at=seen.replace(tzinfo=None))
            ).inserted_primary_key[0]
            stored_name = secrets.token_hex(16)
            connection.execute(
                insert(Attachment).values(
                    sandbox_id=sandbox_id, form_token=secrets.token_urlsafe(24), message_id=message_id, name="bilde.png",
                    content_type="image/png", size=len(PNG), stored_name=stored_name, uploaded_at=seen,
                )
            )
            connection.execute(insert(AttachmentChunk).values(stored_name=stored_name, seq=0, data=PNG))
    engine.dispose()


def pruning(url: str, instance: Path, idle: int, in_use: int) -> None:
    seed(url, idle, in_use)
    env = dict(os.environ, DATABASE_URL=url, PORTAL_INSTANCE=str(instance))
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "portal", "sandboxes", "prune"], env=env, capture_output=True, text=True, check=True)
    took = time.perf_counter() - started
    left = _counts(url, (Sandbox, SessionEvent, AttachmentChunk))
    print(f"\nportal sandboxes prune, {idle} idle sandboxes ({LOG_LINES} log lines, a message and a file each) beside {in_use} in use:")
    print("  " + result.stdout.strip().replace("\n", "\n  "))
    print(f"  {took:.1f} s, the command's start included; left: {left[0]} sandboxes, {left[1]} log rows, {left[2]} files")

    app = create_app({"DATABASE_URL": url, "INSTANCE_PATH": instance})
    with app.app_context():
        seed(url, idle, 0)
        started = time.perf_counter()
        pruned = expiry.prune(app.config["SANDBOX_MAX_AGE"], app.config["UPLOAD_MAX_AGE"])
        took = time.perf_counter() - started
        print(f"the same pruning in a worker: {pruned.sandboxes} sandboxes in {took:.2f} s ({pruned.sandboxes / took:.0f}/s, "
              f"{expiry.BATCH} per transaction: {took / (pruned.sandboxes / expiry.BATCH) * 1000:.0f} ms each)")
        times = []
        for _ in range(21):
            started = time.perf_counter()
            expiry.prune(app.config["SANDBOX_MAX_AGE"], app.config["UPLOAD_MAX_AGE"])
            times.append(time.perf_counter() - started)
            db.session().close()
    times.sort()
    print(f"a pruning turn with nothing expired, {in_use} sandboxes in use: median {times[10] * 1000:.1f} ms, slowest {times[-1] * 1000:.1f} ms")
    db.engine(app).dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--sandboxes", type=int, default=5000, help="idle sandboxes to prune")
    parser.add_argument("--database-url", help="an empty database (default: SQLite in a temporary folder)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        instance = Path(tmp)
        url = args.database_url or f"sqlite:///{instance / 'portal.sqlite3'}"
        with SimServer(workers=1, database_url=url) as server:
            looking_around(server, url, args.requests)
        pruning(url, instance, args.sandboxes, args.sandboxes // 10)


if __name__ == "__main__":
    main()
