"""Sample exports of every format read as rows: recognised by their header, odd durations, dates and time zones
read right, overlapping exports told apart by their rows' keys, malformed files refused with their reasons."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from learnpm.experience.core.imports.mapping import ColumnMapping, guess_mapping, shape_key
from learnpm.experience.core.imports.reading import ReadSettings, read_import
from learnpm.experience.core.imports.sheet import ImportRejected
from learnpm.experience.core.imports.trackers import recognise

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "imports"
TODAY = date(2026, 12, 1)


def read(name: str, **settings):
    path = FIXTURES / name
    return read_import(path.read_bytes(), path.name, ReadSettings(**settings), TODAY)


@pytest.mark.parametrize(
    ("name", "kind", "source", "rows", "hours", "groups"),
    [
        ("toggl/normal.csv", "tracker", "toggl", 4, "5", {"Adoption day", "Food drive"}),
        ("clockify/normal.csv", "tracker", "clockify", 5, "9", {"Shelter website", "Winter coat drive"}),
        ("harvest/normal.csv", "tracker", "harvest", 4, "5.5", {"Pantry relaunch", "Book sale"}),
        ("spreadsheet/times.csv", "spreadsheet", None, 3, "6.25", {"Book sale", "Pantry relaunch"}),
        ("calendar/weekly.ics", "calendar", "ics", 8, "11.5", {"Shelter committee call", "Dentist"}),
    ],
)
def test_a_normal_export_of_each_format_is_read_whole(name, kind, source, rows, hours, groups):
    reading = read(name)
    assert (reading.kind, reading.rows.problems) == (kind, ())
    assert source is None or reading.source == source
    assert len(reading.rows.rows) == rows
    assert sum(row.hours for row in reading.rows.rows) == Decimal(hours)
    assert {row.group for row in reading.rows.rows} == groups


def test_toggl_rows_keep_their_day_and_their_description_or_task():
    rows = read("toggl/normal.csv").rows.rows
    assert (rows[0].day, rows[0].hours, rows[0].activity, rows[0].client) == (
        date(2026, 10, 3), Decimal("1.5"), "Volunteer briefing", "Riverside Animal Shelter")
    assert rows[3].activity == "Stakeholders"  # no description: the task stands in


def test_odd_toggl_durations_are_read_as_they_are():
    rows = read("toggl/odd-durations.csv").rows.rows
    assert [(row.hours * 60).quantize(Decimal(1)) for row in rows] == [7, 77, 120, 600, 22]
    assert rows[2].day == date(2026, 10, 16)  # started before midnight: dated by its start


@pytest.mark.parametrize(
    ("name", "order", "days"),
    [
        ("clockify/normal.csv", None, [date(2026, 10, 13), date(2026, 10, 14)]),
        ("clockify/day-first.csv", None, [date(2026, 10, 13), date(2026, 11, 5)]),
        ("clockify/ambiguous.csv", "day_first", [date(2026, 10, 11), date(2026, 11, 11)]),
        ("clockify/ambiguous.csv", "month_first", [date(2026, 11, 10), date(2026, 11, 11)]),
        ("harvest/odd.csv", None, [date(2026, 10, 28), date(2026, 10, 29)]),
    ],
)
def test_slashed_days_are_read_in_the_order_the_file_gives_away_or_the_learner_chose(name, order, days):
    assert [row.day for row in read(name, date_order=order).rows.rows[:2]] == days


def test_an_ambiguous_date_column_asks_one_question_not_one_per_row():
    reading = read("clockify/ambiguous.csv")
    assert reading.rows.needs_date_order and reading.rows.rows == ()
    assert [str(p) for p in reading.rows.problems] == [
        "Date: every date could be read month first (03/05/2025) or day first (05/03/2025): say which"]


def test_harvest_twin_rows_stay_two_entries():
    rows = read("harvest/odd.csv").rows.rows
    twins = [row for row in rows if row.activity == "Stand-up"]
    assert len(twins) == 2 and twins[0].key != twins[1].key
    assert rows[0].hours == Decimal("0.2")  # Hours, the time worked, not Hours Rounded


@pytest.mark.parametrize(
    ("normal", "later", "shared"),
    [("toggl/normal.csv", "toggl/overlap.csv", 2), ("clockify/normal.csv", "clockify/overlap.csv", 2),
     ("harvest/normal.csv", "harvest/overlap.csv", 2), ("calendar/weekly.ics", "calendar/weekly-later.ics", 7),
     ("spreadsheet/my-hours.xlsx", "spreadsheet/my-hours-later.xlsx", 2)],
)
def test_an_overlapping_export_shares_the_keys_of_the_rows_it_repeats(normal, later, shared):
    mapping = ColumnMapping(day="Day", hours="Time spent", project="Project", activity="What I did")
    settings = {"mapping": mapping} if normal.endswith(".xlsx") else {}
    first = {row.key for row in read(normal, **settings).rows.rows}
    second = {row.key for row in read(later, **settings).rows.rows}
    assert len(first & second) == shared


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("toggl/malformed.csv", ["row 2, Duration: 'three hours' is not a duration",
                                 "row 3, Start date: '2026-13-05' is not a day"]),
        ("clockify/malformed.csv", ["row 2, Duration (h)", "row 3, Start Date: '31/31/2026' is not a day"]),
        ("harvest/malformed.csv", ["row 2, Hours: 'n/a' is not a duration", "row 3, Date: '2026-02-30' is not a day"]),
        ("spreadsheet/no-day.csv", ["Date: choose the column that holds the date"]),
        ("calendar/malformed.ics", ["row 1, Broken: its start, end or repeat rule cannot be read"]),
    ],
)
def test_a_malformed_file_names_each_problem_at_its_row(name, expected):
    problems = [str(problem) for problem in read(name).rows.problems]
    assert len(problems) == len(expected)
    for problem, start in zip(problems, expected, strict=True):
        assert problem.startswith(start), problem


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ((FIXTURES / "spreadsheet/broken.xlsx").read_bytes(), "not a workbook"),
        ((FIXTURES / "calendar/truncated.ics").read_bytes(), "not a calendar"),
        (b"", "empty"),
        ("Date,Hours\n2026-10-01,2\n".encode("utf-16"), "UTF-16"),
        (b"Date,Hours\n2026-10-01,2,extra\n", "has 3 values"),
        (b"Date,,Hours\n2026-10-01,,2\n", "no name"),
        (b"Date,Date\n2026-10-01,2026-10-02\n", "named twice"),
        (b"x" * 5_000_000, "the limit is"),
    ],
    ids=["broken workbook", "truncated calendar", "empty", "utf-16", "too wide", "unnamed column",
         "column twice", "too big"],
)
def test_a_file_that_cannot_be_read_at_all_is_refused_whole(content, words):
    with pytest.raises(ImportRejected) as caught:
        read_import(content, "file.ics" if b"VCALENDAR" in content else "file", ReadSettings(), TODAY)
    assert words in str(caught.value)


@pytest.mark.parametrize(
    ("name", "tracker"),
    [("toggl/normal.csv", "toggl"), ("clockify/normal.csv", "clockify"), ("harvest/normal.csv", "harvest"),
     ("spreadsheet/times.csv", None)],
)
def test_trackers_are_recognised_by_their_header(name, tracker):
    header = (FIXTURES / name).read_text(encoding="utf-8").splitlines()[0]
    found = recognise(header.split(";" if ";" in header else ","))
    assert (found[0].id if found else None) == tracker


def test_a_clockify_header_without_decimal_hours_reads_its_clock_duration():
    found = recognise(["Project", "Client", "Description", "Task", "Start Date", "Start Time", "Duration (h)"])
    assert found is not None and found[1].hours == "Duration (h)"


def test_a_spreadsheet_mapping_is_guessed_from_its_column_names_and_known_by_its_shape():
    assert guess_mapping(["Day", "Project", "What I did", "Time spent"]) == ColumnMapping(
        day="Day", hours="Time spent", project="Project", activity="What I did")
    assert guess_mapping(["Date", "Project", "From", "To", "Notes"]).as_dict() | {} == {
        "day": "Date", "hours": "", "start": "From", "end": "To", "project": "Project", "activity": "Notes",
        "client": ""}
    assert shape_key(["Day", "Project"]) == shape_key(["project ", "DAY"]) != shape_key(["Day", "Hours"])


def test_an_xlsx_sheet_reads_real_dates_times_and_numbers():
    mapping = ColumnMapping(day="Day", hours="Time spent", project="Project", activity="What I did")
    rows = read("spreadsheet/my-hours.xlsx", mapping=mapping).rows.rows
    assert [(row.day, row.hours) for row in rows] == [
        (date(2026, 10, 5), Decimal("1.5")), (date(2026, 10, 8), Decimal("2.75")),
        (date(2026, 10, 12), Decimal("3.25")), (date(2026, 10, 19), Decimal("1.75"))]
    assert rows[3].number == 6  # the blank row 5 is skipped, the numbering is the sheet's


def test_a_calendar_s_weekly_event_is_expanded_with_its_exceptions():
    rows = read("calendar/weekly.ics").rows.rows
    calls = sorted(row.day for row in rows if row.group == "Shelter committee call")
    assert calls == [date(2026, 10, 5), date(2026, 10, 12), date(2026, 10, 19), date(2026, 11, 2),
                     date(2026, 11, 10), date(2026, 11, 16), date(2026, 11, 23)]  # 26 Oct cut, 9 Nov moved


@pytest.mark.parametrize(
    ("zone", "days"),
    [
        ("Europe/London", [date(2026, 11, 3), date(2026, 11, 3), date(2026, 11, 5)]),
        ("America/New_York", [date(2026, 11, 2), date(2026, 11, 3), date(2026, 11, 5)]),
        ("Asia/Tokyo", [date(2026, 11, 3), date(2026, 11, 4), date(2026, 11, 5)]),
    ],
)
def test_calendar_events_are_dated_in_the_learner_s_time_zone(zone, days):
    reading = read("calendar/zones.ics", zone_name=zone)
    assert reading.zone_name == zone
    assert [row.day for row in reading.rows.rows] == days
    assert [row.hours for row in reading.rows.rows] == [Decimal(1), Decimal("1.25"), Decimal("2.5")]
    assert reading.rows.notes == ("1 all-day event(s), which hold no hours, were left out.",
                                  "1 cancelled event(s) were left out.")


def test_occurrences_still_to_come_are_left_out():
    reading = read_import((FIXTURES / "calendar/weekly.ics").read_bytes(), "weekly.ics", ReadSettings(),
                          date(2026, 10, 20))
    assert len([row for row in reading.rows.rows if row.group == "Shelter committee call"]) == 3
    assert reading.rows.notes == ("Events after today were left out: hours are logged once worked.",)
