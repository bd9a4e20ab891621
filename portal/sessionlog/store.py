"""The session log's table: events written in batches, one query to read a log back."""

from __future__ import annotations

import atexit
import datetime as dt
import logging
import multiprocessing.util
import os
import threading
import time
import weakref
from typing import Any

from flask import Flask, current_app
from sqlalchemy import Integer, bindparam, func, insert, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from .. import db
from ..models import Sandbox
from . import events
from .models import SessionEvent

logger = logging.getLogger(__name__)

# The participant number is the sandbox's latest before the event's time, one
# more at a reset: worked out inside the one INSERT, so an event written late
# (another process's batch) still counts for the participant of its time. It
# selects from the sandbox's row, so an id that has none (not stored yet, or
# just expired) logs nothing instead of failing on the foreign key.
_events = SessionEvent.__table__
_LATEST_RUN = (
    select(func.coalesce(func.max(_events.c.run), 1))
    .where(_events.c.sandbox == Sandbox.id, _events.c.time <= bindparam("time", type_=_events.c.time.type))
    .scalar_subquery()
)
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


# Kinds written before the response: the next page must count for the participant they start.
_AT_ONCE = frozenset({"start", "reset"})


class EventWriter:
    """The session log's writes of one process, in batches.

    A page view queues its event and is answered; one thread writes what is
    queued in one transaction, ``delay`` seconds after the first of it came.
    A start or a reset is written (with what is queued) before its response.
    Reading the log writes this process's queues first; a process that stops
    cleanly (atexit) writes it too. So: an event is in the database within
    ``delay`` of its response (plus the write's own time); a crash (kill -9,
    power loss) may lose the page views of the last ``delay`` seconds.
    """

    def __init__(self, engine: Engine, delay: float):
        self.engine = engine
        self.delay = delay
        self._queue: list[dict] = []
        self._queued = threading.Lock()  # the queue
        self._writing = threading.Lock()  # one batch at a time, in order
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._pid = os.getpid()
        _writers.add(self)

    def add(self, event: dict) -> None:
        with self._queued:
            if self._pid != os.getpid():  # a forked child: the parent's thread is not here
                self._pid, self._thread, self._queue = os.getpid(), None, []
            self._queue.append(event)
            if self._thread is None:
                _at_exit()
                self._thread = threading.Thread(target=self._run, name="session-log", daemon=True)
                self._thread.start()
        self._wake.set()

    def _run(self) -> None:
        while True:
            if not self._wake.wait(timeout=10):
                with self._queued:
                    if not self._queue:  # idle: the next event starts a thread again
                        self._thread = None
                        return
                continue
            time.sleep(self.delay)  # let the batch gather
            self._wake.clear()
            self.flush()

    def flush(self) -> None:
        """Write what is queued now."""
        with self._writing:
            with self._queued:
                events, self._queue = self._queue, []
            if not events:
                return
            try:
                with self.engine.begin() as connection:
                    for event in events:
                        connection.execute(_INSERT_EVENT, event)
            except SQLAlchemyError:
                self._one_by_one(events)

    def _one_by_one(self, events: list[dict]) -> None:
        # One bad line (its sandbox deleted meanwhile) must not cost the others theirs.
        for event in events:
            try:
                with self.engine.begin() as connection:
                    connection.execute(_INSERT_EVENT, event)
            except SQLAlchemyError:
                logger.warning("session log: could not record %s %s", event["method"], event["path"], exc_info=True)


_writers: weakref.WeakSet[EventWriter] = weakref.WeakSet()


def write_queued() -> None:
    """Write what every writer of this process has queued."""
    for writer in list(_writers):
        writer.flush()


# At a clean exit: atexit's for a process of its own; a server's worker
# process ends without running those, but runs multiprocessing's finalizers
# registered in it (see _at_exit).
atexit.register(write_queued)
_finalizer_pid: int | None = None


def _at_exit() -> None:
    global _finalizer_pid
    if _finalizer_pid != os.getpid():
        _finalizer_pid = os.getpid()
        multiprocessing.util.Finalize(None, write_queued, exitpriority=100)


def init_app(app: Flask) -> None:
    app.config.setdefault("SESSION_LOG_DELAY", 0.1)
    app.extensions["portal.session_log"] = EventWriter(db.engine(app), app.config["SESSION_LOG_DELAY"])


def _writer() -> EventWriter:
    return current_app.extensions["portal.session_log"]


# Where a request's environ keeps its line of the log (add_event's arguments).
LOGGED = "portal.session_log.line"


def add_event(sandbox_id: str, kind: str, method: str, path: str, status: int, detail: dict[str, Any]) -> None:
    """One line of the log, written within the writer's delay; a start or a
    reset (which starts the next participant) before the response."""
    writer = _writer()
    writer.add(
        {
            "sandbox": sandbox_id,
            "next_run": 1 if kind == "reset" else 0,
            "time": dt.datetime.now(dt.UTC),
            "kind": kind,
            "method": method,
            "path": path[:500],
            "status": status,
            "detail": detail,
        }
    )
    if kind in _AT_ONCE:
        writer.flush()


def load_participants(sandbox_id: str | None = None, since: dt.datetime | None = None) -> list[events.Participant]:
    """The log grouped by participant: one sandbox's, or every sandbox's
    (with what this process has queued; another's comes within its delay)."""
    write_queued()
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
    write_queued()  # this process's page views of the last moment too (a UX task's trail reads them at once)
    columns = [getattr(SessionEvent, name) for name in events.Event.__dataclass_fields__ if name != "scenario"]
    query = select(*columns).where(SessionEvent.sandbox == sandbox_id, SessionEvent.time >= start)
    if end is not None:
        query = query.where(SessionEvent.time <= end)
    rows = db.session().execute(query.order_by(SessionEvent.time, SessionEvent.id)).all()
    return [events.Event(**row._asdict()) for row in rows]
