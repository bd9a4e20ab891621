"""Reading and writing a study's participants and their attempts."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from .. import db
from .models import StudyParticipant, TaskAttempt


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def new_participant(study_id: str, sandbox_id: str) -> StudyParticipant:
    """A participant at the study's first task (not committed: the caller commits with what else it does)."""
    participant = StudyParticipant(study_id=study_id, sandbox=sandbox_id, started_at=now(), position=0)
    db.session().add(participant)
    db.session().flush()
    return participant


def participant(participant_id: int) -> StudyParticipant | None:
    return db.session().get(StudyParticipant, participant_id)


def unfinished_participant(sandbox_id: str) -> StudyParticipant | None:
    """The participant whose session runs in this sandbox now, if any."""
    query = (
        select(StudyParticipant)
        .where(StudyParticipant.sandbox == sandbox_id, StudyParticipant.ended_at.is_(None))
        .order_by(StudyParticipant.id.desc())
        .limit(1)
    )
    return db.session().scalars(query).first()


def participants(study_id: str) -> list[StudyParticipant]:
    """Every participant of a study with their attempts: two queries."""
    query = select(StudyParticipant).where(StudyParticipant.study_id == study_id).order_by(StudyParticipant.id)
    return list(db.session().scalars(query))


def start_attempt(participant: StudyParticipant, task_id: str, start_page: str, baseline: dict[str, Any]) -> bool:
    """The participant's attempt at the task they are shown; False if it had started already
    (the button pressed twice, or in two tabs)."""
    attempt = TaskAttempt(
        participant_id=participant.id,
        position=participant.position,
        task_id=task_id,
        started_at=now(),
        start_page=start_page[:500],
        baseline=baseline,
        pages=[],
        form_errors=[],
    )
    db.session().add(attempt)
    try:
        db.session().commit()
    except IntegrityError:
        db.session().rollback()
        return False
    finally:
        db.session().expire(participant)
    return True


def end_attempt(
    participant: StudyParticipant,
    attempt: TaskAttempt,
    outcome: str,
    ended_by: str,
    at: dt.datetime,
    pages: list[str],
    form_errors: list[dict],
    tasks: int,
) -> bool:
    """End an attempt and show the participant the next task (or none: the session
    ends after the last). False if it had ended already, in another request."""
    ended = db.session().execute(
        update(TaskAttempt)
        .where(TaskAttempt.id == attempt.id, TaskAttempt.ended_at.is_(None))
        .values(ended_at=at, outcome=outcome, ended_by=ended_by, pages=pages, form_errors=form_errors)
    )
    if ended.rowcount != 1:
        db.session().rollback()
        return False
    position = attempt.position + 1
    db.session().execute(
        update(StudyParticipant)
        .where(StudyParticipant.id == participant.id)
        .values(position=position, ended_at=at if position >= tasks else None)
    )
    db.session().commit()
    db.session().expire(participant)
    db.session().expire(attempt)
    return True


def end_participant(participant: StudyParticipant, at: dt.datetime) -> None:
    """The session is over before its last task (not committed)."""
    participant.ended_at = at
