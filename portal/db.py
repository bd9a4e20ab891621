"""SQLAlchemy 2 wiring: one engine per app, one session per request.

SQLite (the default) and PostgreSQL (``pip install 'helsenorge-portal-sim[postgres]'``,
``DATABASE_URL=postgresql+psycopg://…``) are both first-class. A process that
forks after it used the engine (a server that builds the app before its
workers start) must not hand the children its connections: see
``_forget_connections_after_fork``.
"""

from __future__ import annotations

import os
import re
import threading
import weakref
from collections import namedtuple

from flask import Flask, current_app, g
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker
from werkzeug.routing import IntegerConverter

from .i18n import _, _l

# Every engine this process made, so a forked child can let go of their connections.
_engines: weakref.WeakSet[Engine] = weakref.WeakSet()


def _forget_connections_after_fork() -> None:
    # Two processes on one connection mix up each other's answers. The child
    # starts with empty pools; close=False leaves the parent's connections
    # open for the parent (SQLAlchemy's advice for forking servers).
    for engine in list(_engines):
        engine.dispose(close=False)


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_connections_after_fork)


class DatabaseUnavailable(Exception):
    """The database cannot be used: no driver, a bad address, or no answer.
    The message is one Norwegian line naming the database (never its password)."""


def safe_url(url: str) -> str:
    """The database's address without its password."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", url)


def new_engine(url: str, **options) -> Engine:
    """An engine for ``url``; ``DatabaseUnavailable`` if its driver is missing or the address is not one."""
    try:
        parsed = make_url(url)
        if parsed.get_backend_name() == "postgresql" and "connect_timeout" not in parsed.query:
            # An address that does not answer is reported after 10 s, not the system's 2 minutes.
            options.setdefault("connect_args", {}).setdefault("connect_timeout", 10)
        engine = create_engine(url, **options)
    except ModuleNotFoundError as exc:
        raise DatabaseUnavailable(
            _(
                "Databasedriveren «%(driver)s» for %(url)s er ikke installert. For PostgreSQL: pip install 'helsenorge-portal-sim[postgres]'",
                driver=exc.name,
                url=safe_url(url),
            )
        ) from None
    except (ArgumentError, NoSuchModuleError):
        raise DatabaseUnavailable(
            _(
                "DATABASE_URL er ikke en databaseadresse vi kjenner: %(url)s "
                "(f.eks. sqlite:///sti/portal.sqlite3 eller postgresql+psycopg://bruker:passord@vert/database)",
                url=safe_url(url),
            )
        ) from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        _one_writer_per_process(engine)
    _engines.add(engine)
    return engine


# SQLSTATEs a server answers a refused connection (or a write it cannot keep) with.
_REFUSALS = {
    "28P01": _l("brukernavnet eller passordet ble ikke godtatt"),
    "28000": _l("brukeren har ikke adgang"),
    "3D000": _l("databasen finnes ikke"),
    "53100": _l("databaseserverens disk er full"),
    "25006": _l("databasen tar bare imot lesing"),
}
# SQLite's primary result codes for a file it cannot use.
_SQLITE_REFUSALS = {
    8: _l("filen er skrivebeskyttet"),  # SQLITE_READONLY
    10: _l("lese- eller skrivefeil på disken"),  # SQLITE_IOERR
    13: _l("disken er full"),  # SQLITE_FULL
    26: _l("filen er ikke en SQLite-database"),  # SQLITE_NOTADB
}


def unavailable(engine: Engine, exc: DBAPIError) -> DatabaseUnavailable:
    """The error a failed connection (or a refused write) gives, as one line for the user."""
    where = engine.url.render_as_string(hide_password=True)
    if engine.dialect.name == "sqlite":
        if reason := _SQLITE_REFUSALS.get((getattr(exc.orig, "sqlite_errorcode", None) or 0) & 0xFF):
            return DatabaseUnavailable(_("Databasefilen %(where)s kan ikke brukes: %(reason)s.", where=where, reason=reason))
        return DatabaseUnavailable(_("Kan ikke åpne databasefilen %(where)s: finnes mappen, og har vi skrivetilgang?", where=where))
    reason = _REFUSALS.get(getattr(exc.orig, "sqlstate", None) or "", _l("får ikke kontakt med databaseserveren"))
    return DatabaseUnavailable(_("Databasen %(where)s kan ikke brukes: %(reason)s.", where=where, reason=reason))


def check(engine: Engine) -> None:
    """Connect once: ``DatabaseUnavailable`` if the database cannot be reached."""
    try:
        with engine.connect():
            pass
    except DBAPIError as exc:
        raise unavailable(engine, exc) from None


# Row ids are Integer columns: 32 bits on PostgreSQL, the narrowest of our databases.
MAX_ROW_ID = 2**31 - 1


def row_id(value: str | None) -> int | None:
    """A row id from a form, or None if no row can have it (so: no such row)."""
    if value is None or not value.isascii() or not value.isdigit() or len(value) > 10:
        return None
    number = int(value)
    return number if 1 <= number <= MAX_ROW_ID else None


class RowIdConverter(IntegerConverter):
    """``<id:name>`` in a route: a number no row can have is a 404, never a database error."""

    def __init__(self, url_map) -> None:
        super().__init__(url_map, min=1, max=MAX_ROW_ID)


def init_app(app: Flask) -> None:
    app.url_map.converters["id"] = RowIdConverter
    # No tables are made here: the schema comes from the migrations (portal.migrations).
    engine = new_engine(app.config["DATABASE_URL"])
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


class QuickRead:
    """A prebuilt SELECT of one row, run on a pooled DBAPI connection.

    For the one read every page makes (its sandbox): the ORM session and
    Core's execution machinery cost six times the query itself. The SQL is
    compiled once per dialect; the columns' types still turn values into
    Python (JSON on SQLite). Inside a transaction the request's session has
    begun, its connection is used instead, so the read sees what it wrote.
    """

    def __init__(self, statement):
        self.statement = statement
        self._row = namedtuple("Row", [column.key for column in statement.selected_columns])
        self._compiled: dict[str, tuple] = {}

    def _for(self, dialect) -> tuple:
        if (compiled := self._compiled.get(dialect.name)) is None:
            sql = self.statement.compile(dialect=dialect)
            converters = [column.type.dialect_impl(dialect).result_processor(dialect, None) for column in self.statement.selected_columns]
            compiled = self._compiled[dialect.name] = (sql, converters)
        return compiled

    def first(self, **params):
        """The row (its columns by name), or None."""
        open_session = g.get("db_session")
        if open_session is not None and open_session.in_transaction():
            return open_session.connection().execute(self.statement, params).first()
        bound = engine()
        sql, converters = self._for(bound.dialect)
        values = sql.construct_params(params)
        arguments = tuple(values[name] for name in sql.positiontup) if sql.positional else values
        connection = bound.raw_connection()
        try:
            cursor = connection.cursor()
            cursor.execute(sql.string, arguments)
            row = cursor.fetchone()
            cursor.close()
        finally:
            connection.close()
        if row is None:
            return None
        return self._row(*(convert(value) if convert else value for convert, value in zip(converters, row)))


def session() -> Session:
    """The request's database session, opened on first use."""
    if "db_session" not in g:
        g.db_session = current_app.extensions["portal.db"]()
    return g.db_session


def engine(app: Flask | None = None) -> Engine:
    """The engine of ``app`` (default: the current app)."""
    return (app or current_app).extensions["portal.db"].kw["bind"]


def _close_session(_exc: BaseException | None) -> None:
    db_session = g.pop("db_session", None)
    if db_session is not None:
        db_session.close()
