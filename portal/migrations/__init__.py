"""The database schema, by Alembic migrations (``versions/``).

``upgrade`` brings a database to the newest revision: ``portal db upgrade``
runs it, and ``portal serve`` at start unless told not to. The app itself
never creates tables.

- A database made by release 0.1.0 (tables from ``create_all``, no
  ``alembic_version``) is recognised and stamped as revision 0001, then
  upgraded from there.
- Several instances may start at once: one migrates while the others wait,
  then find nothing left to do. The lock is the migration's own transaction:
  an advisory lock on PostgreSQL, ``BEGIN IMMEDIATE`` (the database file's
  write lock) on SQLite. On both the whole upgrade is one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import event, inspect, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from .. import db
from ..i18n import _

FOLDER = Path(__file__).parent
RELEASE_0_1_0 = "0001"
RELEASE_0_1_0_TABLES = frozenset(
    {
        "sandbox",
        "booking_appointment",
        "booking_wish",
        "booking_wish_answer",
        "demo_room",
        "message_thread",
        "thread_message",
        "thread_state",
        "message_draft",
        "message_attachment",
        "session_event",
    }
)
# Any fixed number, the same in every instance: the key of PostgreSQL's advisory lock.
ADVISORY_LOCK_KEY = 0x706F7274616C  # "portal"
# How long an instance waits for another's migration on SQLite, in seconds.
SQLITE_LOCK_TIMEOUT = 600


@dataclass(frozen=True)
class Outcome:
    before: str | None  # the revision found (None: an empty database)
    after: str
    recognised_0_1_0: bool = False

    def describe(self, where: str) -> str:
        if self.recognised_0_1_0 and self.after == RELEASE_0_1_0:
            return _("Databasen %(where)s er fra versjon 0.1.0 og er nå merket med revisjon %(after)s.", where=where, after=self.after)
        if self.recognised_0_1_0:
            return _("Databasen %(where)s er fra versjon 0.1.0 og er oppdatert til revisjon %(after)s.", where=where, after=self.after)
        if self.before == self.after:
            return _("Databasen %(where)s er allerede oppdatert (revisjon %(after)s).", where=where, after=self.after)
        if self.before is None:
            return _("Databasen %(where)s er opprettet (revisjon %(after)s).", where=where, after=self.after)
        return _("Databasen %(where)s er oppdatert fra revisjon %(before)s til %(after)s.", where=where, before=self.before, after=self.after)


def head() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def alembic_config(connection: Connection | None = None, instance_path: Path | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(FOLDER))
    config.attributes["connection"] = connection
    config.attributes["instance_path"] = instance_path
    return config


def migration_engine(url: str) -> Engine:
    """An engine that holds no connection once done: nothing of it outlives the
    upgrade (nor reaches a forked server worker)."""
    engine = db.new_engine(url, poolclass=NullPool)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_for_migrations)
        event.listen(engine, "begin", lambda connection: connection.exec_driver_sql("BEGIN IMMEDIATE"))
    return engine


def _sqlite_for_migrations(dbapi_connection, _record) -> None:
    # The driver's own transaction handling would commit before DDL; we begin
    # ourselves (BEGIN IMMEDIATE: the write lock, which other processes wait for).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_LOCK_TIMEOUT * 1000}")
    cursor.execute("PRAGMA foreign_keys=OFF")  # see env.py
    cursor.close()


def _lock(connection: Connection) -> None:
    """Wait for any other instance's migration; ours holds the lock until commit.
    (On SQLite the transaction's BEGIN IMMEDIATE has taken it already.)"""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ADVISORY_LOCK_KEY})


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def _recognise_0_1_0(connection: Connection, config: Config) -> bool:
    """Stamp a database that 0.1.0's create_all made; True if it was one."""
    tables = set(inspect(connection).get_table_names())
    if "alembic_version" in tables or not tables & RELEASE_0_1_0_TABLES:
        return False
    if missing := RELEASE_0_1_0_TABLES - tables:
        raise db.DatabaseUnavailable(
            _(
                "Databasen %(where)s har noen av tabellene fra versjon 0.1.0, men ikke alle (mangler %(missing)s): oppdaterer den ikke.",
                where=connection.engine.url.render_as_string(hide_password=True),
                missing=", ".join(sorted(missing)),
            )
        )
    command.stamp(config, RELEASE_0_1_0)
    return True


def upgrade(url: str, instance_path: Path | None = None, revision: str = "head") -> Outcome:
    """Bring the database at ``url`` to ``revision``, one instance at a time."""
    engine = migration_engine(url)
    try:
        db.check(engine)
        with engine.begin() as connection:
            _lock(connection)
            config = alembic_config(connection, instance_path)
            recognised = _recognise_0_1_0(connection, config)
            before = None if recognised else current_revision(connection)
            try:
                command.upgrade(config, revision)
            except CommandError as exc:
                if "Can't locate revision" not in str(exc):
                    raise
                raise db.DatabaseUnavailable(
                    _(
                        "Databasen %(where)s er laget av en nyere versjon av simulatoren enn denne: "
                        "oppdater simulatoren, eller bruk en annen database.",
                        where=engine.url.render_as_string(hide_password=True),
                    )
                ) from None
            return Outcome(before, current_revision(connection), recognised)
    except DBAPIError as exc:
        # A full disk, a read-only file: one line, as for a database that cannot be reached.
        raise db.unavailable(engine, exc) from None
    finally:
        engine.dispose()


def verify(url: str) -> str:
    """The database's revision if it is the newest; ``DatabaseUnavailable`` if not."""
    engine = migration_engine(url)
    try:
        db.check(engine)
        with engine.connect() as connection:
            found = current_revision(connection)
    finally:
        engine.dispose()
    if found != head():
        where = engine.url.render_as_string(hide_password=True)
        raise db.DatabaseUnavailable(
            _(
                "Databasen %(where)s har revisjon %(found)s, men denne versjonen trenger %(head)s: kjør portal db upgrade.",
                where=where,
                found=found or _("(ingen)"),
                head=head(),
            )
        )
    return found
