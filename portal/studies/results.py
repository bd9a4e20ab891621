"""A study's results as plain data: the per-participant, per-task table and,
per task, what the results page and the charts show. No Flask, no database.

A participant's path through a task is the pages they saw, from the page they
were on when they pressed «Start oppgaven». Pages are grouped by what they are
(``page_key``): every thread is «/innboks/<tråd>», every appointment
«/timeavtaler/<nr>», so that paths of different participants can be compared.
"""

from __future__ import annotations

import datetime as dt
import re
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..sessionlog.events import Event
from .criteria import page_path
from .models import GAVE_UP, INTERRUPTED, NOT_SOLVED, SOLVED, TIMED_OUT, StudyParticipant, TaskAttempt
from .study import Study

# Besides the outcomes of an attempt that ended (models.OUTCOMES):
IN_PROGRESS = "in_progress"
NOT_STARTED = "not_started"

# The outcomes as the results page counts them, in this order.
COUNTED = (SOLVED, NOT_SOLVED, GAVE_UP, TIMED_OUT, INTERRUPTED)

# How many paths and pages a task's summary names.
TOP = 3

_NUMBER = re.compile(r"(?<=/)\d+(?=$|/|\.)")
_THREAD = re.compile(r"(?<=^/innboks/)[ms]\d+(?=$|/)")


def page_key(path: str) -> str:
    """What page a path is, for comparing paths: without its query, ids as placeholders."""
    return _NUMBER.sub("<nr>", _THREAD.sub("<tråd>", page_path(path)))


def _collapse(pages: Iterable[str]) -> list[str]:
    """The same page twice in a row is one visit (a reload, the calendar's months)."""
    collapsed: list[str] = []
    for page in pages:
        if not collapsed or collapsed[-1] != page:
            collapsed.append(page)
    return collapsed


def trail(start_page: str, events: Iterable[Event], current_page: str | None = None) -> tuple[list[str], list[dict]]:
    """The pages a participant saw during a task and the forms sent back with errors.

    ``events`` are the session log's for the task's time; ``current_page`` is
    the page being shown now, which the log records only after it is sent.
    """
    pages = [page_path(start_page)]
    form_errors = []
    for event in events:
        if event.method == "GET" and event.kind in ("page", "click", "error"):
            pages.append(page_path(event.path))
        elif event.kind == "error":
            form_errors.append({"path": page_path(event.path), "fields": list(event.detail.get("errors", []))})
    if current_page is not None:
        pages.append(page_path(current_page))
    return _collapse(pages), form_errors


@dataclass(frozen=True)
class Row:
    """One participant at one task: a row of the exported table."""

    participant: int  # 1, 2, … in the order they started
    sandbox: str
    position: int  # the task's place in the study, from 0
    task_id: str
    outcome: str  # models.OUTCOMES, IN_PROGRESS or NOT_STARTED
    ended_by: str = ""
    started: dt.datetime | None = None
    ended: dt.datetime | None = None
    pages: tuple[str, ...] = ()
    form_errors: tuple[dict, ...] = ()

    @property
    def task_number(self) -> int:
        return self.position + 1

    @property
    def seconds(self) -> float | None:
        if self.started is None or self.ended is None:
            return None
        return round((self.ended - self.started).total_seconds(), 1)

    @property
    def success(self) -> bool:
        return self.outcome == SOLVED

    @property
    def path(self) -> list[str]:
        return _collapse(page_key(page) for page in self.pages)

    @property
    def pages_visited(self) -> int:
        """Pages seen after the one the task started on."""
        return max(len(self.pages) - 1, 0)

    @property
    def revisits(self) -> int:
        """Back and forth: visits to a page already seen during the task."""
        path = self.path
        return len(path) - len(set(path))


def rows(study: Study, participants: Sequence[StudyParticipant]) -> list[Row]:
    """Every participant × every task of the study, participants in the order they started."""
    table = []
    for number, participant in enumerate(sorted(participants, key=lambda p: p.id), start=1):
        attempts: dict[int, TaskAttempt] = {a.position: a for a in participant.attempts}
        for position, task in enumerate(study.tasks):
            attempt = attempts.get(position)
            if attempt is None:
                table.append(Row(number, participant.sandbox, position, task.id, NOT_STARTED))
                continue
            table.append(
                Row(
                    number,
                    participant.sandbox,
                    position,
                    task.id,
                    attempt.outcome or IN_PROGRESS,
                    attempt.ended_by or "",
                    attempt.started_at,
                    attempt.ended_at,
                    tuple(attempt.pages or ()),
                    tuple(attempt.form_errors or ()),
                )
            )
    return table


