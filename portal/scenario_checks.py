"""What one part of a scenario says and another must agree with.

A scenario is believed only if it holds together: «Du har nye meldinger 3»
with three unread threads in the inbox, «Du har nye hendelser» with the
events it opens, and a Bestill time message that says there are no free times
over Christmas with a calendar that has none then. The model checks each
field; these checks look across fields, after it. Each gives the field to
name (its path in the file) and a Norwegian message.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from .i18n import SOURCE, _l
from .scenarios import ScenarioModel
from .services.catalog import Catalog

Problem = tuple[tuple[str | int, ...], str]

MONTHS = ("januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "desember")
_MONTH = "|".join(MONTHS)
# «22. desember til 2. januar», «22. desember 2023–2. januar 2024»
_PERIOD = re.compile(
    rf"(\d{{1,2}})\.\s*({_MONTH})(?:\s+(\d{{4}}))?\s*(?:til|–|—|-)\s*(\d{{1,2}})\.\s*({_MONTH})(?:\s+(\d{{4}}))?",
    re.IGNORECASE,
)
# The message says there are no times then («ikke tilgjengelig timer», «ingen ledige timer»).
_NO_TIMES = re.compile(r"\b(ikke|ingen)\b.*\btimer\b", re.IGNORECASE | re.DOTALL)


def problems(model: ScenarioModel, catalog: Catalog) -> list[Problem]:
    return [*_counts(model), *_closed_periods(model, catalog)]


def _counts(model: ScenarioModel) -> Iterator[Problem]:
    said, have = model.persona.new_messages, model.unread_threads
    if said is not None and said != have:
        yield ("persona", "new_messages"), _l(
            "sier %(said)s, men innboksen har %(have)s uleste tråder: legg dem inn i inbox (read: false) eller inbox_generated, eller fjern feltet",
            said=said,
            have=have,
        )
    said, have = model.persona.new_events, model.new_events
    if said is not None and said != have:
        yield ("persona", "new_events"), _l(
            "sier %(said)s, men events har %(have)s nye hendelser (read: false): legg dem inn i events, eller fjern feltet", said=said, have=have
        )


def periods(text: str, today: dt.date) -> list[tuple[dt.date, dt.date]]:
    """The periods a text names («22. desember til 2. januar»), as dates around ``today``."""
    found = []
    for match in _PERIOD.finditer(text):
        start_day, start_month, start_year, end_day, end_month, end_year = match.groups()
        try:
            start = dt.date(int(start_year or today.year), MONTHS.index(start_month.lower()) + 1, int(start_day))
            if not start_year and start < today - dt.timedelta(days=183):
                start = start.replace(year=start.year + 1)  # «i januar» said in December
            end = dt.date(int(end_year or start.year), MONTHS.index(end_month.lower()) + 1, int(end_day))
        except ValueError:
            continue  # 31. februar: not a date, so no claim to check
        if not end_year and end < start:
            end = end.replace(year=end.year + 1)  # «22. desember til 2. januar»
        found.append((start, end))
    return found


def _closed_periods(model: ScenarioModel, catalog: Catalog) -> Iterator[Problem]:
    """Bestill time's message says there are no times in a period: the calendar must agree."""
    from .booking.slots import free_slots, practitioners

    service = catalog.leading_to("booking.start")
    if service is None:
        return
    message = model.services.by_id()[service.id].message.get(SOURCE)  # the dates as bokmål writes them
    if not _NO_TIMES.search(message):
        return
    for start, end in periods(message, model.today):
        first = max(start, model.today)
        if first > end:
            continue
        for practitioner in practitioners(model):
            if slots := free_slots(practitioner, model.today, first, end):
                when = slots[0].start
                yield ("services", service.id, "message"), _l(
                    "sier at det ikke er ledige timer %(start)s–%(end)s, men %(name)s har ledige timer da (%(day)s kl. %(time)s): "
                    "gi behandlerne fravær (practitioners: absences) i perioden, eller endre meldingen",
                    start=_date(start),
                    end=_date(end),
                    name=practitioner.name,
                    day=_date(when.date()),
                    time=f"{when:%H:%M}",
                )
                break


def _date(day: dt.date) -> str:
    return f"{day.day}. {MONTHS[day.month - 1]} {day.year}"
