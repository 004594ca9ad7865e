"""The plan of an import: every row to a project or left out with a reason, PMI's entry rules applied as for hand
entries, nothing twice, all or nothing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from learnpm.experience.core.entries import ProjectMonths
from learnpm.experience.core.imports.plan import NEW, SKIP, plan_import
from learnpm.experience.core.imports.reading import ReadSettings, read_import
from learnpm.experience.core.imports.rows import SourceRow, row_key
from learnpm.experience.core.months import Month

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "imports"
TODAY = date(2026, 12, 1)
AUTUMN = {"1": ProjectMonths(Month(2026, 9)), "2": ProjectMonths(Month(2026, 10), Month(2026, 11))}


def rows_of(name: str):
    path = FIXTURES / name
    return read_import(path.read_bytes(), path.name, ReadSettings(), TODAY).rows.rows


def plan(rows, choices, *, keys=(), hours=None, projects=None):
    return plan_import(rows, choices, projects=AUTUMN if projects is None else projects, imported_keys=keys,
                       existing_hours_by_day=hours or {}, today=TODAY)


def row(day: str, hours: str, group: str = "Adoption day", number: int = 2) -> SourceRow:
    return SourceRow(number, date.fromisoformat(day), Decimal(hours), group, "Work", "", row_key("t", [day, hours]))


def test_the_two_clockify_projects_map_to_two_learnpm_projects():
    result = plan(rows_of("clockify/normal.csv"), {"Shelter website": "1", "Winter coat drive": "2"})
    assert result.ok and len(result.entries) == 5 and result.hours == Decimal(9)
    assert {entry.target for entry in result.entries} == {"1", "2"}


def test_the_same_file_twice_adds_nothing_the_second_time():
    rows = rows_of("clockify/normal.csv")
    result = plan(rows, {"Shelter website": "1", "Winter coat drive": "2"}, keys={r.key for r in rows})
    assert result.ok and result.entries == ()
    assert {item.reason for item in result.left_out} == {"already in your log from an earlier import"}


def test_an_overlapping_export_adds_only_its_new_rows():
    first = rows_of("toggl/normal.csv")
    result = plan(rows_of("toggl/overlap.csv"), {"Adoption day": "1", "Food drive": "1"},
                  keys={r.key for r in first})
    assert [entry.row.activity for entry in result.entries] == ["Collection round", "Lessons learned"]


def test_odd_durations_are_rounded_to_the_quarter_hour_and_a_few_minutes_are_left_out():
    result = plan(rows_of("toggl/odd-durations.csv"), {"Adoption day": "1"})
    assert result.ok
    assert [(entry.duration, entry.hours) for entry in result.entries] == [
        ("1:17", Decimal("1.25")), ("2:00", Decimal(2)), ("10:00", Decimal(10)), ("0:23", Decimal("0.5"))]
    assert [item.reason for item in result.left_out] == ["0:07 is less than half the log's step"]


def test_a_project_left_out_leaves_out_its_rows():
    result = plan(rows_of("calendar/weekly.ics"), {"Shelter committee call": "1", "Dentist": SKIP})
    assert result.ok and len(result.entries) == 7
    assert [(item.row.group, item.reason) for item in result.left_out] == [("Dentist", "its project is left out")]


def test_a_new_project_is_made_from_the_tracker_s_name_ended_in_its_last_month():
    result = plan(rows_of("harvest/normal.csv"), {"Pantry relaunch": NEW, "Book sale": NEW})
    assert result.ok
    assert {(p.name, p.client, p.months) for p in result.new_projects} == {
        ("Pantry relaunch", "Eastside Food Bank", ProjectMonths(Month(2026, 10), Month(2026, 10))),
        ("Book sale", "City Library Friends", ProjectMonths(Month(2026, 11), Month(2026, 11)))}


PROBLEMS = [
    ("a day to come", [row("2026-12-05", "1")], {"Adoption day": "1"}, {}, "is in the future"),
    ("a day outside the project", [row("2026-08-05", "1")], {"Adoption day": "1"}, {}, "outside the project"),
    ("over 24 hours with the log", [row("2026-10-05", "6")], {"Adoption day": "1"},
     {date(2026, 10, 5): Decimal(20)}, "already logged"),
    ("over 24 hours within the file", [row("2026-10-05", "13"), row("2026-10-05", "12", number=3)],
     {"Adoption day": "1"}, {}, "a day holds at most 24"),
    ("no choice", [row("2026-10-05", "1")], {}, {}, "choose where the 1 row(s)"),
    ("an unknown project", [row("2026-10-05", "1")], {"Adoption day": "99"}, {}, "choose where"),
    ("a new project without a name", [row("2026-10-05", "1", group="")], {"": NEW}, {}, "cannot make one"),
    ("a new project's name too long", [row("2026-10-05", "1", group="n" * 81)], {"n" * 81: NEW}, {},
     "longer than the 80 characters"),
]


@pytest.mark.parametrize(("rows", "choices", "hours", "words"), [case[1:] for case in PROBLEMS],
                         ids=[case[0] for case in PROBLEMS])
def test_every_rule_of_a_hand_entry_applies_and_stops_the_whole_import(rows, choices, hours, words):
    result = plan(rows, choices, hours=hours)
    assert not result.ok
    assert any(words in problem.message for problem in result.problems), [str(p) for p in result.problems]


def test_a_malformed_row_s_problem_names_its_row():
    result = plan(rows_of("harvest/malformed.csv"), {"Pantry relaunch": "1"})
    assert [str(problem) for problem in result.problems] == [
        "row 4, date: 2036-10-20 (Pantry relaunch): 2036-10-20 is in the future; log hours once the work is done."]
