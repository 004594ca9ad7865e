"""The Month value: ordered, hashable, built from dates and text, moved by whole months."""

from __future__ import annotations

from datetime import date

import pytest

from learnpm.experience.core.months import Month, MonthSpan, merge_month_spans, month_range


@pytest.mark.parametrize(
    ("month", "step", "expected"),
    [
        (Month(2024, 1), 1, Month(2024, 2)),
        (Month(2024, 12), 1, Month(2025, 1)),
        (Month(2024, 1), -1, Month(2023, 12)),
        (Month(2024, 3), 95, Month(2032, 2)),
        (Month(2026, 11), -95, Month(2018, 12)),
        (Month(2024, 6), 0, Month(2024, 6)),
        (Month(2024, 6), 24, Month(2026, 6)),
    ],
)
def test_moving_by_months(month: Month, step: int, expected: Month) -> None:
    assert month + step == expected
    assert expected - step == month
    assert expected - month == step


def test_next_previous_and_order() -> None:
    assert Month(2024, 12).next() == Month(2025, 1)
    assert Month(2025, 1) - 1 == Month(2024, 12)
    assert sorted([Month(2025, 1), Month(2024, 12), Month(2024, 2)]) == [
        Month(2024, 2),
        Month(2024, 12),
        Month(2025, 1),
    ]
    assert len({Month(2024, 1), Month(2024, 1), Month(2024, 2)}) == 2


@pytest.mark.parametrize(
    ("day", "month", "first", "last"),
    [
        (date(2024, 2, 29), Month(2024, 2), date(2024, 2, 1), date(2024, 2, 29)),
        (date(2023, 2, 14), Month(2023, 2), date(2023, 2, 1), date(2023, 2, 28)),
        (date(2024, 12, 31), Month(2024, 12), date(2024, 12, 1), date(2024, 12, 31)),
        (date(2024, 4, 1), Month(2024, 4), date(2024, 4, 1), date(2024, 4, 30)),
    ],
)
def test_from_a_date_and_back(day: date, month: Month, first: date, last: date) -> None:
    assert Month.of(day) == month
    assert (month.first_day(), month.last_day()) == (first, last)
    assert month.contains(day) and not month.contains(first.replace(year=first.year + 1))


@pytest.mark.parametrize("text", ["2024-3", "24-03", "2024/03", "2024-03-01", "March 2024", ""])
def test_parse_refuses_what_is_not_yyyy_mm(text: str) -> None:
    with pytest.raises(ValueError, match="YYYY-MM"):
        Month.parse(text)


def test_parse_and_str_agree() -> None:
    assert str(Month.parse(" 2024-03 ")) == "2024-03"
    assert str(Month(987, 1)) == "0987-01"


@pytest.mark.parametrize(("year", "month"), [(2024, 0), (2024, 13), (0, 5), (10000, 1)])
def test_impossible_months_are_refused(year: int, month: int) -> None:
    with pytest.raises(ValueError, match="must be"):
        Month(year, month)


def test_a_span_of_months() -> None:
    span = MonthSpan(Month(2023, 11), Month(2024, 2))
    assert len(span) == 4
    assert list(span) == [Month(2023, 11), Month(2023, 12), Month(2024, 1), Month(2024, 2)]
    assert Month(2024, 1) in span and Month(2024, 3) not in span
    assert MonthSpan.ending_with(Month(2026, 11), 96) == MonthSpan(Month(2018, 12), Month(2026, 11))
    assert span.clip(MonthSpan(Month(2024, 2), Month(2024, 9))) == MonthSpan(Month(2024, 2), Month(2024, 2))
    assert span.clip(MonthSpan(Month(2024, 3), Month(2024, 9))) is None
    with pytest.raises(ValueError, match="before it starts"):
        MonthSpan(Month(2024, 2), Month(2024, 1))
    assert list(month_range(Month(2024, 2), Month(2024, 1))) == []


def test_merging_spans_joins_overlapping_and_adjacent_ones() -> None:
    jan_mar, apr_may, may_jul, sep = (
        MonthSpan(Month(2024, 1), Month(2024, 3)),
        MonthSpan(Month(2024, 4), Month(2024, 5)),
        MonthSpan(Month(2024, 5), Month(2024, 7)),
        MonthSpan(Month(2024, 9), Month(2024, 9)),
    )
    assert merge_month_spans([sep, may_jul, jan_mar, apr_may]) == (MonthSpan(Month(2024, 1), Month(2024, 7)), sep)
    assert merge_month_spans(MonthSpan(m, m) for m in [Month(2024, 3), Month(2024, 1), Month(2024, 2), Month(2024, 6)]) == (
        MonthSpan(Month(2024, 1), Month(2024, 3)),
        MonthSpan(Month(2024, 6), Month(2024, 6)),
    )
