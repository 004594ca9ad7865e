"""The editable week: which rows and cells it shows, and what saving a typed grid changes or why it refuses."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from learnpm.experience.core.entries import ProjectMonths
from learnpm.experience.core.months import Month
from learnpm.experience.core.week_grid import (
    CellChange,
    GridProject,
    LoggedEntry,
    cell_name,
    first_hours_tags,
    plan_week,
    week_grid,
)

TODAY = date(2026, 11, 25)  # a Wednesday
MONDAY = date(2026, 11, 23)
WEB = GridProject("1", ProjectMonths(Month(2026, 3)))
FAIR = GridProject("2", ProjectMonths(Month(2026, 11), Month(2026, 11)))
OLD = GridProject("3", ProjectMonths(Month(2025, 1), Month(2025, 6)))
PROJECTS = {p.ref: p for p in (WEB, FAIR, OLD)}
LOG = [
    LoggedEntry(10, "1", date(2026, 11, 23), Decimal("3")),
    LoggedEntry(11, "2", date(2026, 11, 24), Decimal("2")),
    LoggedEntry(12, "2", date(2026, 11, 24), Decimal("1.5")),  # a second entry on the same cell
    LoggedEntry(13, "1", date(2026, 11, 16), Decimal("8")),  # another week
]


def grid(log=LOG):
    return week_grid([WEB, FAIR, OLD], log, TODAY, TODAY)


def cell(ref: str, day: str) -> str:
    return cell_name(ref, date.fromisoformat(day))


def test_the_grid_has_a_row_per_running_project_and_sums_the_week() -> None:
    sheet = grid()
    assert [row.project_ref for row in sheet.rows] == ["1", "2"]  # the 2025 project holds no hours that week
    assert sheet.days[0] == MONDAY and len(sheet.days) == 7
    assert sheet.day_totals[:3] == (Decimal(3), Decimal("3.5"), Decimal(0))
    assert sheet.total == Decimal("6.5") and sheet.rows[1].total == Decimal("3.5")


def test_a_finished_project_with_hours_that_week_keeps_its_row() -> None:
    sheet = week_grid([WEB, OLD], [LoggedEntry(20, "3", date(2026, 11, 24), Decimal(1))], TODAY, TODAY)
    assert [row.project_ref for row in sheet.rows] == ["1", "3"]
    assert not sheet.rows[1].cells[1].open  # outside its months: shown, not open for new hours


def test_cells_open_only_on_past_days_inside_the_project() -> None:
    web = grid().rows[0].cells
    assert [c.open for c in web] == [True, True, True, False, False, False, False]


def test_a_cell_with_several_entries_is_read_only() -> None:
    fair = grid().rows[1].cells[1]
    assert fair.hours == Decimal("3.5") and fair.entry_ids == (11, 12) and not fair.editable


@pytest.mark.parametrize(("typed", "expected"), [
    ({cell("1", "2026-11-23"): "4.5"}, [CellChange("1", date(2026, 11, 23), Decimal("4.5"), 10)]),
    ({cell("1", "2026-11-24"): "2"}, [CellChange("1", date(2026, 11, 24), Decimal(2), None)]),
    ({cell("1", "2026-11-23"): ""}, [CellChange("1", date(2026, 11, 23), None, 10)]),
    ({cell("1", "2026-11-23"): "0"}, [CellChange("1", date(2026, 11, 23), None, 10)]),
    ({cell("1", "2026-11-23"): " 3 "}, []),  # unchanged
    ({cell("1", "2026-11-23"): "3.00"}, []),
    ({cell("1", "2026-11-25"): ""}, []),  # empty stays empty
    ({cell("2", "2026-11-24"): "9"}, []),  # several entries: never edited here
    ({cell("9", "2026-11-24"): "9"}, []),  # not a row of the grid (another learner's project)
    ({}, []),
])
def test_what_saving_changes(typed, expected) -> None:
    plan = plan_week(grid(), typed, PROJECTS, TODAY)
    assert not plan.problems
    assert list(plan.changes) == expected


@pytest.mark.parametrize(("typed", "message"), [
    ("1.3", "Log hours in steps of 0.25 (15 minutes)."),
    ("abc", "Give a number like 1.5."),
    ("2,5", "Give a number like 1.5; use a dot for decimals."),
    ("-2", "Give a number of zero or more."),
    ("25", "At most 24 hours."),
    ("1.125", "Use at most two decimals."),
])
def test_a_bad_amount_is_refused_at_its_cell(typed, message) -> None:
    name = cell("1", "2026-11-24")
    plan = plan_week(grid(), {name: typed, cell("1", "2026-11-23"): "5"}, PROJECTS, TODAY)
    assert plan.problems == {name: message}
    assert plan.changes == ()  # the good cell is not saved either


def test_a_future_day_is_refused() -> None:
    name = cell("1", "2026-11-26")
    plan = plan_week(grid(), {name: "2"}, PROJECTS, TODAY)
    assert plan.problems == {name: "2026-11-26 is in the future; log hours once the work is done."}


def test_a_day_outside_the_project_is_refused() -> None:
    sheet = week_grid([OLD], [LoggedEntry(20, "3", date(2026, 11, 24), Decimal(1))], TODAY, TODAY)
    name = cell("3", "2026-11-23")
    plan = plan_week(sheet, {name: "2"}, PROJECTS, TODAY)
    assert "outside the project's months" in plan.problems[name]


def test_removing_hours_outside_the_project_is_allowed() -> None:
    sheet = week_grid([OLD], [LoggedEntry(20, "3", date(2026, 11, 24), Decimal(1))], TODAY, TODAY)
    plan = plan_week(sheet, {cell("3", "2026-11-24"): ""}, PROJECTS, TODAY)
    assert plan.changes == (CellChange("3", date(2026, 11, 24), None, 20),) and not plan.problems


def test_the_daily_limit_counts_every_row_of_the_grid() -> None:
    web, fair = cell("1", "2026-11-25"), cell("2", "2026-11-25")
    plan = plan_week(grid(), {web: "14", fair: "11"}, PROJECTS, TODAY)
    message = "Wed 25 Nov would hold 25 h across your projects; a day holds at most 24."
    assert plan.problems == {web: message, fair: message} and plan.changes == ()


def test_the_daily_limit_counts_the_read_only_cells() -> None:
    name = cell("1", "2026-11-24")
    plan = plan_week(grid(), {name: "21"}, PROJECTS, TODAY)
    assert plan.problems == {name: "Tue 24 Nov would hold 24.5 h across your projects; a day holds at most 24."}
    assert plan_week(grid(), {name: "20.5"}, PROJECTS, TODAY).changes


def test_moving_hours_between_rows_on_a_full_day_is_allowed() -> None:
    log = [LoggedEntry(1, "1", date(2026, 11, 25), Decimal(20)), LoggedEntry(2, "2", date(2026, 11, 25), Decimal(4))]
    sheet = week_grid([WEB, FAIR], log, TODAY, TODAY)
    plan = plan_week(sheet, {cell("1", "2026-11-25"): "10", cell("2", "2026-11-25"): "14"}, PROJECTS, TODAY)
    assert not plan.problems and len(plan.changes) == 2


def test_a_day_already_over_the_limit_refuses_only_a_raise() -> None:
    log = [LoggedEntry(1, "1", date(2026, 11, 25), Decimal(20)), LoggedEntry(2, "2", date(2026, 11, 25), Decimal(6))]
    sheet = week_grid([WEB, FAIR], log, TODAY, TODAY)
    lowered = plan_week(sheet, {cell("1", "2026-11-25"): "19"}, PROJECTS, TODAY)
    assert not lowered.problems
    raised = plan_week(sheet, {cell("2", "2026-11-25"): "7"}, PROJECTS, TODAY)
    assert set(raised.problems) == {cell("2", "2026-11-25")}


def test_every_wrong_cell_gets_its_own_message() -> None:
    typed = {cell("1", "2026-11-23"): "x", cell("1", "2026-11-27"): "1", cell("2", "2026-11-25"): "0.1"}
    plan = plan_week(grid(), typed, PROJECTS, TODAY)
    assert set(plan.problems) == set(typed)


def test_removals_are_listed() -> None:
    plan = plan_week(grid(), {cell("1", "2026-11-23"): "", cell("1", "2026-11-24"): "1"}, PROJECTS, TODAY)
    assert [change.entry_id for change in plan.removals] == [10]


@pytest.mark.parametrize(("breakdown", "chosen", "tags"), [
    ("process_group", "PL", (["PL"], [])),
    ("process_group", "", ([], [])),
    ("domain", "people", ([], ["people"])),
    ("process_group", "people", None),
    ("domain", "PL", None),
    ("process_group", "XX", None),
])
def test_a_project_s_first_hours_are_tagged_as_its_row_says(breakdown, chosen, tags) -> None:
    assert first_hours_tags(breakdown, chosen) == tags
