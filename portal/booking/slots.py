"""Bookable slots, expanded from a scenario's compact description.

A practitioner has weekly patterns ("Mondays and Wednesdays at 08:30 and
09:00, 20 minutes, telefon"), one-off extra slots and absences (whole days,
both ends included; an absence wins over any slot). Slots are expanded on
demand relative to the scenario's clock, never stored.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from ..scenarios import WEEKDAYS, ExtraSlots, Practitioner, ScenarioModel, WeeklySlots
from .kinds import KINDS

# How far ahead a patient can book, counted from the scenario's clock.
WEEKS_AHEAD = 12

# For scenarios that list no practitioners: the GP works weekdays, with a few
# phone and video slots. Documented in docs/scenarios.md.
DEFAULT_SLOTS = (
    WeeklySlots(weekdays=("mon", "tue", "wed", "thu", "fri"), times=(dt.time(8, 30), dt.time(9, 15), dt.time(10, 0), dt.time(13, 0)), duration=20, kind="oppmøte"),
    WeeklySlots(weekdays=("tue", "thu"), times=(dt.time(14, 0), dt.time(14, 20)), duration=15, kind="telefon"),
    WeeklySlots(weekdays=("wed",), times=(dt.time(15, 0),), duration=20, kind="video"),
)


@dataclass(frozen=True)
class Slot:
    practitioner_id: str
    start: dt.datetime  # wall-clock time in Europe/Oslo
    duration: int  # minutes
    kind: str

    @property
    def end(self) -> dt.datetime:
        return self.start + dt.timedelta(minutes=self.duration)

    @property
    def key(self) -> str:
        """The slot's start as it travels in URLs and forms: 2023-12-14T10:00."""
        return format_key(self.start)


def format_key(start: dt.datetime) -> str:
    return start.strftime("%Y-%m-%dT%H:%M")


def parse_key(text: str | None) -> dt.datetime | None:
    try:
        return dt.datetime.strptime(text or "", "%Y-%m-%dT%H:%M")
    except ValueError:
        return None


def slug(name: str) -> str:
    """ "Tora Hansen" -> "tora-hansen", for a practitioner id made from a name."""
    name = name.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-") or "fastlege"


def practitioners(scenario: ScenarioModel, added: Iterable = ()) -> list[Practitioner]:
    """The office's practitioners, the patient's own GP first.

    A scenario without a list gets its GP (``gp.name``) on DEFAULT_SLOTS.
    ``added`` are slots the office added (each with ``practitioner_id``,
    ``start``, ``duration`` and ``kind``): they join their practitioner's
    ``extra_slots``, so they are bookable as the scenario's own are.
    """
    listed = scenario.practitioners or (
        Practitioner(id=slug(scenario.gp.name), name=scenario.gp.name, own_gp=True, slots=DEFAULT_SLOTS),
    )
    extra: dict[str, list[ExtraSlots]] = {}
    for slot in added:
        extra.setdefault(slot.practitioner_id, []).append(
            ExtraSlots(date=slot.start.date(), times=(slot.start.time(),), duration=slot.duration, kind=slot.kind)
        )
    if extra:
        listed = [p.model_copy(update={"extra_slots": (*p.extra_slots, *extra[p.id])}) if p.id in extra else p for p in listed]
    return sorted(listed, key=lambda p: not p.own_gp)


def kinds_offered(practitioner: Practitioner) -> list[str]:
    """The kinds of slot the practitioner's patterns and extra slots offer, in KINDS order."""
    used = {pattern.kind for pattern in (*practitioner.slots, *practitioner.extra_slots)}
    return [kind for kind in KINDS if kind in used]


def booking_window(today: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day a patient can book, both included."""
    return today, today + dt.timedelta(weeks=WEEKS_AHEAD) - dt.timedelta(days=1)


def is_absent(practitioner: Practitioner, day: dt.date) -> bool:
    return any(absence.start <= day <= absence.end for absence in practitioner.absences)


def _days(first: dt.date, last: dt.date) -> Iterable[dt.date]:
    for offset in range((last - first).days + 1):
        yield first + dt.timedelta(days=offset)


def expand(practitioner: Practitioner, first: dt.date, last: dt.date) -> list[Slot]:
    """Every slot from ``first`` to ``last`` (both included), sorted by start.

    Two entries for the same start count once (the first written wins).
    """
    found: dict[dt.datetime, Slot] = {}

    def add(day: dt.date, times: Iterable[dt.time], duration: int, kind: str) -> None:
        for time in times:
            start = dt.datetime.combine(day, time)
            found.setdefault(start, Slot(practitioner.id, start, duration, kind))

    for day in _days(first, last):
        if is_absent(practitioner, day):
            continue
        weekday = WEEKDAYS[day.weekday()]
        for pattern in practitioner.slots:
            if weekday in pattern.weekdays:
                add(day, pattern.times, pattern.duration, pattern.kind)
        for extra in practitioner.extra_slots:
            if extra.date == day:
                add(day, extra.times, extra.duration, extra.kind)
    return sorted(found.values(), key=lambda slot: slot.start)


def free_slots(practitioner: Practitioner, today: dt.date, first: dt.date, last: dt.date, taken: Iterable[dt.datetime] = ()) -> list[Slot]:
    """The slots a patient can book between ``first`` and ``last``: inside the
    booking window and not taken by an appointment."""
    window_first, window_last = booking_window(today)
    first, last = max(first, window_first), min(last, window_last)
    if first > last:
        return []
    taken = set(taken)
    return [slot for slot in expand(practitioner, first, last) if slot.start not in taken]


def find_free_slot(practitioner: Practitioner, today: dt.date, start: dt.datetime, taken: Iterable[dt.datetime] = ()) -> Slot | None:
    """The free slot starting at ``start``, if there is one."""
    return next((slot for slot in free_slots(practitioner, today, start.date(), start.date(), taken) if slot.start == start), None)
