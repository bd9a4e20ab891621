"""The month calendar: whole weeks from Monday to Sunday."""

import datetime as dt

import pytest

from portal.booking.month import Month, grid, weeks

D = dt.date


def test_december_2023_starts_on_a_friday_with_four_leading_days():
    december = weeks(Month(2023, 12))
    assert len(december) == 5
    assert december[0] == [D(2023, 11, 27), D(2023, 11, 28), D(2023, 11, 29), D(2023, 11, 30), D(2023, 12, 1), D(2023, 12, 2), D(2023, 12, 3)]
    assert december[-1] == [D(2023, 12, 25) + dt.timedelta(days=i) for i in range(7)]  # ends on Sunday 31st, no trailing days


@pytest.mark.parametrize("month", [Month(2023, 10), Month(2023, 12), Month(2024, 2), Month(2021, 2), Month(2024, 9)])
def test_every_week_runs_from_monday_to_sunday(month):
    for week in weeks(month):
        assert [day.weekday() for day in week] == [0, 1, 2, 3, 4, 5, 6]
        assert all(b - a == dt.timedelta(days=1) for a, b in zip(week, week[1:]))


def test_a_month_starting_on_sunday_has_six_leading_days_and_six_weeks():
    october = weeks(Month(2023, 10))  # 1 October 2023 is a Sunday
    assert october[0][:6] == [D(2023, 9, 25) + dt.timedelta(days=i) for i in range(6)]
    assert october[0][6] == D(2023, 10, 1)
    assert len(october) == 6
    assert october[-1] == [D(2023, 10, 30), D(2023, 10, 31), D(2023, 11, 1), D(2023, 11, 2), D(2023, 11, 3), D(2023, 11, 4), D(2023, 11, 5)]


def test_february_in_a_leap_year_has_29_days():
    february = weeks(Month(2024, 2))
    in_month = [day for week in february for day in week if day.month == 2]
    assert in_month[0] == D(2024, 2, 1) and in_month[-1] == D(2024, 2, 29) and len(in_month) == 29
    assert february[0][:3] == [D(2024, 1, 29), D(2024, 1, 30), D(2024, 1, 31)]  # Thursday the 1st
    assert february[-1][4:] == [D(2024, 3, 1), D(2024, 3, 2), D(2024, 3, 3)]
    assert Month(2024, 2).last == D(2024, 2, 29) and Month(2023, 2).last == D(2023, 2, 28)


def test_february_2021_fills_exactly_four_weeks():
    assert weeks(Month(2021, 2))[0][0] == D(2021, 2, 1)
    assert len(weeks(Month(2021, 2))) == 4


def test_months_parse_and_step_across_years():
    assert Month.parse("2023-12") == Month(2023, 12)
    assert Month.parse("2023-13") is None and Month.parse("desember") is None and Month.parse(None) is None
    assert Month(2023, 12).next() == Month(2024, 1)
    assert Month(2024, 1).previous() == Month(2023, 12)
    assert Month(2024, 1).key == "2024-01"
    assert Month(2023, 12) < Month(2024, 1)


def test_the_grid_marks_today_past_days_free_days_and_neighbours():
    today = D(2023, 12, 7)
    cells = {cell.date: cell for week in grid(Month(2023, 12), today, {D(2023, 12, 14)}) for cell in week}
    assert cells[today].is_today and cells[today].choosable
    assert cells[D(2023, 12, 6)].is_past and not cells[D(2023, 12, 6)].choosable
    assert cells[D(2023, 12, 14)].has_slots and not cells[D(2023, 12, 28)].has_slots
    assert cells[D(2023, 12, 28)].choosable  # a day without slots can be chosen, and says so
    assert not cells[D(2023, 11, 30)].in_month and not cells[D(2023, 11, 30)].choosable