@dataclass(frozen=True)
class Spread:
    """Time on task in seconds: the median, the middle half (quartiles) and the extremes."""

    median: float
    low: float  # first quartile
    high: float  # third quartile
    least: float
    most: float


def spread(values: Sequence[float]) -> Spread | None:
    if not values:
        return None
    ordered = sorted(values)
    low, high = (statistics.quantiles(ordered, n=4, method="inclusive")[i] for i in (0, 2)) if len(ordered) > 1 else (ordered[0],) * 2
    return Spread(statistics.median(ordered), low, high, ordered[0], ordered[-1])


@dataclass
class TaskSummary:
    """One task across participants: what the results page shows of it."""

    number: int
    id: str
    text: str
    rows: list[Row] = field(default_factory=list)

    @property
    def attempts(self) -> list[Row]:
        """The rows of participants who started the task."""
        return [r for r in self.rows if r.outcome != NOT_STARTED]

    @property
    def ended(self) -> list[Row]:
        return [r for r in self.attempts if r.outcome != IN_PROGRESS]

    def count(self, outcome: str) -> int:
        return sum(1 for r in self.rows if r.outcome == outcome)

    @property
    def solved(self) -> int:
        return self.count(SOLVED)

    @property
    def success_rate(self) -> float | None:
        """Solved among the attempts that ended (an interrupted one did not solve it)."""
        return self.solved / len(self.ended) if self.ended else None

    @property
    def times(self) -> list[float]:
        """Seconds on task of the attempts that ended by the participant, the criterion or the time limit."""
        return [r.seconds for r in self.ended if r.outcome != INTERRUPTED and r.seconds is not None]

    @property
    def time_spread(self) -> Spread | None:
        return spread(self.times)

    @property
    def common_paths(self) -> list[tuple[tuple[str, ...], int]]:
        return Counter(tuple(r.path) for r in self.ended).most_common(TOP)

    @property
    def transitions(self) -> Counter:
        """(from page, to page) → how many times a participant went that way."""
        return Counter(step for r in self.ended for step in zip(r.path, r.path[1:]))

    @property
    def visits(self) -> Counter:
        """Page → how many times participants saw it during the task."""
        return Counter(page for r in self.ended for page in r.path)

    @property
    def failed(self) -> list[Row]:
        return [r for r in self.ended if r.outcome in (NOT_SOLVED, GAVE_UP, TIMED_OUT)]

    @property
    def detours(self) -> list[tuple[str, int]]:
        """Where those who did not solve it left the way of those who did: the
        first page on their path that no successful path has."""
        on_the_way = {page for r in self.ended if r.success for page in r.path}
        if not on_the_way:
            return []
        first_off = (next((page for page in r.path if page not in on_the_way), None) for r in self.failed)
        return Counter(page for page in first_off if page is not None).most_common(TOP)

    @property
    def stopped_at(self) -> list[tuple[str, int]]:
        """The page those who did not solve it were on when they stopped."""
        return Counter(r.path[-1] for r in self.failed if r.path).most_common(TOP)

    @property
    def form_errors(self) -> list[tuple[str, int]]:
        """«page: field» → how many times a form came back with that field wrong."""
        found = Counter()
        for r in self.ended:
            for error in r.form_errors:
                for name in error.get("fields") or ["(skjemaet)"]:
                    found[f"{page_key(error['path'])}: {name}"] += 1
        return found.most_common()

    def mean(self, measure: str) -> float | None:
        values = [getattr(r, measure) for r in self.ended if r.outcome != INTERRUPTED]
        return statistics.fmean(values) if values else None


def summarize(study: Study, table: Sequence[Row]) -> list[TaskSummary]:
    summaries = [TaskSummary(i + 1, task.id, task.text) for i, task in enumerate(study.tasks)]
    for row in table:
        summaries[row.position].rows.append(row)
    return summaries
