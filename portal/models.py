"""Database tables. A scenario is read-only seed data held in memory; a
sandbox row stores only what one browser changed since it started."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, Index, Integer, String, false, func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator


class Base(DeclarativeBase):
    pass


class UTCDateTime(TypeDecorator):
    """A moment in time, given back aware and in UTC on every database.

    SQLite keeps no zone (it stores the UTC wall-clock time and gives it back
    naive); PostgreSQL gives it back in its session's time zone. A naive value
    is refused: it would mean UTC on one database and local time on the other.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"a moment in time needs its time zone: {value!r}")
        return value.astimezone(dt.UTC)

    def process_result_value(self, value: dt.datetime | None, dialect) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


class Sandbox(Base):
    __tablename__ = "sandbox"
    __table_args__ = (Index("ix_sandbox_seen_at", "seen_at"),)

    id: Mapped[str] = mapped_column(String(43), primary_key=True)
    scenario_id: Mapped[str] = mapped_column(String(100))
    # What changed since the start: the office's settings (their shape is
    # OfficeSettings' in services/catalog.py), only where they differ, and
    # whether the patient has seen the events ("events_seen"). A reset empties it.
    overrides: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # The overrides it started with (a variant of its scenario, started through
    # the API), which a reset returns to; {} for the scenario as written.
    start_overrides: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict, server_default="{}")
    # When the simulator's clock started (the sandbox's start or its last
    # reset): it runs from the scenario's start time (SandboxView.now).
    clock_started_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # A UX test's participant: the patient's pages show no simulator. A reset keeps it.
    participant: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, server_default=func.now())
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, server_default=func.now(), onupdate=func.now())
    # When a browser last used it, to the hour (sandbox.SEEN_EVERY): idle ones expire (expiry.py).
    seen_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, server_default=func.now())
    # One more after every write to the sandbox or a row it owns, in the same
    # transaction (portal/sandbox.py counts them): what a cached page was made from.
    version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class Housekeeping(Base):
    """When a periodic job is next due, shared by every worker and instance on
    the database: the one that moves ``due_at`` on first runs the job (expiry.py)."""

    __tablename__ = "housekeeping"

    job: Mapped[str] = mapped_column(String(40), primary_key=True)
    due_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


def all_tables():
    """The metadata with every area's tables: each area defines its own in its
    ``models.py``, which this imports (migrations compare the schema with it)."""
    from .access import models as _access  # noqa: F401
    from .booking import models as _booking  # noqa: F401
    from .messages import models as _messages  # noqa: F401
    from .trainer import models as _trainer  # noqa: F401
    from .sessionlog import models as _sessionlog  # noqa: F401
    from .studies import models as _studies  # noqa: F401

    return Base.metadata
