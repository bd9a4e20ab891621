"""The month calendar: whole weeks, Monday first, as the booking page shows it."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from babel import Locale

_WEEKS = calendar.Calendar(firstweekday=calendar.MONDAY)


@dataclass(frozen=True, order=True)
class Month:
    year: int
    month: int

    @classmethod
    def of(cls, day: dt.date) -> Month:
        return cls(day.year, day.month)

    @classmethod
    def parse(cls, text: str | None) -> Month | None:
        """ "2023-12" -> Month(2023, 12); anything else -> None."""
        try:
            day = dt.datetime.strptime(text or "", "%Y-%m").date()
        except ValueError:
            return None
        return cls.of(day)

    @property
    def key(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def first(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @property
    def last(self) -> dt.date:
        return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    def previous(self) -> Month:
        return Month.of(self.first - dt.timedelta(days=1))

    def next(self) -> Month:
        return Month.of(self.last + dt.timedelta(days=1))


def weeks(month: Month) -> list[list[dt.date]]:
    """The month as whole weeks from Monday to Sunday, with the neighbouring
    months' days filling the first and last week."""
    return _WEEKS.monthdatescalendar(month.year, month.month)


@dataclass(frozen=True)
class Day:
    date: dt.date
    in_month: bool  # False for the neighbouring months' days in the first and last week
    is_today: bool
    is_past: bool
    has_slots: bool

    @property
    def choosable(self) -> bool:
        return self.in_month and not self.is_past


def grid(month: Month, today: dt.date, days_with_slots: Collection[dt.date]) -> list[list[Day]]:
    """The month's weeks with what each day needs for drawing."""
    return [
        [Day(day, day.month == month.month, day == today, day < today, day in days_with_slots) for day in week]
        for week in weeks(month)
    ]


def weekday_names(locale: Locale) -> list[tuple[str, str]]:
    """Monday to Sunday as the calendar's column heads, from Babel's locale data:
    («Man», «mandag») in bokmål, («Må», «måndag») in nynorsk («Mån» in older CLDR data), («Mon», «Monday») in English."""
    short = locale.days["stand-alone"]["abbreviated"]
    # The format context's full names: CLDR's stand-alone ones for nynorsk are bokmål's.
    full = locale.days["format"]["wide"]
    return [(short[day].rstrip(".").capitalize(), full[day]) for day in range(7)]
