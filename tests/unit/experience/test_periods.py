"""The period of the hours charts: the default, what a request can ask for, and how long periods are grouped."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from learnpm.experience.core.months import Month
from learnpm.experience.core.periods import Period, chosen_period, default_period, period_bars

TODAY = date(2026, 12, 2)
NOW = Month(2026, 12)
HOURS = {Month(2019, 5): Decimal(3), Month(2024, 1): Decimal("2.5"), Month(2026, 11): Decimal(4)}


def test_the_default_runs_from_the_first_month_with_hours_to_this_month() -> None:
    assert default_period(HOURS, TODAY) == Period(Month(2019, 5), NOW)
    assert default_period({}, TODAY) == Period(NOW, NOW)


@pytest.mark.parametrize(("start", "end", "period", "is_default", "note"), [
    ("", "", Period(Month(2019, 5), NOW), True, ""),
    ("2024-01", "2024-06", Period(Month(2024, 1), Month(2024, 6)), False, ""),
    ("2024-01", "", Period(Month(2024, 1), NOW), False, ""),
    ("", "2020-02", Period(Month(2019, 5), Month(2020, 2)), False, ""),
    ("2024-06", "2024-01", Period(Month(2024, 1), Month(2024, 6)), False, "wrong way round"),
    ("June", "", Period(Month(2019, 5), NOW), True, "From: “June” is not a month like 2024-03, so May 2019 is shown."),
    ("2024-13", "", Period(Month(2019, 5), NOW), True, "not a month"),
    ("", "x" * 500, Period(Month(2019, 5), NOW), True, "To: “xxxxxxxxxxxxxxxxxxxx” is not a month"),
    ("0001-01", "9999-12", Period(Month(1950, 1), NOW), False, "The charts stop at Jan 1950 and this month."),
    ("2030-01", "2031-01", Period(NOW, NOW), False, "stop at"),
])
def test_the_period_asked_for(start, end, period, is_default, note) -> None:
    chosen = chosen_period(start, end, HOURS, TODAY)
    assert (chosen.period, chosen.is_default) == (period, is_default)
    assert note in chosen.note and (chosen.note == "") == (note == "")


def test_up_to_24_months_are_shown_month_by_month_empty_ones_included() -> None:
    bars = period_bars(HOURS, Period(Month(2025, 1), NOW))
    assert bars.grouping == "month" and len(bars.bars) == 24
    assert bars.bars[0] == ("Jan 2025", 0) and bars.bars[-2] == ("Nov 2026", 4)
    assert bars.title == "Hours by month, Jan 2025 to Dec 2026"
    assert period_bars(HOURS, Period(Month(2024, 12), NOW)).grouping == "quarter"  # 25 months


def test_a_longer_period_is_shown_by_quarter() -> None:
    bars = period_bars(HOURS, Period(Month(2023, 1), NOW))
    assert bars.grouping == "quarter" and len(bars.bars) == 16
    assert bars.bars[4] == ("Q1 2024", Decimal("2.5")) and bars.bars[-1] == ("Q4 2026", 4)
    assert bars.title == "Hours by quarter, Jan 2023 to Dec 2026 (grouped: more than 24 months)"


def test_more_than_24_quarters_are_shown_by_year_and_every_hour_stays_counted() -> None:
    bars = period_bars(HOURS, default_period(HOURS, TODAY))
    assert bars.grouping == "year" and [label for label, _ in bars.bars] == [str(y) for y in range(2019, 2027)]
    assert sum(hours for _, hours in bars.bars) == Decimal("9.5")
    assert "(grouped: more than 24 quarters)" in bars.title
