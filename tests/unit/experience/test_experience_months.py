"""The month rules: distinct calendar months, inside the 96 months ending with the month of as_of.

Expected counts are worked out by hand from PMI's rules. With AS_OF = 2026-11-25 the window runs from
2018-12 to 2026-11 (7 whole years 2019-2025 = 84, plus December 2018 and January-November 2026).
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from learnpm.experience.core.eligibility import counted_months, experience_months
from learnpm.experience.core.months import Month
from learnpm.experience.core.rules.library import default_rules
from learnpm.experience.core.rules.models import PmpRules

from ._support import AS_OF, changed, d, period

CASES = [
    # --- basics
    ("nothing logged", [], AS_OF, 0),
    ("one month, start and end in it", [period("2024-03-01", "2024-03-31")], AS_OF, 1),
    ("same month, end day before start day", [(d("2024-03-20"), d("2024-03-05"))], AS_OF, 1),
    ("same day", [(d("2024-03-05"), d("2024-03-05"))], AS_OF, 1),
    ("Jan to Apr is four months", [period("2024-01", "2024-04")], AS_OF, 4),
    ("a calendar year", [period("2023-01", "2023-12")], AS_OF, 12),
    ("across a new year", [period("2022-11", "2023-02")], AS_OF, 4),
    ("day of month is ignored", [(d("2023-01-31"), d("2023-02-01"))], AS_OF, 2),
    # --- overlaps, nesting, adjacency, gaps
    ("gap between two", [period("2023-01", "2023-03"), period("2023-07", "2023-09")], AS_OF, 6),
    ("adjacent periods", [period("2023-01", "2023-03"), period("2023-04", "2023-06")], AS_OF, 6),
    ("share one month", [period("2023-01", "2023-03"), period("2023-03", "2023-05")], AS_OF, 5),
    ("partial overlap", [period("2023-01", "2023-06"), period("2023-04", "2023-09")], AS_OF, 9),
    ("nested", [period("2023-01", "2023-12"), period("2023-03", "2023-05")], AS_OF, 12),
    ("nested, inner first", [period("2023-03", "2023-05"), period("2023-01", "2023-12")], AS_OF, 12),
    (
        "three overlapping",
        [period("2023-01", "2023-06"), period("2023-03", "2023-08"), period("2023-05", "2023-10")],
        AS_OF,
        10,
    ),
    (
        "chain of overlaps bridging a gap",
        [period("2023-01", "2023-02"), period("2023-06", "2023-07"), period("2023-02", "2023-06")],
        AS_OF,
        7,
    ),
    ("every other month", [period(f"2023-{m:02d}", f"2023-{m:02d}") for m in (1, 3, 5, 7, 9, 11)], AS_OF, 6),
    (
        "twelve single months, unsorted",
        [period(f"2022-{m:02d}", f"2022-{m:02d}") for m in (7, 1, 12, 3, 9, 2, 11, 5, 4, 10, 8, 6)],
        AS_OF,
        12,
    ),
    # --- unsorted and duplicate input
    ("unsorted", [period("2023-07", "2023-09"), period("2023-01", "2023-03")], AS_OF, 6),
    ("exact duplicates", [period("2023-01", "2023-06"), period("2023-01", "2023-06")], AS_OF, 6),
    (
        "duplicates with different days",
        [(d("2023-01-02"), d("2023-06-03")), (d("2023-01-30"), d("2023-06-29"))],
        AS_OF,
        6,
    ),
    ("duplicate in-progress periods", [period("2026-01", None), period("2026-01", None)], AS_OF, 11),
    # --- in progress
    ("in progress since January", [period("2026-01", None)], AS_OF, 11),
    ("in progress, started this month", [period("2026-11-02", None)], AS_OF, 1),
    ("in progress, starts later this month", [period("2026-11-30", None)], AS_OF, 1),
    ("in progress, starts next month", [period("2026-12-01", None)], AS_OF, 0),
    ("in progress overlapping a finished one", [period("2026-01", "2026-06"), period("2026-03", None)], AS_OF, 11),
    ("in progress with a planned end overlapping", [period("2026-10", None), period("2026-09", "2027-06")], AS_OF, 3),
    ("finished period plus in progress after a gap", [period("2025-01", "2025-03"), period("2026-09", None)], AS_OF, 6),
    ("in progress since before the window", [period("2010-05", None)], AS_OF, 96),
    # --- the window's first edge (2018-12)
    ("only the window's first month", [period("2018-12", "2018-12")], AS_OF, 1),
    ("the month before the window", [period("2018-11", "2018-11")], AS_OF, 0),
    ("ends in the window's first month", [period("2017-06", "2018-12")], AS_OF, 1),
    ("straddles the window's start", [period("2018-01", "2019-03")], AS_OF, 4),
    ("overlap across the window's start", [period("2018-01", "2019-06"), period("2019-03", "2020-01")], AS_OF, 14),
    ("wholly before the window", [period("2010-01", "2018-11")], AS_OF, 0),
    # --- the window's last edge and future months
    ("only the month of as_of", [period("2026-11", "2026-11")], AS_OF, 1),
    ("ends later in the month of as_of", [(d("2026-09-01"), d("2026-11-30"))], AS_OF, 3),
    ("runs into the future", [period("2026-10", "2027-03")], AS_OF, 2),
    ("wholly in the future", [period("2027-01", "2027-03")], AS_OF, 0),
    ("covers more than the window", [period("2010-01", "2030-12")], AS_OF, 96),
    (
        "many periods covering everything",
        [period("2015-01", "2022-12"), period("2020-01", None), period("2019-06", "2027-01")],
        AS_OF,
        96,
    ),
    ("as_of on the first of the month", [period("2026-11", "2026-11")], d("2026-11-01"), 1),
    ("as_of in January, period from December", [period("2026-12", "2027-01")], d("2027-01-15"), 2),
    # --- leap days
    ("starts on a leap day", [(d("2024-02-29"), d("2024-03-01"))], AS_OF, 2),
    ("a leap day alone", [(d("2024-02-29"), d("2024-02-29"))], AS_OF, 1),
    ("as_of on a leap day", [period("2023-03", None)], d("2024-02-29"), 12),
    ("window ending on a leap day starts in March 2016", [period("2016-02", "2016-03")], d("2024-02-29"), 1),
    ("ends on a leap day", [(d("2023-12-01"), d("2024-02-29"))], AS_OF, 3),
    # --- other shapes of input
    ("periods as lists", [[d("2023-01-01"), d("2023-03-01")]], AS_OF, 3),
    ("datetimes count like dates", [(datetime(2023, 1, 31, 23, 59), datetime(2023, 2, 1, 0, 1))], AS_OF, 2),
]


@pytest.mark.parametrize(
    ("periods", "as_of", "expected"), [case[1:] for case in CASES], ids=[case[0] for case in CASES]
)
def test_experience_months(periods: list[tuple[date, date | None]], as_of: date, expected: int) -> None:
    assert experience_months(periods, as_of) == expected


def test_periods_from_a_generator_are_read_once() -> None:
    periods = (period(f"2023-{m:02d}", f"2023-{m:02d}") for m in (1, 2, 2, 5))
    assert experience_months(periods, AS_OF) == 3


def test_periods_from_a_set_and_a_tuple() -> None:
    periods = {period("2023-01", "2023-03"), period("2023-02", "2023-04")}
    assert experience_months(periods, AS_OF) == 4
    assert experience_months(tuple(periods), AS_OF) == 4


def test_counted_months_are_the_calendar_months_themselves() -> None:
    periods = [period("2023-11", "2024-01"), period("2023-12", "2024-02")]
    assert counted_months(periods, AS_OF) == {Month(2023, 11), Month(2023, 12), Month(2024, 1), Month(2024, 2)}


BAD_PERIODS = [
    ("end month before start month", [period("2024-05-01", "2024-04-30")]),
    ("end a year before start", [(d("2024-01-01"), d("2023-12-31"))]),
    ("one bad among good ones", [period("2023-01", "2023-03"), period("2023-09", "2023-08"), period("2024-01", None)]),
    ("bad and wholly in the future", [period("2030-05", "2030-01")]),
    ("bad and wholly before the window", [period("2010-05", "2010-01")]),
]


@pytest.mark.parametrize("periods", [case[1] for case in BAD_PERIODS], ids=[case[0] for case in BAD_PERIODS])
def test_a_period_ending_before_it_starts_is_refused(periods: list[tuple[date, date | None]]) -> None:
    with pytest.raises(ValueError, match="before it starts"):
        experience_months(periods, AS_OF)


def test_a_bad_period_from_a_generator_is_refused() -> None:
    with pytest.raises(ValueError, match="period 2"):
        experience_months((p for p in [period("2023-01", "2023-02"), period("2023-02", "2023-01")]), AS_OF)


@pytest.mark.parametrize(
    "bad",
    [
        (None, d("2024-01-01")),
        ("2024-01-01", None),
        (d("2024-01-01"), "2024-02-01"),
        (d("2024-01-01"),),
        d("2024-01-01"),
    ],
    ids=["no start", "text start", "text end", "one date", "not a pair"],
)
def test_a_period_of_the_wrong_shape_is_a_type_error(bad: object) -> None:
    with pytest.raises(TypeError, match="period 1"):
        experience_months([bad], AS_OF)  # type: ignore[list-item]


def _pmp() -> PmpRules:
    return default_rules().pmp


@pytest.mark.parametrize(("window", "expected"), [(12, 12), (24, 15), (96, 15)])
def test_the_window_length_comes_from_the_rule_set(window: int, expected: int) -> None:
    rules = changed(_pmp(), "window.months", window)
    # Sep 2025 to Nov 2026 is 15 months; a 12-month window keeps Dec 2025 to Nov 2026.
    assert experience_months([period("2025-09", None)], AS_OF, rules=rules) == expected


@pytest.mark.parametrize(
    ("straddling", "expected"),
    [("clip", 4 + 3), ("exclude", 3)],
)
def test_the_straddling_rule_comes_from_the_rule_set(straddling: str, expected: int) -> None:
    rules = changed(_pmp(), "window.straddling_projects", straddling)
    periods = [period("2018-01", "2019-03"), period("2020-01", "2020-03")]
    assert experience_months(periods, AS_OF, rules=rules) == expected
