"""SQLAlchemy 2 wiring: one engine per app, one session per request."""

from __future__ import annotations

import threading

from flask import Flask, current_app, g
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from .models import Base


def init_app(app: Flask) -> None:
    url = app.config["DATABASE_URL"]
    engine = create_engine(url, future=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        _one_writer_per_process(engine)
    Base.metadata.create_all(engine)
    app.extensions["portal.db"] = sessionmaker(engine, expire_on_commit=False)
    app.teardown_appcontext(_close_session)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # WAL lets several server workers read while one writes; the busy timeout
    # makes a writer wait for the lock instead of failing at once.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    # In WAL mode NORMAL stays consistent after a crash and saves an fsync per
    # commit; a simulator may lose its last second of changes on power loss.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


_WRITING = "portal.writing"  # in a pooled connection's info while it holds the write lock


def _one_writer_per_process(engine: Engine) -> None:
    """The server's threads take turns for SQLite's write lock at a Python lock.

    SQLite lets one connection write at a time; the others wait in its busy
    handler, which sleeps in growing steps of up to 100 ms. With a few dozen
    threads writing (every page view logs a row) those sleeps made the slowest
    pages take a second. A thread waiting at a Python lock wakes as soon as the
    writer commits. The lock is taken at a connection's first INSERT, UPDATE or
    DELETE and given back when its transaction ends; processes still meet at
    SQLite's own lock.
    """
    lock = threading.Lock()

    def take(conn, _cursor, _statement, _parameters, context, _executemany) -> None:
        if context is not None and (context.isinsert or context.isupdate or context.isdelete) and not conn.info.get(_WRITING):
            lock.acquire()
            conn.info[_WRITING] = True

    def give_back(info: dict) -> None:
        if info.pop(_WRITING, False):
            lock.release()

    event.listen(engine, "before_cursor_execute", take)
    event.listen(engine, "commit", lambda conn: give_back(conn.info))
    event.listen(engine, "rollback", lambda conn: give_back(conn.info))
    # A connection returned to the pool with its transaction open is rolled back there.
    event.listen(engine, "reset", lambda _dbapi, record, _state: give_back(record.info))


def session() -> Session:
    """The request's database session, opened on first use."""
    if "db_session" not in g:
        g.db_session = current_app.extensions["portal.db"]()
    return g.db_session


def engine() -> Engine:
    return current_app.extensions["portal.db"].kw["bind"]


def _close_session(_exc: BaseException | None) -> None:
    db_session = g.pop("db_session", None)
    if db_session is not None:
        db_session.close()
