"""A study running in this browser: the participant, their task, and the live check.

The tester starts a participant on a study; the signed cookie then names the
participant (beside the sandbox), so a browser that runs no study pays
nothing for studies: no query, no check. On the participant's own pages the
task panel asks ``for_page()``, which first settles the task: past its time
limit it has timed out; with its criterion met it is solved (unless the
participant is to say when they are done).

A reset between participants ends this participant's session (a task under
way is «interrupted») and starts the next participant on the same study in
the same, now fresh, sandbox; the results stay.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask import current_app, g, request, session

from .. import db, sandbox
from ..control import is_control_plane, state_sections
from ..sessionlog.store import events_between
from . import results, store
from .criteria import Evidence, baseline
from .models import (
    BY_CRITERION,
    BY_PARTICIPANT,
    BY_RESET,
    BY_TIME_LIMIT,
    GAVE_UP,
    INTERRUPTED,
    NOT_SOLVED,
    SOLVED,
    TIMED_OUT,
    StudyParticipant,
    TaskAttempt,
)
from .study import Study, Task

COOKIE_KEY = "study_participant"


def studies() -> dict[str, Study]:
    """The studies by id, re-read if a file changed since the last look."""
    return current_app.extensions["portal.study_library"].refresh()


@dataclass
class Running:
    """A participant's place in their study."""

    study: Study
    participant: StudyParticipant

    @property
    def position(self) -> int:
        return self.participant.position

    @property
    def finished(self) -> bool:
        return self.position >= len(self.study.tasks)

    @property
    def task(self) -> Task | None:
        return self.study.task(self.position)

    def _attempt_at(self, position: int) -> TaskAttempt | None:
        return next((a for a in self.participant.attempts if a.position == position), None)

    @property
    def attempt(self) -> TaskAttempt | None:
        """The attempt at the task shown, once «Start oppgaven» was pressed (it is under way)."""
        return self._attempt_at(self.position)

    @property
    def previous(self) -> TaskAttempt | None:
        """The attempt that ended last, for the line that says how."""
        return self._attempt_at(self.position - 1)

    @property
    def version(self) -> str:
        """Changes when the panel would: another task, or the task started."""
        return f"{self.participant.id}-{self.position}-{'under-way' if self.attempt else 'waiting'}"

    def deadline(self) -> dt.datetime | None:
        if self.attempt is None or not self.task.time_limit:
            return None
        return self.attempt.started_at + dt.timedelta(minutes=self.task.time_limit)


def current() -> Running | None:
    """The study this browser's participant is in, if it runs in this browser's own sandbox."""
    if "study" in g:
        return g.study
    g.study = None
    participant_id = session.get(COOKIE_KEY)
    if participant_id is None:
        return None
    participant = store.participant(participant_id)
    study = studies().get(participant.study_id) if participant else None
    if study is None or participant.sandbox != sandbox.own_id():
        session.pop(COOKIE_KEY, None)  # another scenario was started since, or the study is gone
        return None
    if session.get(sandbox.FOLLOW_KEY):
        return None  # following a demo room: these are not the participant's pages
    g.study = Running(study, participant)
    return g.study


def for_page() -> Running | None:
    """The participant's study as their page shows it, the task settled first.
    Nothing on the control plane's pages: they are the tester's."""
    if is_control_plane():
        return None
    running = current()
    if running is not None and not g.get("study_settled"):
        g.study_settled = True
        settle(running, page=request.full_path.rstrip("?") if request.method == "GET" else None)
    return running


def _state(criterion_sections: set[str]) -> dict:
    view = sandbox.current()
    return {name: state_sections[name](view) for name in criterion_sections}


def _evidence(running: Running, until: dt.datetime, page: str | None) -> Evidence:
    attempt, criterion = running.attempt, running.task.success
    pages: list[str] = []
    if criterion.reads_pages():
        pages, _ = results.trail(attempt.start_page, events_between(running.participant.sandbox, attempt.started_at, until), page)
    return Evidence(attempt.baseline, _state(criterion.sections()), pages)


