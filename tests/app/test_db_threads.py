"""SQLite under a threaded server: writers take turns at a lock that every way
out of a transaction gives back, so no thread is left waiting for it."""

import threading

import pytest
from sqlalchemy import insert

from portal import db
from portal.models import Sandbox


@pytest.fixture(autouse=True)
def _sqlite_only(app):
    # The lock is SQLite's answer to one writer at a time; PostgreSQL lets
    # writers of different rows go on together.
    if db.engine(app).dialect.name != "sqlite":
        pytest.skip("the writers' lock is for SQLite")


def _write_in_another_thread(app, sandbox_id: str, timeout: float = 3) -> bool:
    """Whether another thread could write and commit within ``timeout`` seconds."""
    done = threading.Event()

    def write():
        with app.app_context():
            db.session().execute(insert(Sandbox).values(id=sandbox_id, scenario_id="alle-tjenester-pa", overrides={}))
            db.session().commit()
            done.set()

    threading.Thread(target=write, daemon=True).start()
    return done.wait(timeout)


def _next_writer_gets_in(app) -> bool:
    """Whether a writer in another thread, on another connection, gets in."""
    with app.app_context():
        db.session().connection()  # this thread holds the pooled connection, so the writer opens its own
        return _write_in_another_thread(app, "second")


@pytest.mark.parametrize("end", ["commit", "rollback", "close"])
def test_every_end_of_a_write_lets_the_next_writer_in(app, end):
    with app.app_context():
        db.session().execute(insert(Sandbox).values(id="first", scenario_id="alle-tjenester-pa", overrides={}))
        getattr(db.session(), end)()
    assert _next_writer_gets_in(app)


def test_a_request_that_fails_after_writing_lets_the_next_writer_in(app):
    @app.get("/writes-then-fails")
    def writes_then_fails():
        db.session().execute(insert(Sandbox).values(id="first", scenario_id="alle-tjenester-pa", overrides={}))
        raise RuntimeError("after the write, before the commit")

    app.config["PROPAGATE_EXCEPTIONS"] = False
    assert app.test_client().get("/writes-then-fails").status_code == 500
    assert _next_writer_gets_in(app)


def test_a_writer_waits_for_the_one_before_it_and_then_goes_on(app):
    with app.app_context():
        db.session().execute(insert(Sandbox).values(id="first", scenario_id="alle-tjenester-pa", overrides={}))
        assert not _write_in_another_thread(app, "second", timeout=0.3)  # waits while "first" is uncommitted
        db.session().commit()
    with app.app_context():
        assert _wait_for_row(app, "second")


def _wait_for_row(app, sandbox_id: str, timeout: float = 3) -> bool:
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if db.session().get(Sandbox, sandbox_id) is not None:
            return True
        db.session().rollback()
        time.sleep(0.05)
    return False
