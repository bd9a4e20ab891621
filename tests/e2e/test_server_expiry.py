"""The production server prunes idle sandboxes on its own, after a response has gone out."""

import datetime as dt
import time
import urllib.request

from sqlalchemy import func, insert, select

from portal import db
from portal.models import Sandbox
from portal.sessionlog.models import SessionEvent
from portal.testing import SimServer


def test_a_running_server_deletes_an_idle_sandbox_and_its_log(database_url):
    engine = db.new_engine(database_url)
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=31)
    with engine.begin() as connection:
        for sandbox_id, seen in (("inaktiv" * 4, long_ago), ("i-bruk" * 4, dt.datetime.now(dt.UTC))):
            connection.execute(insert(Sandbox).values(id=sandbox_id, scenario_id="alle-tjenester-pa", overrides={}, seen_at=seen))
            connection.execute(insert(SessionEvent).values(sandbox=sandbox_id, run=1, time=seen, kind="page", method="GET", path="/", status=200, detail={}))

    def remaining():
        with engine.connect() as connection:
            return set(connection.scalars(select(Sandbox.id))), connection.scalar(select(func.count()).select_from(SessionEvent))

    try:
        with SimServer(workers=1, database_url=database_url) as server:
            with urllib.request.urlopen(f"{server.url}/", timeout=10) as response:
                assert response.status == 200
            deadline = time.monotonic() + 10
            while remaining()[0] != {"i-bruk" * 4} and time.monotonic() < deadline:
                time.sleep(0.1)
            assert remaining() == ({"i-bruk" * 4}, 1), server.log()[-2000:]
    finally:
        engine.dispose()
