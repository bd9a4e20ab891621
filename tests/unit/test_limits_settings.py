"""The settings for expiry and the quota: read as written, refused in Norwegian."""

import datetime as dt

import pytest

from portal.config import parse_age, parse_size
from portal.expiry import describe_age


@pytest.mark.parametrize(
    "value, age",
    [("30d", dt.timedelta(days=30)), ("12h", dt.timedelta(hours=12)), (" 7 D ", dt.timedelta(days=7)), ("3650d", dt.timedelta(days=3650)), ("0", None)],
)
def test_ages_are_days_or_hours_and_0_keeps_for_ever(value, age):
    assert parse_age(value, "PORTAL_SANDBOX_MAX_AGE") == age


@pytest.mark.parametrize("value", ["30", "tretti", "1.5d", "-1d", "2w", "0h", "3651d", ""])
def test_other_ages_are_refused_naming_the_setting(value):
    with pytest.raises(ValueError, match=r"^PORTAL_UPLOAD_MAX_AGE må være .*, ikke «"):
        parse_age(value, "PORTAL_UPLOAD_MAX_AGE")


@pytest.mark.parametrize("value, size", [("100MB", 100 * 1024**2), ("1gb", 1024**3), ("500 kB", 500 * 1024), ("0", None)])
def test_sizes_count_as_the_attachment_limits_do_and_0_is_no_limit(value, size):
    assert parse_size(value, "PORTAL_ATTACHMENT_QUOTA") == size


@pytest.mark.parametrize("value", ["100", "0MB", "1TB", "hundre MB", "-5MB"])
def test_other_sizes_are_refused_naming_the_setting(value):
    with pytest.raises(ValueError, match=r"^PORTAL_ATTACHMENT_QUOTA må være en størrelse som 100MB"):
        parse_size(value, "PORTAL_ATTACHMENT_QUOTA")


def test_ages_are_told_in_days_from_two_days_up_else_in_hours():
    assert describe_age(dt.timedelta(days=30)) == "30 dager"
    assert describe_age(dt.timedelta(hours=24)) == "24 timer"
    assert describe_age(dt.timedelta(hours=1)) == "1 time"
    assert describe_age(dt.timedelta(hours=60)) == "60 timer"
