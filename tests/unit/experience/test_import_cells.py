"""Cells of exported time logs: durations, days, clock times and rounding, as trackers and spreadsheets spell them."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest

from learnpm.experience.core.imports.cells import (
    CellError,
    detect_date_order,
    duration_text,
    hours_between,
    parse_clock,
    parse_day,
    parse_duration,
    round_to_step,
)

QUARTER = Decimal("0.25")


@pytest.mark.parametrize(
    ("value", "hours"),
    [
        ("01:30:00", Decimal("1.5")), ("1:30", Decimal("1.5")), ("00:45:00", Decimal("0.75")),
        ("26:00:00", Decimal(26)), ("1.5", Decimal("1.5")), ("1,5", Decimal("1.5")), (".5", Decimal("0.5")),
        ("2", Decimal(2)), ("1h 30m", Decimal("1.5")), ("45m", Decimal("0.75")), ("2h", Decimal(2)),
        ("1.5 hours", Decimal("1.5")), (1.25, Decimal("1.25")), (3, Decimal(3)), (time(3, 15), Decimal("3.25")),
        (timedelta(minutes=90), Decimal("1.5")), (" 01:00:00 ", Decimal(1)),
    ],
)
def test_durations_in_the_ways_trackers_write_them(value, hours):
    assert parse_duration(value) == hours


@pytest.mark.parametrize("value", ["", "three hours", "1:75", "NaN", "Infinity", "-1", "1e9", "5000", "1:30pm", True])
def test_what_is_no_duration_is_refused_with_a_reason(value):
    with pytest.raises(CellError):
        parse_duration(value)


def test_an_odd_toggl_duration_is_kept_exact_until_it_is_rounded():
    assert (parse_duration("01:17:00") * 60).quantize(Decimal(1)) == 77
    assert round_to_step(parse_duration("01:17:00"), QUARTER) == Decimal("1.25")


@pytest.mark.parametrize(
    ("hours", "rounded"),
    [("0.1166", "0"), ("0.125", "0.25"), ("0.375", "0.5"), ("1.2833", "1.25"), ("0.2", "0.25"), ("8", "8")],
)
def test_hours_round_to_the_nearest_quarter_half_up(hours, rounded):
    assert round_to_step(Decimal(hours), QUARTER) == Decimal(rounded)


@pytest.mark.parametrize(
    ("value", "order", "day"),
    [
        ("2026-10-13", None, date(2026, 10, 13)), ("2026/10/13", None, date(2026, 10, 13)),
        ("10/13/2026", "month_first", date(2026, 10, 13)), ("13/10/2026", "day_first", date(2026, 10, 13)),
        ("05.11.2026", None, date(2026, 11, 5)), ("1/2/26", "month_first", date(2026, 1, 2)),
        ("2026-10-13T18:30:00Z", None, date(2026, 10, 13)), (datetime(2026, 10, 13, 9, 0), None, date(2026, 10, 13)),
        (date(2026, 10, 13), None, date(2026, 10, 13)),
    ],
)
def test_days_in_the_formats_exports_use(value, order, day):
    assert parse_day(value, order) == day


@pytest.mark.parametrize(
    ("value", "order", "words"),
    [("10/11/2026", None, "month first or day first"), ("2026-02-30", None, "is not a day"),
     ("31/31/2026", "day_first", "is not a day"), ("yesterday", None, "is not a day"), ("", None, "is empty")],
)
def test_days_that_cannot_be_read_say_why(value, order, words):
    with pytest.raises(CellError, match=words):
        parse_day(value, order)


@pytest.mark.parametrize(
    ("values", "order"),
    [(["10/13/2026", "10/01/2026"], "month_first"), (["13/10/2026"], "day_first"), (["11/10/2026", "01/02/2026"], None),
     (["2026-10-13"], "iso"), ([date(2026, 10, 13)], "iso")],
    ids=["month first", "day first", "ambiguous", "iso", "real dates"],
)
def test_the_date_order_of_a_column_is_found_when_one_day_gives_it_away(values, order):
    assert detect_date_order(values) == order


@pytest.mark.parametrize(
    ("value", "clock"),
    [("13:26", time(13, 26)), ("13:26:05", time(13, 26, 5)), ("01:26:00 PM", time(13, 26)),
     ("12:00:00 AM", time(0, 0)), ("12:30 pm", time(12, 30)), ("9:00 a.m.", time(9, 0)),
     (datetime(2026, 1, 1, 8, 15), time(8, 15))],
)
def test_clock_times_in_24_and_12_hours(value, clock):
    assert parse_clock(value) == clock


@pytest.mark.parametrize("value", ["25:00", "13:00 PM", "noon", "0:00 AM"])
def test_what_is_no_time_of_day_is_refused(value):
    with pytest.raises(CellError):
        parse_clock(value)


def test_hours_between_times_run_past_midnight():
    assert hours_between(time(23, 15), time(0, 45)) == Decimal("1.5")
    assert hours_between(time(9, 0), time(12, 15)) == Decimal("3.25")


def test_durations_are_shown_as_trackers_show_them():
    assert duration_text(Decimal(77) / 60) == "1:17" and duration_text(Decimal("0.1166666")) == "0:07"
