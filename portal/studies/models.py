"""What a study's sessions recorded: its participants and their attempts at each task.

Results outlive the sandbox they were made in: a reset between participants
empties the sandbox but keeps the last participant's results, and a sandbox
that is deleted later (it expired, the tester started another scenario) takes
nothing of them with it. So ``sandbox`` here is a plain column, not an
``owner_column``, and an attempt keeps its own copy of the pages it saw,
taken from the session log when it ended.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..models import Base, UTCDateTime

# How an attempt ended (``TaskAttempt.outcome``).
SOLVED = "solved"  # the criterion was met: it ended by itself, or the participant said so
NOT_SOLVED = "not_solved"  # the participant said «Jeg er ferdig», but the criterion was not met
GAVE_UP = "gave_up"  # «Jeg gir opp»
TIMED_OUT = "timed_out"  # the task's time limit passed
INTERRUPTED = "interrupted"  # the tester reset the sandbox during the task
OUTCOMES = (SOLVED, NOT_SOLVED, GAVE_UP, TIMED_OUT, INTERRUPTED)

# Who or what ended it (``TaskAttempt.ended_by``).
BY_CRITERION, BY_PARTICIPANT, BY_TIME_LIMIT, BY_RESET = "criterion", "participant", "time_limit", "reset"


class StudyParticipant(Base):
    """One participant's session: from the tester's start (or a reset) to the last task."""

    __tablename__ = "study_participant"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    study_id: Mapped[str] = mapped_column(String(100), index=True)
    sandbox: Mapped[str] = mapped_column(String(43), index=True)
    started_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # The task shown now, counted from 0; the number of tasks once all are done.
    position: Mapped[int] = mapped_column(Integer, default=0)
    attempts: Mapped[list[TaskAttempt]] = relationship(
        lazy="selectin", order_by="TaskAttempt.position", viewonly=True
    )


class TaskAttempt(Base):
    """A participant's attempt at one task, from «Start oppgaven» to its end."""

    __tablename__ = "study_task_attempt"
    __table_args__ = (UniqueConstraint("participant_id", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("study_participant.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    task_id: Mapped[str] = mapped_column(String(40))
    started_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    outcome: Mapped[str | None] = mapped_column(String(20), nullable=True)  # see OUTCOMES
    ended_by: Mapped[str | None] = mapped_column(String(20), nullable=True)
    # Where the participant was when they pressed «Start oppgaven».
    start_page: Mapped[str] = mapped_column(String(500))
    # What the criterion must not count: the state at the start (criteria.baseline).
    baseline: Mapped[dict[str, Any]] = mapped_column(JSON)
    # Set when it ends: the pages seen (paths, the start page first) and the
    # forms sent back with errors ({"path": …, "fields": […]}).
    pages: Mapped[list[str]] = mapped_column(JSON, default=list)
    form_errors: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)

    @property
    def ended(self) -> bool:
        return self.ended_at is not None

    @property
    def success(self) -> bool:
        return self.outcome == SOLVED
