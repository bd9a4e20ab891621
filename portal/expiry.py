"""Nothing is kept for ever: idle sandboxes and unsent uploads expire.

A sandbox nobody has used for ``SANDBOX_MAX_AGE`` (``PORTAL_SANDBOX_MAX_AGE``,
default 30 days) is deleted with everything in it: messages, attachments and
their files, bookings, its demo room and its session log. A file uploaded to a
form that was neither sent nor kept as a draft goes after ``UPLOAD_MAX_AGE``
(``PORTAL_UPLOAD_MAX_AGE``, default 24 hours).

Pruning runs by ``portal sandboxes prune`` and on its own. On its own: after a
response has gone out, a worker that has not asked for ``PRUNE_EVERY`` asks
the database whether it is time; the one that moves the ``housekeeping`` row's
due time on first prunes, the others find it moved. So with any number of
workers and instances on one database it runs at most once per
``PRUNE_EVERY``, in batches, after a response rather than before one, with no
scheduler or thread of its own to keep alive; and a server nobody uses does
not prune, but nothing grows there either.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from dataclasses import dataclass, field

from flask import Flask, Response, current_app
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from . import db
from .i18n import _, ngettext
from .messages import store as messages
from .models import Housekeeping, Sandbox
from .sandbox import SEEN_EVERY
from .sessionlog.models import SessionEvent

logger = logging.getLogger(__name__)

JOB = "prune"
# Sandboxes (with all they hold) or uploads deleted per transaction: short
# enough that no writer waits long for the database.
BATCH = 100


@dataclass
class Pruned:
    """What one pruning deleted."""

    sandboxes: int = 0
    attachments: int = 0  # of those sandboxes
    log_events: int = 0  # of those sandboxes
    unsent_uploads: int = 0

    def report(self, sandbox_age: dt.timedelta | None, upload_age: dt.timedelta | None) -> list[str]:
        """What was deleted, in Norwegian, a line for sandboxes and one for uploads."""
        if sandbox_age is None:
            sandboxes = _("Sandkasser slettes ikke (PORTAL_SANDBOX_MAX_AGE=0).")
        else:
            sandboxes = _(
                "Slettet %(sandboxes)s som ikke var brukt på %(age)s, med %(attachments)s og %(events)s i brukerloggen.",
                sandboxes=ngettext("%(num)s sandkasse", "%(num)s sandkasser", self.sandboxes),
                age=describe_age(sandbox_age),
                attachments=ngettext("%(num)s vedlegg", "%(num)s vedlegg", self.attachments),
                events=ngettext("%(num)s hendelse", "%(num)s hendelser", self.log_events),
            )
        if upload_age is None:
            uploads = _("Vedlegg som aldri ble sendt, slettes ikke (PORTAL_UPLOAD_MAX_AGE=0).")
        else:
            uploads = _(
                "Slettet %(uploads)s som aldri ble sendt, lastet opp for mer enn %(age)s siden.",
                uploads=ngettext("%(num)s vedlegg", "%(num)s vedlegg", self.unsent_uploads),
                age=describe_age(upload_age),
            )
        return [sandboxes, uploads]


def describe_age(age: dt.timedelta) -> str:
    """«30 dager», «24 timer», «1 time»: whole days from two days up, else hours."""
    if age >= dt.timedelta(days=2) and not age % dt.timedelta(days=1):
        return ngettext("%(num)s dag", "%(num)s dager", age.days)
    return ngettext("%(num)s time", "%(num)s timer", int(age / dt.timedelta(hours=1)))


def prune(sandbox_age: dt.timedelta | None, upload_age: dt.timedelta | None, now: dt.datetime | None = None) -> Pruned:
    """Delete the sandboxes unused for longer than ``sandbox_age`` and the
    unsent uploads older than ``upload_age`` (None: keep them)."""
    now = now or dt.datetime.now(dt.UTC)
    pruned = Pruned()
    if sandbox_age is not None:
        # A sandbox notes its use once an hour, so the last use may be up to
        # SEEN_EVERY after seen_at: none used within sandbox_age goes.
        cutoff = now - sandbox_age - SEEN_EVERY
        while ids := db.session().scalars(select(Sandbox.id).where(Sandbox.seen_at < cutoff).limit(BATCH)).all():
            _delete_sandboxes(ids, pruned)
    if upload_age is not None:
        while deleted := messages.delete_unsent_uploads(now - upload_age, BATCH):
            pruned.unsent_uploads += deleted
    return pruned


def _delete_sandboxes(ids: list[str], pruned: Pruned) -> None:
    session = db.session()
    pruned.log_events += session.scalar(select(func.count()).select_from(SessionEvent).where(SessionEvent.sandbox.in_(ids)))
    pruned.attachments += messages.delete_attachments_of(ids)
    # Everything else a sandbox holds goes with its row (ON DELETE CASCADE).
    pruned.sandboxes += session.execute(delete(Sandbox).where(Sandbox.id.in_(ids)), execution_options={"synchronize_session": False}).rowcount
    session.commit()


# ---------------------------------------------------------------- on its own


@dataclass
class _Turns:
    """When this process next asks whether it is time to prune (thread-safe)."""

    every: dt.timedelta
    _next: float = 0.0  # time.monotonic(); the first request asks
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def mine(self) -> bool:
        now = time.monotonic()
        with self._lock:
            if now < self._next:
                return False
            self._next = now + self.every.total_seconds()
            return True


def init_app(app: Flask) -> None:
    if app.config["SANDBOX_MAX_AGE"] is None and app.config["UPLOAD_MAX_AGE"] is None:
        return
    turns = _Turns(app.config["PRUNE_EVERY"])

    def after(response: Response) -> Response:
        response.call_on_close(lambda: _prune_if_due(app, turns))
        return response

    app.after_request(after)


def _prune_if_due(app: Flask, turns: _Turns) -> None:
    """Once the response has gone: prune if it is this process's turn to ask,
    and no worker on this database has pruned for PRUNE_EVERY."""
    if not turns.mine():
        return
    with app.app_context():
        try:
            if _claim(JOB, current_app.config["PRUNE_EVERY"]):
                pruned = prune(app.config["SANDBOX_MAX_AGE"], app.config["UPLOAD_MAX_AGE"])
                if pruned.sandboxes or pruned.unsent_uploads:
                    logger.info("pruned %s", pruned)
        except SQLAlchemyError:
            db.session().rollback()
            logger.warning("pruning failed; the next turn tries again", exc_info=True)


def _claim(job: str, every: dt.timedelta) -> bool:
    """Whether this worker runs ``job`` now: True for the one that moves its
    due time on (one conditional UPDATE decides among all workers)."""
    session = db.session()
    now = dt.datetime.now(dt.UTC)
    moved = session.execute(
        update(Housekeeping).where(Housekeeping.job == job, Housekeeping.due_at <= now).values(due_at=now + every),
        execution_options={"synchronize_session": False},
    ).rowcount
    session.commit()
    if moved:
        return True
    if session.get(Housekeeping, job) is not None:
        return False  # another worker has it, or had it recently
    session.add(Housekeeping(job=job, due_at=now + every))  # the job's first run on this database
    try:
        session.commit()
    except IntegrityError:
        session.rollback()  # another worker's first run
        return False
    return True
