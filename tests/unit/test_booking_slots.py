"""Slots expanded from weekly patterns, extra slots and absences."""

import datetime as dt
from pathlib import Path

from portal.booking.slots import (
    WEEKS_AHEAD,
    booking_window,
    expand,
    find_free_slot,
    free_slots,
    kinds_offered,
    practitioners,
    slug,
)
from portal.scenarios import Absence, ExtraSlots, Practitioner, WeeklySlots, load_scenarios

REPO_SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"
T = dt.time


def astrid(**changes):
    fields = dict(
        id="astrid",
        name="Astrid",
        own_gp=True,
        slots=(
            WeeklySlots(weekdays=("mon", "wed"), times=(T(8, 30), T(9, 0)), duration=20, kind="oppmøte"),
            WeeklySlots(weekdays=("thu",), times=(T(10, 0),), duration=15, kind="telefon"),
        ),
    )
    return Practitioner(**(fields | changes))


def starts(slots):
    return [s.start.strftime("%a %Y-%m-%d %H:%M") for s in slots]


def test_weekly_patterns_give_their_times_on_their_weekdays():
    slots = expand(astrid(), dt.date(2023, 12, 11), dt.date(2023, 12, 17))
    assert starts(slots) == [
        "Mon 2023-12-11 08:30",
        "Mon 2023-12-11 09:00",
        "Wed 2023-12-13 08:30",
        "Wed 2023-12-13 09:00",
        "Thu 2023-12-14 10:00",
    ]
    phone = slots[-1]
    assert (phone.kind, phone.duration, phone.end.time(), phone.key) == ("telefon", 15, T(10, 15), "2023-12-14T10:00")


def test_an_absence_removes_every_slot_on_its_days_both_ends_included():
    practitioner = astrid(absences=(Absence(start=dt.date(2023, 12, 22), end=dt.date(2024, 1, 2)),))
    slots = expand(practitioner, dt.date(2023, 12, 18), dt.date(2024, 1, 4))
    days = sorted({s.start.date() for s in slots})
    assert days == [dt.date(2023, 12, 18), dt.date(2023, 12, 20), dt.date(2023, 12, 21), dt.date(2024, 1, 3), dt.date(2024, 1, 4)]
    assert not [s for s in slots if dt.date(2023, 12, 22) <= s.start.date() <= dt.date(2024, 1, 2)]


def test_extra_slots_add_to_the_pattern_but_not_during_an_absence():
    practitioner = astrid(
        extra_slots=(
            ExtraSlots(date=dt.date(2023, 12, 15), times=(T(16, 0),), duration=15, kind="haste"),
            ExtraSlots(date=dt.date(2023, 12, 27), times=(T(9, 0),), kind="video"),
        ),
        absences=(Absence(start=dt.date(2023, 12, 22), end=dt.date(2024, 1, 2)),),
    )
    slots = expand(practitioner, dt.date(2023, 12, 15), dt.date(2023, 12, 31))
    assert [(s.start, s.kind) for s in slots if s.start.date() in (dt.date(2023, 12, 15), dt.date(2023, 12, 27))] == [
        (dt.datetime(2023, 12, 15, 16, 0), "haste")
    ]


def test_the_same_start_twice_counts_once():
    practitioner = astrid(extra_slots=(ExtraSlots(date=dt.date(2023, 12, 11), times=(T(8, 30),), kind="video"),))
    slots = [s for s in expand(practitioner, dt.date(2023, 12, 11), dt.date(2023, 12, 11)) if s.start.time() == T(8, 30)]
    assert [(s.kind, s.duration) for s in slots] == [("oppmøte", 20)]


def test_free_slots_stay_inside_the_booking_window_and_skip_taken_ones():
    today = dt.date(2023, 12, 7)
    first, last = booking_window(today)
    assert (first, last) == (today, today + dt.timedelta(weeks=WEEKS_AHEAD, days=-1))

    december = free_slots(astrid(), today, dt.date(2023, 12, 1), dt.date(2023, 12, 31))
    assert min(s.start.date() for s in december) == today  # nothing before the clock
    far = free_slots(astrid(), today, last + dt.timedelta(days=1), last + dt.timedelta(days=30))
    assert far == []

    taken = {dt.datetime(2023, 12, 14, 10, 0)}
    assert find_free_slot(astrid(), today, dt.datetime(2023, 12, 14, 10, 0)) is not None
    assert find_free_slot(astrid(), today, dt.datetime(2023, 12, 14, 10, 0), taken) is None
    assert find_free_slot(astrid(), today, dt.datetime(2023, 12, 14, 10, 5)) is None  # not a slot
    assert find_free_slot(astrid(), today, dt.datetime(2023, 12, 4, 8, 30)) is None  # before the clock


def test_the_own_gp_comes_first_and_kinds_are_listed_in_a_fixed_order():
    scenario = load_scenarios(REPO_SCENARIOS)["ferie-timebestilling"].model
    listed = practitioners(scenario)
    assert [p.name for p in listed] == ["Astrid", "August", "Ingar"]
    assert kinds_offered(listed[0]) == ["oppmøte", "video", "telefon", "haste"]
    assert {kind for p in listed for kind in kinds_offered(p)} == {"oppmøte", "video", "telefon", "haste"}


def test_a_scenario_without_practitioners_gets_its_gp_on_the_default_week():
    scenario = load_scenarios(REPO_SCENARIOS)["anbefalt-losning-1"].model
    (gp,) = practitioners(scenario)
    assert (gp.id, gp.name, gp.own_gp) == ("astrid", "Astrid", True)
    week = expand(gp, dt.date(2023, 12, 11), dt.date(2023, 12, 17))
    assert {s.start.weekday() for s in week} == {0, 1, 2, 3, 4}
    assert slug("Tora Hansen") == "tora-hansen" and slug("Bjørn Ærlig Ås") == "bjorn-aerlig-as"


def test_the_holiday_scenario_has_no_slots_in_the_holiday_and_slots_before_and_after():
    scenario = load_scenarios(REPO_SCENARIOS)["ferie-timebestilling"]
    for practitioner in practitioners(scenario.model):
        slots = free_slots(practitioner, scenario.today, dt.date(2023, 12, 1), dt.date(2024, 1, 31))
        days = {s.start.date() for s in slots}
        assert not [d for d in days if dt.date(2023, 12, 22) <= d <= dt.date(2024, 1, 2)], practitioner.id
        assert any(d < dt.date(2023, 12, 22) for d in days) and any(d > dt.date(2024, 1, 2) for d in days), practitioner.id
    astrid_slots = free_slots(practitioners(scenario.model)[0], scenario.today, dt.date(2023, 12, 14), dt.date(2023, 12, 14))
    assert ("10:00", "telefon", 15) in [(s.start.strftime("%H:%M"), s.kind, s.duration) for s in astrid_slots]
