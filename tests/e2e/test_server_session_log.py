"""The session log under the production server: written in batches, and whole at a clean stop."""

import http.client

from sqlalchemy import create_engine, func, select

from portal.sessionlog.models import SessionEvent
from portal.testing import SimServer


def test_every_answered_page_view_is_in_the_log_after_a_clean_stop(database_url):
    # The views are queued by two workers and the server is stopped at once,
    # before a batch is due: what each worker queued is written as it stops.
    server = SimServer(workers=2, database_url=database_url).start()
    try:
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        connection.request("GET", "/_sim/start/alle-tjenester-pa")
        started = connection.getresponse()
        started.read()
        cookie = started.getheader("Set-Cookie").split(";")[0]
        answered = 0
        for _ in range(150):
            connection.request("GET", "/", headers={"Cookie": cookie})
            response = connection.getresponse()
            response.read()
            answered += response.status == 200
    finally:
        server.stop()
    engine = create_engine(database_url)
    try:
        with engine.connect() as db:
            logged = db.scalar(select(func.count()).select_from(SessionEvent).where(SessionEvent.kind == "page"))
    finally:
        engine.dispose()
    assert answered == 150 and logged == answered
