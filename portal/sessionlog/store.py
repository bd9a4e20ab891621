"""The session log's table: one statement to write an event, one query to read a log back."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Integer, bindparam, func, insert, select

from .. import db
from ..models import Sandbox
from . import events
from .models import SessionEvent

# The participant number is the sandbox's latest, one more at a reset: worked
# out inside the one INSERT, so logging costs one statement. It selects from
# the sandbox's row, so an id that has none (not stored yet, or just expired)
# logs nothing instead of failing on the foreign key. Built once and run on
# the request's connection (no ORM work), as it follows every page view.
_events = SessionEvent.__table__
_LATEST_RUN = select(func.coalesce(func.max(_events.c.run), 1)).where(_events.c.sandbox == Sandbox.id).scalar_subquery()
_INSERT_EVENT = insert(_events).from_select(
    ["sandbox", "run", "time", "kind", "method", "path", "status", "detail"],
    select(
        Sandbox.id,
        _LATEST_RUN + bindparam("next_run", type_=Integer),
        bindparam("time", type_=_events.c.time.type),
        bindparam("kind", type_=_events.c.kind.type),
        bindparam("method", type_=_events.c.method.type),
        bindparam("path", type_=_events.c.path.type),
        bindparam("status", type_=Integer),
        bindparam("detail", type_=_events.c.detail.type),
    ).where(Sandbox.id == bindparam("sandbox")),
)


def add_event(sandbox_id: str, kind: str, method: str, path: str, status: int, detail: dict[str, Any]) -> None:
    """One line of the log, committed at once; a reset's line starts the next participant."""
    db.session().connection().execute(
        _INSERT_EVENT,
        {
            "sandbox": sandbox_id,
            "next_run": 1 if kind == "reset" else 0,
            "time": dt.datetime.now(dt.UTC),
            "kind": kind,
            "method": method,
            "path": path[:500],
            "status": status,
            "detail": detail,
        },
    )
    db.session().commit()


def load_participants(sandbox_id: str | None = None, since: dt.datetime | None = None) -> list[events.Participant]:
    """The log grouped by participant: one sandbox's, or every sandbox's."""
    columns = [getattr(SessionEvent, name) for name in events.Event.__dataclass_fields__ if name != "scenario"]
    query = select(*columns, Sandbox.scenario_id.label("scenario")).join(Sandbox, Sandbox.id == SessionEvent.sandbox)
    if sandbox_id is not None:
        query = query.where(SessionEvent.sandbox == sandbox_id)
    if since is not None:
        # An aware time: compared as the moment it is, whatever the database's time zone.
        query = query.where(SessionEvent.time >= since)
    rows = db.session().execute(query.order_by(SessionEvent.time, SessionEvent.id)).all()
    return events.participants(events.Event(**row._asdict()) for row in rows)


def events_between(sandbox_id: str, start: dt.datetime, end: dt.datetime | None = None) -> list[events.Event]:
    """One sandbox's events from ``start`` up to ``end`` (both included), oldest first."""
    columns = [getattr(SessionEvent, name) for name in events.Event.__dataclass_fields__ if name != "scenario"]
    query = select(*columns).where(SessionEvent.sandbox == sandbox_id, SessionEvent.time >= start)
    if end is not None:
        query = query.where(SessionEvent.time <= end)
    rows = db.session().execute(query.order_by(SessionEvent.time, SessionEvent.id)).all()
    return [events.Event(**row._asdict()) for row in rows]