def _end(running: Running, outcome: str, ended_by: str, at: dt.datetime, page: str | None = None) -> None:
    attempt = running.attempt
    pages, form_errors = results.trail(attempt.start_page, events_between(running.participant.sandbox, attempt.started_at, at), page)
    store.end_attempt(running.participant, attempt, outcome, ended_by, at, pages, form_errors, len(running.study.tasks))


def _out_of_time(running: Running) -> bool:
    """End the task under way if its time limit has passed (at the limit)."""
    deadline = running.deadline()
    if deadline is None or store.now() < deadline:
        return False
    _end(running, TIMED_OUT, BY_TIME_LIMIT, deadline)
    return True


def settle(running: Running, page: str | None = None) -> None:
    """End the task under way if its time is up, or if its criterion is met and
    it is to end by itself. ``page`` is the page being shown, if any."""
    if running.attempt is None or _out_of_time(running):
        return
    now = store.now()
    if running.task.finish == "auto" and running.task.success.met(_evidence(running, now, page)):
        _end(running, SOLVED, BY_CRITERION, now, page)


def results_of(study: Study) -> tuple[list[results.Row], list[results.TaskSummary]]:
    """The study's table and its summaries; tasks past their time limit end
    first (a participant may have closed the tab)."""
    participants = store.participants(study.id)
    for participant in participants:
        if participant.ended_at is None:
            _out_of_time(Running(study, participant))
    table = results.rows(study, participants)
    return table, results.summarize(study, table)


def start_task(running: Running, start_page: str) -> None:
    """«Start oppgaven»: the task shown is under way; what is there already does not count."""
    if running.finished or running.attempt is not None:
        return
    store.start_attempt(running.participant, running.task.id, start_page, baseline(_state(running.task.success.sections())))


def finish_task(running: Running) -> None:
    """«Jeg er ferdig»: solved if the criterion is met now, else not."""
    settle(running)
    if running.attempt is not None:
        solved = running.task.success.met(_evidence(running, store.now(), None))
        _end(running, SOLVED if solved else NOT_SOLVED, BY_PARTICIPANT, store.now())


def give_up(running: Running) -> None:
    """«Jeg gir opp»."""
    settle(running)
    if running.attempt is not None:
        _end(running, GAVE_UP, BY_PARTICIPANT, store.now())


def start_participant(study: Study) -> None:
    """A new participant on ``study`` in a fresh sandbox of its scenario, in this browser."""
    if (earlier := current()) is not None:
        _close(earlier)
    view = sandbox.start(study.scenario, participant=True)  # participant mode: the portal alone, no simulator bar
    participant = store.new_participant(study.id, view.id)
    db.session().commit()
    session[COOKIE_KEY] = participant.id
    g.pop("study", None)


def _close(running: Running) -> None:
    """This participant is done, whatever task they were at (not committed when no task was under way)."""
    if running.attempt is not None:
        _end(running, INTERRUPTED, BY_RESET, store.now())
    if running.participant.ended_at is None:
        store.end_participant(running.participant, store.now())


def _on_reset(view: sandbox.SandboxView) -> None:
    """A reset ends this sandbox's participant and starts the next on the same study."""
    participant = store.unfinished_participant(view.id)
    if participant is None:
        return
    study = studies().get(participant.study_id)
    if study is not None:
        _close(Running(study, participant))
    else:
        store.end_participant(participant, store.now())
    named_here = session.get(COOKIE_KEY) == participant.id
    if study is not None and view.row.scenario_id == study.scenario:
        successor = store.new_participant(study.id, view.id)
        if named_here:
            session[COOKIE_KEY] = successor.id
    elif named_here:
        session.pop(COOKIE_KEY)
    g.pop("study", None)


sandbox.before_reset.append(_on_reset)
