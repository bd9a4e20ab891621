"""What a sandbox did in the booking: its appointments and time wishes, and
the free slots the office added.

Free slots are never stored: they are computed from the scenario's patterns
and the slots the office added, minus the appointments below, so a reset
frees every slot at once (and takes the added ones away).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..models import Base, UTCDateTime
from ..sandbox import owner_column


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class Appointment(Base):
    __tablename__ = "booking_appointment"
    __table_args__ = (
        # One live booking per slot and sandbox, whatever the timing of two
        # requests: the database refuses the second. A cancelled row no longer
        # holds its slot, so the index covers only live bookings.
        Index(
            "uq_booking_slot",
            "sandbox_id",
            "practitioner_id",
            "start",
            unique=True,
            sqlite_where=text("cancelled_at IS NULL"),
            postgresql_where=text("cancelled_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sandbox_id: Mapped[str] = owner_column()
    practitioner_id: Mapped[str] = mapped_column(String(100))
    practitioner_name: Mapped[str] = mapped_column(String(200))
    # Wall-clock time in Europe/Oslo, as the office's calendar shows it.
    start: Mapped[dt.datetime] = mapped_column(DateTime)
    duration: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text, default="")
    booked_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=_now)
    cancelled_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)

    @property
    def cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def end(self) -> dt.datetime:
        return self.start + dt.timedelta(minutes=self.duration)


class TimeWish(Base):
    """FORESLÅ TIDSPUNKT: the patient's own suggestion, waiting for the office."""

    __tablename__ = "booking_wish"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sandbox_id: Mapped[str] = owner_column()
    practitioner_id: Mapped[str] = mapped_column(String(100))
    practitioner_name: Mapped[str] = mapped_column(String(200))
    preferred: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    sent_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=_now)
    # Loaded with the wishes in one more query, never one per wish.
    answer: Mapped[WishAnswer | None] = relationship(lazy="selectin", viewonly=True)

    @property
    def status(self) -> str:
        """ "venter på svar", "time foreslått" or "avslått" (as in /_sim/state)."""
        if self.answer is None:
            return "venter på svar"
        return "time foreslått" if self.answer.appointment_id else "avslått"


class WishAnswer(Base):
    """The office's answer to a time wish: a booked appointment, or a decline.

    Its own table (not columns on booking_wish) so an existing database gets it
    from create_all. The wish id is the key: a wish is answered once, whatever
    the timing of two answers.
    """

    __tablename__ = "booking_wish_answer"

    wish_id: Mapped[int] = mapped_column(ForeignKey("booking_wish.id", ondelete="CASCADE"), primary_key=True)
    sandbox_id: Mapped[str] = owner_column()
    appointment_id: Mapped[int | None] = mapped_column(ForeignKey("booking_appointment.id", ondelete="SET NULL"), nullable=True, index=True)
    message: Mapped[str] = mapped_column(Text, default="")
    answered_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=_now)
    appointment: Mapped[Appointment | None] = relationship(lazy="selectin", viewonly=True)


class AddedSlot(Base):
    """A free slot the office added for one of its practitioners, beside the
    scenario's patterns (``extra_slots`` in a scenario file, for this sandbox only)."""

    __tablename__ = "booking_added_slot"
    __table_args__ = (UniqueConstraint("sandbox_id", "practitioner_id", "start", name="uq_booking_added_slot"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sandbox_id: Mapped[str] = owner_column()
    practitioner_id: Mapped[str] = mapped_column(String(100))
    # Wall-clock time in Europe/Oslo, as the appointments' start.
    start: Mapped[dt.datetime] = mapped_column(DateTime)
    duration: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
