"""Reading and writing a sandbox's appointments, wishes and added slots (one query each)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from .. import db
from ..scenarios import Practitioner
from . import slots
from .models import AddedSlot, Appointment, TimeWish, WishAnswer
from .slots import Slot


def taken_starts(sandbox_id: str, practitioner_id: str, first: dt.date, last: dt.date) -> set[dt.datetime]:
    """Starts of the live bookings from ``first`` to ``last`` (both included)."""
    rows = db.session().scalars(
        select(Appointment.start).where(
            Appointment.sandbox_id == sandbox_id,
            Appointment.practitioner_id == practitioner_id,
            Appointment.cancelled_at.is_(None),
            Appointment.start.between(dt.datetime.combine(first, dt.time.min), dt.datetime.combine(last, dt.time.max)),
        )
    )
    return set(rows)


def taken_by_practitioner(sandbox_id: str, first: dt.date, last: dt.date) -> dict[str, set[dt.datetime]]:
    """Starts of the live bookings from ``first`` to ``last``, per practitioner (one query)."""
    rows = db.session().execute(
        select(Appointment.practitioner_id, Appointment.start).where(
            Appointment.sandbox_id == sandbox_id,
            Appointment.cancelled_at.is_(None),
            Appointment.start.between(dt.datetime.combine(first, dt.time.min), dt.datetime.combine(last, dt.time.max)),
        )
    )
    taken: dict[str, set[dt.datetime]] = {}
    for practitioner_id, start in rows:
        taken.setdefault(practitioner_id, set()).add(start)
    return taken


def _new_appointment(sandbox_id: str, slot: Slot, practitioner_name: str, reason: str) -> Appointment:
    return Appointment(
        sandbox_id=sandbox_id,
        practitioner_id=slot.practitioner_id,
        practitioner_name=practitioner_name,
        start=slot.start,
        duration=slot.duration,
        kind=slot.kind,
        reason=reason,
    )


def _commit_or_rollback() -> bool:
    """Commit; False (and nothing stored) if a unique key refused it."""
    session = db.session()
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        return False
    return True


def book(sandbox_id: str, slot: Slot, practitioner_name: str, reason: str) -> Appointment | None:
    """Book ``slot``; None if another request got it first (the unique index decides)."""
    appointment = _new_appointment(sandbox_id, slot, practitioner_name, reason)
    db.session().add(appointment)
    return appointment if _commit_or_rollback() else None


def live_appointment_at(sandbox_id: str, practitioner_id: str, start: dt.datetime) -> Appointment | None:
    """The sandbox's own live booking of that slot, if it has one."""
    return db.session().scalar(
        select(Appointment).where(
            Appointment.sandbox_id == sandbox_id,
            Appointment.practitioner_id == practitioner_id,
            Appointment.start == start,
            Appointment.cancelled_at.is_(None),
        )
    )


def cancel(appointment: Appointment) -> bool:
    """Cancel a live booking; False if it was already cancelled.

    One conditional UPDATE, so two cancels at once (a double click, two tabs)
    cancel it once and the first cancellation time stays.
    """
    session = db.session()
    result = session.execute(
        update(Appointment)
        .where(Appointment.id == appointment.id, Appointment.cancelled_at.is_(None))
        .values(cancelled_at=dt.datetime.now(dt.timezone.utc))
    )
    session.commit()
    session.refresh(appointment)
    return result.rowcount == 1


def appointments(sandbox_id: str) -> list[Appointment]:
    return list(db.session().scalars(select(Appointment).where(Appointment.sandbox_id == sandbox_id).order_by(Appointment.start, Appointment.id)))


def appointment(sandbox_id: str, appointment_id: int) -> Appointment | None:
    return db.session().scalar(select(Appointment).where(Appointment.sandbox_id == sandbox_id, Appointment.id == appointment_id))


def add_wish(sandbox_id: str, practitioner_id: str, practitioner_name: str, preferred: str, reason: str) -> TimeWish:
    wish = TimeWish(sandbox_id=sandbox_id, practitioner_id=practitioner_id, practitioner_name=practitioner_name, preferred=preferred, reason=reason)
    db.session().add(wish)
    db.session().commit()
    return wish


def wishes(sandbox_id: str) -> list[TimeWish]:
    return list(db.session().scalars(select(TimeWish).where(TimeWish.sandbox_id == sandbox_id).order_by(TimeWish.id)))


def wish(sandbox_id: str, wish_id: int) -> TimeWish | None:
    return db.session().scalar(select(TimeWish).where(TimeWish.sandbox_id == sandbox_id, TimeWish.id == wish_id))


def answer_wish(wish: TimeWish, slot: Slot | None, message: str) -> bool:
    """The office answers ``wish``: books ``slot`` for the patient, or declines
    when ``slot`` is None. Booking and answer commit together; False if the
    wish was already answered or the slot taken meanwhile (nothing stored)."""
    session = db.session()
    try:
        appointment_id = None
        if slot is not None:
            appointment = _new_appointment(wish.sandbox_id, slot, wish.practitioner_name, wish.reason)
            session.add(appointment)
            session.flush()  # the unique slot index answers here
            appointment_id = appointment.id
        session.add(WishAnswer(wish_id=wish.id, sandbox_id=wish.sandbox_id, appointment_id=appointment_id, message=message))
        session.commit()
    except IntegrityError:
        session.rollback()
        return False
    return True


def added_slots(sandbox_id: str) -> list[AddedSlot]:
    """The free slots the office added, by start."""
    return list(db.session().scalars(select(AddedSlot).where(AddedSlot.sandbox_id == sandbox_id).order_by(AddedSlot.start, AddedSlot.id)))


def practitioners(view) -> list[Practitioner]:
    """The office's practitioners (own GP first), with the slots the office added in this sandbox."""
    return slots.practitioners(view.scenario.model, added_slots(view.id))


def add_slot(sandbox_id: str, slot: Slot) -> AddedSlot | None:
    """Add a free slot; None if one at the same start came first (the unique key decides)."""
    added = AddedSlot(sandbox_id=sandbox_id, practitioner_id=slot.practitioner_id, start=slot.start, duration=slot.duration, kind=slot.kind)
    db.session().add(added)
    return added if _commit_or_rollback() else None
