"""SQLAlchemy 2 wiring: one engine per app, one session per request."""

from __future__ import annotations

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
