"""Hours-log entries: every refusal rule, and the sums behind the charts and the weekly timesheet."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from learnpm.experience.core.entries import (
    Entry,
    ProjectMonths,
    entry_problems,
    hours_by_day,
    hours_by_domain,
    hours_by_month,
    hours_by_process_group,
    week_start,
)
from learnpm.experience.core.months import Month
from learnpm.experience.core.rules.library import default_rules

from ._support import changed, d, library_with

TODAY = date(2026, 11, 25)
PROJECT = ProjectMonths(Month(2026, 3), Month(2026, 11))
IN_PROGRESS = ProjectMonths(Month(2026, 3))


def entry(
    day: str = "2026-11-02",
    hours: str = "7.5",
    process_groups: frozenset[str] = frozenset(),
    domains: frozenset[str] = frozenset(),
) -> Entry:
    return Entry("web", d(day), Decimal(hours), process_groups=process_groups, domains=domains)


VALIDATION = [
    # case, entry, project, other hours that day, [(field, words in the message)]
    ("a plain good entry", entry(), PROJECT, "0", []),
    ("today", entry("2026-11-25"), PROJECT, "0", []),
    ("tomorrow", entry("2026-11-26"), PROJECT, "0", [("day", "in the future")]),
    ("next year", entry("2027-01-04"), IN_PROGRESS, "0", [("day", "in the future")]),
    ("first day of the start month", entry("2026-03-01"), PROJECT, "0", []),
    (
        "the day before the start month",
        entry("2026-02-28"),
        PROJECT,
        "0",
        [("day", "outside the project's months (2026-03 to 2026-11)")],
    ),
    (
        "after the end month",
        entry("2026-11-02"),
        ProjectMonths(Month(2026, 3), Month(2026, 10)),
        "0",
        [("day", "outside")],
    ),
    ("last day of the end month", entry("2026-10-31"), ProjectMonths(Month(2026, 3), Month(2026, 10)), "0", []),
    ("in progress, before the start", entry("2026-02-01"), IN_PROGRESS, "0", [("day", "2026-03 to now (in progress)")]),
    ("zero hours", entry(hours="0"), PROJECT, "0", [("hours", "more than 0")]),
    ("negative hours", entry(hours="-1"), PROJECT, "0", [("hours", "more than 0")]),
    ("a tenth of an hour", entry(hours="0.1"), PROJECT, "0", [("hours", "steps of 0.25 (15 minutes)")]),
    ("7.3 hours", entry(hours="7.3"), PROJECT, "0", [("hours", "steps of 0.25")]),
    ("a quarter hour", entry(hours="0.25"), PROJECT, "0", []),
    ("7.75 hours", entry(hours="7.75"), PROJECT, "0", []),
    ("24 hours alone", entry(hours="24"), PROJECT, "0", []),
    ("24.25 hours alone", entry(hours="24.25"), PROJECT, "0", [("hours", "at most 24")]),
    ("20 logged, 4 more", entry(hours="4"), PROJECT, "20", []),
    (
        "20 logged, 4.25 more",
        entry(hours="4.25"),
        PROJECT,
        "20",
        [("hours", "With the 20 h already logged on 2026-11-02, this day would hold 24.25 h")],
    ),
    ("23.75 logged, 0.5 more", entry(hours="0.5"), PROJECT, "23.75", [("hours", "24.25 h")]),
    ("known tags", entry(process_groups=frozenset({"PL", "EX"}), domains=frozenset({"people"})), PROJECT, "0", []),
    (
        "unknown process group",
        entry(process_groups=frozenset({"PL", "QA"})),
        PROJECT,
        "0",
        [("process_groups", "unknown tag(s) QA")],
    ),
    (
        "unknown domain",
        entry(domains=frozenset({"finance"})),
        PROJECT,
        "0",
        [("domains", "finance; use people, process, business_environment")],
    ),
    (
        "future and bad hours together",
        entry("2026-12-01", "0.1"),
        IN_PROGRESS,
        "0",
        [("day", "future"), ("hours", "steps")],
    ),
]


@pytest.mark.parametrize(
    ("item", "project", "others", "expected"), [case[1:] for case in VALIDATION], ids=[case[0] for case in VALIDATION]
)
def test_entry_validation(item: Entry, project: ProjectMonths, others: str, expected: list[tuple[str, str]]) -> None:
    problems = entry_problems(item, today=TODAY, project=project, other_hours_that_day=Decimal(others))
    assert [problem.field for problem in problems] == [field for field, _ in expected]
    assert all(words in problem.message for problem, (_, words) in zip(problems, expected, strict=True))


def test_the_day_limit_and_the_step_come_from_the_rule_set() -> None:
    rules = library_with(
        changed(changed(default_rules().hours_log, "max_hours_per_day", Decimal(12)), "hours_step", Decimal("0.5"))
    )
    problems = entry_problems(entry(hours="12.5"), today=TODAY, project=PROJECT, rules=rules)
    assert [p.message for p in problems] == ["A day holds at most 12 h."]
    problems = entry_problems(entry(hours="0.25"), today=TODAY, project=PROJECT, rules=rules)
    assert [p.message for p in problems] == ["Log hours in steps of 0.5 (30 minutes)."]


def test_a_project_cannot_end_before_it_starts() -> None:
    with pytest.raises(ValueError, match="before it starts"):
        ProjectMonths(Month(2026, 3), Month(2026, 2))


def test_floats_become_exact_hours() -> None:
    assert Entry("web", TODAY, 0.1).hours + Entry("web", TODAY, 0.2).hours == Decimal("0.3")  # type: ignore[arg-type]


LOG = [
    Entry("web", d("2026-10-30"), Decimal("2"), process_groups=frozenset({"PL"}), domains=frozenset({"process"})),
    Entry(
        "web", d("2026-11-02"), Decimal("7.5"), process_groups=frozenset({"PL", "EX"}), domains=frozenset({"people"})
    ),
    Entry("app", d("2026-11-02"), Decimal("1.25")),
    Entry("app", d("2026-11-08"), Decimal("3"), process_groups=frozenset({"CL"})),
    Entry(
        "web", d("2026-11-09"), Decimal("4"), process_groups=frozenset({"MC"}), domains=frozenset({"people", "process"})
    ),
]


def test_hours_by_day_and_by_month() -> None:
    assert hours_by_day(LOG) == {
        d("2026-10-30"): Decimal("2"),
        d("2026-11-02"): Decimal("8.75"),
        d("2026-11-08"): Decimal("3"),
        d("2026-11-09"): Decimal("4"),
    }
    assert hours_by_month(LOG) == {Month(2026, 10): Decimal("2"), Month(2026, 11): Decimal("15.75")}
    assert list(hours_by_month(reversed(LOG))) == [Month(2026, 10), Month(2026, 11)]


def test_hours_by_process_group_count_an_entry_in_each_of_its_groups() -> None:
    totals = hours_by_process_group(LOG)
    assert totals.hours == {"IN": 0, "PL": Decimal("9.5"), "EX": Decimal("7.5"), "MC": Decimal("4"), "CL": Decimal("3")}
    assert list(totals.hours) == ["IN", "PL", "EX", "MC", "CL"]
    assert (totals.untagged, totals.total) == (Decimal("1.25"), Decimal("17.75"))


def test_hours_by_domain() -> None:
    totals = hours_by_domain(LOG)
    assert totals.hours == {"people": Decimal("11.5"), "process": Decimal("6"), "business_environment": 0}
    assert (totals.untagged, totals.total) == (Decimal("4.25"), Decimal("17.75"))


@pytest.mark.parametrize(
    ("day", "starts_on", "first"),
    [
        ("2026-11-02", "monday", "2026-11-02"),
        ("2026-11-08", "monday", "2026-11-02"),
        ("2026-11-09", "monday", "2026-11-09"),
        ("2026-11-08", "sunday", "2026-11-08"),
        ("2026-11-07", "sunday", "2026-11-01"),
        ("2024-03-01", "monday", "2024-02-26"),
    ],
)
def test_the_week_starts_on_the_rule_sets_day(day: str, starts_on: str, first: str) -> None:
    rules = library_with(changed(default_rules().hours_log, "week_starts_on", starts_on))
    assert week_start(d(day), rules) == d(first)


