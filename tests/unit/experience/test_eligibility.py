"""Beside the count: the calendar, each PMP path, the CAPM, when eligibility comes, and what is about to expire.

Expected values are worked out by hand; AS_OF = 2026-11-25, so the window is 2018-12 to 2026-11.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from learnpm.experience.core.eligibility import (
    Period,
    capm_status,
    experience_calendar,
    experience_projection,
    experience_window,
    months_falling_out,
    path_status,
    path_statuses,
)
from learnpm.experience.core.months import Month, MonthSpan
from learnpm.experience.core.rules.library import default_rules

from ._support import AS_OF, changed, period


def months(*texts: str) -> frozenset[Month]:
    return frozenset(Month.parse(text) for text in texts)


def test_the_window_is_96_months_ending_with_the_month_of_as_of() -> None:
    assert experience_window(AS_OF) == MonthSpan(Month(2018, 12), Month(2026, 11))


def test_the_calendar_sorts_every_covered_month() -> None:
    periods = [
        period("2018-10", "2019-01"),  # two months before the window, two inside
        period("2024-01", "2024-04"),
        period("2024-03", None),  # in progress: overlaps March and April 2024
        period("2026-10", "2027-01"),  # planned to the future: December and January are future
    ]
    calendar = experience_calendar(periods, AS_OF)
    assert calendar.outside_window == months("2018-10", "2018-11")
    assert calendar.overlapping == months("2024-03", "2024-04", "2026-10", "2026-11")
    assert calendar.future == months("2026-12", "2027-01")
    # 2 + (Jan 2024 .. Nov 2026 = 35) months count.
    assert len(calendar.counted) == 37
    assert months("2018-12", "2019-01", "2024-01", "2026-11") <= calendar.counted


@pytest.mark.parametrize(
    ("month", "status"),
    [
        ("2018-11", "outside_window"),
        ("2018-12", "counted"),
        ("2024-03", "overlap"),
        ("2027-01", "future"),
        ("2020-06", None),
    ],
)
def test_the_status_of_a_month_on_the_calendar(month: str, status: str | None) -> None:
    periods = [period("2018-11", "2018-12"), period("2024-01", "2024-04"), period("2024-03", "2027-01")]
    assert experience_calendar(periods, AS_OF).status(Month.parse(month)) == status


def test_a_straddling_project_shows_outside_the_window_when_the_rules_exclude_it() -> None:
    rules = changed(default_rules().pmp, "window.straddling_projects", "exclude")
    calendar = experience_calendar([period("2018-11", "2019-01")], AS_OF, rules=rules)
    assert calendar.counted == frozenset()
    assert calendar.outside_window == months("2018-11", "2018-12", "2019-01")


PATHS = [
    # path, months, contact hours, active CAPM, eligible, months missing, hours missing
    ("secondary", 60, 35, False, True, 0, "0"),
    ("secondary", 59, 35, False, False, 1, "0"),
    ("secondary", 96, 34.75, False, False, 0, "0.25"),
    ("secondary", 60, 0, True, True, 0, "0"),
    ("degree", 36, 35, False, True, 0, "0"),
    ("degree", 35, 40, False, False, 1, "0"),
    ("degree", 0, 0, False, False, 36, "35"),
    ("gac", 24, 35, False, True, 0, "0"),
    ("gac", 23, 0, True, False, 1, "0"),
    ("gac", 24, Decimal("12.5"), False, False, 0, "22.5"),
]


@pytest.mark.parametrize(("path", "count", "hours", "capm", "eligible", "missing", "hours_missing"), PATHS)
def test_path_status(
    path: str, count: int, hours: float, capm: bool, eligible: bool, missing: int, hours_missing: str
) -> None:
    status = path_status(path, count, hours, capm)
    assert (status.eligible, status.months_missing, status.contact_hours_missing) == (
        eligible,
        missing,
        Decimal(hours_missing),
    )


def test_every_path_in_the_rule_sets_order() -> None:
    statuses = path_statuses(40, 35, False)
    assert [(s.path_id, s.months_required, s.eligible) for s in statuses] == [
        ("secondary", 60, False),
        ("degree", 36, True),
        ("gac", 24, True),
    ]


def test_an_active_capm_counts_only_when_the_rule_set_says_so() -> None:
    rules = changed(default_rules().pmp, "pm_education.active_capm_counts", False)
    assert not path_status("gac", 30, 0, True, rules=rules).eligible


def test_an_unknown_path_is_named() -> None:
    with pytest.raises(KeyError, match="phd"):
        path_status("phd", 30, 35, False)


@pytest.mark.parametrize(
    ("hours", "eligible", "missing"), [(23, True, "0"), (40, True, "0"), (22.75, False, "0.25"), (0, False, "23")]
)
def test_capm_needs_23_contact_hours(hours: float, eligible: bool, missing: str) -> None:
    status = capm_status(hours)
    assert (status.eligible, status.contact_hours_missing) == (eligible, Decimal(missing))


PROJECTIONS = [
    # case, periods, path, status, eligible from, months counted now
    ("already eligible", [period("2020-01", "2024-12")], "secondary", "eligible", "2026-11", 60),
    ("in progress reaches 36", [period("2026-01", None)], "degree", "on_track", "2028-12", 11),
    ("nothing in progress", [period("2024-01", "2024-12")], "gac", "never", None, 12),
    ("nothing at all", [], "gac", "never", None, 0),
    ("a planned end just long enough", [period("2026-01", "2027-12")], "gac", "on_track", "2027-12", 11),
    ("a planned end too short", [period("2026-01", "2027-06")], "gac", "never", None, 11),
    ("in progress from a later month", [period("2027-03", None)], "gac", "on_track", "2029-02", 0),
    # Old months leave the window as fast as new ones come, until the old ones are gone (Dec 2028);
    # from then on every month adds one: 36 + 24 months later is Dec 2030.
    (
        "old months fall out while new ones come",
        [period("2018-12", "2020-12"), period("2026-01", None)],
        "secondary",
        "on_track",
        "2030-12",
        36,
    ),
]


@pytest.mark.parametrize(
    ("periods", "path", "status", "month", "counted"),
    [case[1:] for case in PROJECTIONS],
    ids=[case[0] for case in PROJECTIONS],
)
def test_when_eligibility_comes(periods: list[Period], path: str, status: str, month: str | None, counted: int) -> None:
    projection = experience_projection(periods, AS_OF, path)
    assert projection.status == status
    assert projection.eligible_from == (Month.parse(month) if month else None)
    assert projection.months_counted == counted


def test_the_months_still_missing() -> None:
    projection = experience_projection([period("2024-01", "2024-12")], AS_OF, "secondary")
    assert (projection.months_required, projection.months_missing) == (60, 48)


FALLING_OUT = [
    # periods, within, [(month, the first month it no longer counts in)]
    (
        [period("2018-12", "2019-03")],
        6,
        [("2018-12", "2026-12"), ("2019-01", "2027-01"), ("2019-02", "2027-02"), ("2019-03", "2027-03")],
    ),
    ([period("2018-12", "2019-03")], 2, [("2018-12", "2026-12"), ("2019-01", "2027-01")]),
    ([period("2018-12", "2019-03")], 0, []),
    ([period("2010-01", "2018-11")], 12, []),
    ([period("2020-01", None)], 12, []),
    ([period("2018-12", "2018-12"), period("2019-05", "2019-05")], 6, [("2018-12", "2026-12"), ("2019-05", "2027-05")]),
    ([period("2018-12", "2018-12"), period("2019-05", "2019-05")], 5, [("2018-12", "2026-12")]),
    # Overlapping periods: the month leaves once, whichever period covered it.
    (
        [period("2018-06", "2019-01"), period("2018-12", "2019-02")],
        3,
        [("2018-12", "2026-12"), ("2019-01", "2027-01"), ("2019-02", "2027-02")],
    ),
]


@pytest.mark.parametrize(("periods", "within", "expected"), FALLING_OUT)
def test_months_about_to_fall_out_of_the_window(
    periods: list[Period], within: int, expected: list[tuple[str, str]]
) -> None:
    found = months_falling_out(periods, AS_OF, within)
    assert [(str(item.month), str(item.stops_counting)) for item in found] == expected


def test_under_the_exclude_rule_a_project_leaves_whole_when_the_window_passes_its_start() -> None:
    rules = changed(default_rules().pmp, "window.straddling_projects", "exclude")
    found = months_falling_out([period("2018-12", "2019-02")], AS_OF, 1, rules=rules)
    assert [(str(item.month), str(item.stops_counting)) for item in found] == [
        ("2018-12", "2026-12"),
        ("2019-01", "2026-12"),
        ("2019-02", "2026-12"),
    ]


def test_a_negative_horizon_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        months_falling_out([], AS_OF, -1)


def test_thresholds_come_from_the_rule_set() -> None:
    rules = changed(
        default_rules().pmp, "paths", (default_rules().pmp.paths[2].model_copy(update={"experience_months": 3}),)
    )
    assert experience_projection(
        [period("2026-10", None)], date(2026, 11, 1), "gac", rules=rules
    ).eligible_from == Month(2026, 12)
