"""The .ics file of an appointment, read back with a real iCalendar parser."""

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar

from portal.booking import ics

OSLO = ZoneInfo("Europe/Oslo")
STAMP = dt.datetime(2023, 12, 7, 9, 15, tzinfo=dt.timezone.utc)


def make(start=dt.datetime(2023, 12, 14, 10, 0), minutes=15, **changes):
    fields = dict(
        uid="timeavtale-1@example.test",
        start=start,
        end=start + dt.timedelta(minutes=minutes),
        summary="Telefontime hos DDFL Test",
        location="Telefontime",
        description="Behandler: Astrid. Timen gjelder: Vondt i kneet",
        stamp=STAMP,
    )
    return ics.event(**(fields | changes))


def the_event(text):
    calendar = icalendar.Calendar.from_ical(text)
    (event,) = calendar.walk("VEVENT")
    return calendar, event


def test_a_winter_appointment_is_at_oslo_time_cet():
    calendar, event = the_event(make())
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert start.utcoffset() == dt.timedelta(hours=1)
    assert start.astimezone(dt.timezone.utc) == dt.datetime(2023, 12, 14, 9, 0, tzinfo=dt.timezone.utc)
    assert end - start == dt.timedelta(minutes=15)
    assert str(event["SUMMARY"]) == "Telefontime hos DDFL Test"
    assert str(event["LOCATION"]) == "Telefontime"
    assert str(event["UID"]) == "timeavtale-1@example.test"
    assert event.decoded("DTSTAMP") == STAMP
    assert str(event["STATUS"]) == "CONFIRMED"
    assert event["DTSTART"].params["TZID"] == "Europe/Oslo"
    (timezone,) = calendar.walk("VTIMEZONE")
    assert str(timezone["TZID"]) == "Europe/Oslo"


def test_a_summer_appointment_is_at_oslo_time_cest():
    _, event = the_event(make(start=dt.datetime(2024, 6, 23, 10, 0)))
    start = event.decoded("DTSTART")
    assert start.utcoffset() == dt.timedelta(hours=2)
    assert start.astimezone(OSLO).replace(tzinfo=None) == dt.datetime(2024, 6, 23, 10, 0)


def test_lines_end_with_crlf_and_long_lines_fold_at_75_octets():
    text = make(description="Timen gjelder: " + "Smerter i kne, hofte; rygg og nakke – særlig om morgenen. " * 4)
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    for line in text.split("\r\n"):
        assert len(line.encode("utf-8")) <= 75
    _, event = the_event(text)
    assert str(event["DESCRIPTION"]).startswith("Timen gjelder: Smerter i kne, hofte; rygg og nakke – særlig")


def test_commas_semicolons_and_line_breaks_survive_the_round_trip():
    reason = "Vondt i kneet, hoven; vanskelig å gå\nog stå"
    _, event = the_event(make(description=reason, location="DDFL Test, Lysakertorg_Test, 1325 LYSAKER"))
    assert str(event["DESCRIPTION"]) == reason
    assert str(event["LOCATION"]) == "DDFL Test, Lysakertorg_Test, 1325 LYSAKER"


def test_a_cancelled_appointment_says_so_and_a_naive_stamp_is_utc():
    _, event = the_event(make(cancelled=True, stamp=dt.datetime(2023, 12, 7, 9, 15)))
    assert str(event["STATUS"]) == "CANCELLED"
    assert event.decoded("DTSTAMP") == STAMP


def test_a_cancellation_is_a_newer_version_of_the_same_event():
    booked = dt.datetime(2023, 12, 7, 9, 15, tzinfo=dt.timezone.utc)
    cancelled_at = dt.datetime(2023, 12, 8, 12, 0, tzinfo=dt.timezone.utc)
    _, first = the_event(make(modified=booked))
    _, later = the_event(make(modified=cancelled_at, cancelled=True))
    assert first["UID"] == later["UID"]
    assert (first["SEQUENCE"], later["SEQUENCE"]) == (0, 1)
    assert later.decoded("LAST-MODIFIED") == cancelled_at


def test_the_uid_is_stable_per_appointment_and_hides_the_sandbox_id():
    booked = dt.datetime(2023, 12, 7, 9, 15)
    uid = ics.appointment_uid("sandbox-secret", 1, booked)
    assert uid == ics.appointment_uid("sandbox-secret", 1, booked)
    assert uid.endswith("@helsenorge-simulator.invalid") and "sandbox-secret" not in uid
    # The same row id after a reset, booked at another time, is another event.
    assert uid != ics.appointment_uid("sandbox-secret", 1, booked + dt.timedelta(minutes=1))
    assert uid != ics.appointment_uid("another", 1, booked)


def test_no_text_can_end_a_line_of_the_file():
    text = make(summary="Telefontime hos DDFL\rTest", location="Linje 1\r\nLinje 2", description="Vondt\ri kneet\x0b\x00\x1b\u0085")
    assert "\r" not in text.replace("\r\n", "") and "\n" not in text.replace("\r\n", "")
    assert not any(c in text for c in "\x0b\x00\x1b\u0085")
    _calendar, event = the_event(text)
    assert str(event["SUMMARY"]) == "Telefontime hos DDFL\nTest"
    assert str(event["LOCATION"]) == "Linje 1\nLinje 2"
    assert str(event["DESCRIPTION"]) == "Vondt\ni kneet"
