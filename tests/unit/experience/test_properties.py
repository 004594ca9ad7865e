"""Properties of the month rules and the CSV format that must hold for any input hypothesis can think of."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from learnpm.experience.core.csv.records import parse_entries_csv, write_entries_csv
from learnpm.experience.core.eligibility import (
    counted_months,
    experience_calendar,
    experience_months,
    experience_projection,
    experience_window,
)
from learnpm.experience.core.entries import Entry, ProjectMonths
from learnpm.experience.core.months import Month

Periods = list[tuple[date, date | None]]

days = st.dates(min_value=date(2010, 1, 1), max_value=date(2030, 12, 31))


@st.composite
def periods(draw: st.DrawFn) -> tuple[date, date | None]:
    start = draw(days)
    if draw(st.booleans()):
        return start, None
    end = draw(st.dates(min_value=start.replace(day=1), max_value=date(2031, 12, 31)))
    return start, end


period_lists = st.lists(periods(), max_size=12)


@given(period_lists, days)
def test_the_count_is_the_number_of_months_and_never_more_than_the_window(items: Periods, as_of: date) -> None:
    found = counted_months(items, as_of)
    assert experience_months(items, as_of) == len(found) <= 96
    assert all(month in experience_window(as_of) for month in found)


@given(period_lists, days, st.randoms(use_true_random=False))
def test_order_and_repeats_do_not_matter(items: Periods, as_of: date, random: object) -> None:
    shuffled = items + items[: len(items) // 2]
    random.shuffle(shuffled)  # type: ignore[attr-defined]
    assert experience_months(shuffled, as_of) == experience_months(items, as_of)
    assert experience_months(iter(shuffled), as_of) == experience_months(items, as_of)


@given(period_lists, days)
def test_the_calendar_agrees_with_the_count(items: Periods, as_of: date) -> None:
    calendar = experience_calendar(items, as_of)
    assert calendar.counted == counted_months(items, as_of)
    assert calendar.overlapping <= calendar.counted
    assert not calendar.counted & (calendar.outside_window | calendar.future)


@settings(max_examples=60)
@given(period_lists, days, st.sampled_from(["secondary", "degree", "gac"]))
def test_the_projected_month_is_the_first_one_whose_window_holds_enough(items: Periods, as_of: date, path: str) -> None:
    projection = experience_projection(items, as_of, path)
    required = projection.months_required
    if projection.eligible_from is None:
        return
    month = projection.eligible_from
    assert experience_months(items, month.last_day()) >= required
    earlier = Month.of(as_of)
    while earlier < month:
        assert experience_months(items, earlier.last_day()) < required
        earlier = earlier.next()


# What a text field keeps: no control characters (the forms and the import refuse them) but tabs and line breaks.
text = st.text(st.characters(exclude_categories=["Cs", "Cc"], include_characters="\t\n\r"), max_size=30).map(str.strip)
entries = st.builds(
    Entry,
    project_ref=st.sampled_from(["web", "app"]),
    day=st.dates(min_value=date(2024, 1, 1), max_value=date(2024, 12, 31)),
    hours=st.integers(min_value=1, max_value=8).map(lambda quarters: Decimal(quarters) / 4),
    activity=text,
    process_groups=st.frozensets(st.sampled_from(["IN", "PL", "EX", "MC", "CL"])),
    domains=st.frozensets(st.sampled_from(["people", "process", "business_environment"])),
    notes=text,
)


@settings(max_examples=60)
@given(st.lists(entries, max_size=10))
def test_exported_entries_import_back_the_same(items: list[Entry]) -> None:
    projects = {"web": ProjectMonths(Month(2024, 1)), "app": ProjectMonths(Month(2023, 6), Month(2024, 12))}
    result = parse_entries_csv(write_entries_csv(items), projects=projects, today=date(2026, 11, 25))
    assert result.problems == ()
    assert result.rows == tuple(items)
