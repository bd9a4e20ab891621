"""An appointment as an iCalendar file (RFC 5545) for "Legg i egen kalender".

Written by hand: a single event in Norwegian wall-clock time, with the
Europe/Oslo time zone included so any calendar program places it right.
"""

from __future__ import annotations

import datetime as dt
import uuid

from ..forms import normalise

TZID = "Europe/Oslo"

# Europe/Oslo since 1996: CET, and CEST from the last Sunday in March to the
# last Sunday in October.
_VTIMEZONE = [
    "BEGIN:VTIMEZONE",
    f"TZID:{TZID}",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "TZNAME:CEST",
    "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "TZNAME:CET",
    "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
]


def escape(text: str) -> str:
    """TEXT value escaping (RFC 5545 3.3.11). The text is first normalised as
    every text a user types (portal.forms): a line break of any kind is then
    written \\n, and the other control characters TEXT may not hold are left
    out, so no user's or scenario's text can end a line."""
    return normalise(text).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space (3.1),
    never splitting a UTF-8 character."""
    parts, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        limit = 75 if not parts else 74  # a continuation line starts with one space
        if size + width > limit:
            parts.append(current)
            current, size = "", 0
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts)


def _local(moment: dt.datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%S")


def _utc(moment: dt.datetime) -> str:
    """Naive means UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")


# Appointment UIDs live under this namespace; see appointment_uid.
_UID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_DNS, "timeavtaler.helsenorge-simulator.invalid")


def appointment_uid(sandbox_id: str, appointment_id: int, booked_at: dt.datetime) -> str:
    """The same UID on every download of one appointment, so a calendar program
    updates its event rather than adding a second one. The booking time keeps it
    apart from a later appointment that gets the same row id after a reset, and
    the hash keeps the sandbox id (the browser's key) out of the file."""
    name = f"{sandbox_id}/{appointment_id}/{_utc(booked_at)}"
    return f"{uuid.uuid5(_UID_NAMESPACE, name)}@helsenorge-simulator.invalid"


def event(
    *,
    uid: str,
    start: dt.datetime,
    end: dt.datetime,
    summary: str,
    location: str,
    description: str,
    stamp: dt.datetime,
    modified: dt.datetime | None = None,
    cancelled: bool = False,
) -> str:
    """One VEVENT in a VCALENDAR. ``start``/``end`` are Oslo wall-clock times.
    ``stamp`` is when the file is made (DTSTAMP of a METHOD:PUBLISH object);
    ``modified`` when the appointment last changed (booked or cancelled). A
    cancelled event gets SEQUENCE 1 so a calendar program that imported the
    booking takes the cancellation as the newer version."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Helsenorge-simulator//Timeavtaler//NO",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        *_VTIMEZONE,
        "BEGIN:VEVENT",
        f"UID:{escape(uid)}",
        f"DTSTAMP:{_utc(stamp)}",
        *([f"LAST-MODIFIED:{_utc(modified)}"] if modified else []),
        f"SEQUENCE:{1 if cancelled else 0}",
        f"DTSTART;TZID={TZID}:{_local(start)}",
        f"DTEND;TZID={TZID}:{_local(end)}",
        f"SUMMARY:{escape(summary)}",
        f"LOCATION:{escape(location)}",
        f"DESCRIPTION:{escape(description)}",
        f"STATUS:{'CANCELLED' if cancelled else 'CONFIRMED'}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "".join(fold(line) + "\r\n" for line in lines)
