"""CSV import and export of projects: a round trip keeps every field; a malformed file gives every problem."""

from __future__ import annotations

import codecs

import pytest

from learnpm.experience.core.csv.records import (
    ProjectRecord,
    Verifier,
    parse_projects_csv,
    project_columns,
    write_projects_csv,
)
from learnpm.experience.core.description import DescriptionParts
from learnpm.experience.core.entries import ProjectMonths
from learnpm.experience.core.months import Month

WEB = ProjectMonths(Month(2026, 1))

PROJECTS = [
    ProjectRecord(
        ref="web",
        title="Food bank sign-up, online",
        organization="Eastside Food Bank",
        job_title="Volunteer project lead",
        functional_reporting_area="information-technology",
        organization_primary_focus="nonprofit",
        approach="agile",
        team_size="5-9",
        budget="other",
        months=WEB,
        description=DescriptionParts(
            objective="Replace paper sign-up with an online form.",
            role="Led a team of five volunteers.",
            sections={"IN": 'Wrote the charter, with "quotes", commas', "EX": "=SUM(A1) is text, not a formula"},
            outcome="Sign-ups online in May.\nWaiting times halved.",
        ),
        verifier=Verifier(
            "Ana Ruiz", "Coordinator", "Eastside Food Bank", "ana@example.org", "+1 555 0100", "supervisor"
        ),
    ),
    ProjectRecord(
        ref="old",
        title="Café reopening — phase 2",
        organization="Müller & Söhne",
        job_title="PM",
        functional_reporting_area="other",
        functional_reporting_area_other="Shop fitting",
        organization_primary_focus="retail",
        approach="hybrid",
        team_size="20-plus",
        budget="1m-5m",
        months=ProjectMonths(Month(2020, 1), Month(2020, 6)),
        description=DescriptionParts(
            objective="'Twas a refit.", sections={"people": "-Coached", "process": "@planned"}, breakdown="domain"
        ),
    ),
]


def test_projects_round_trip() -> None:
    result = parse_projects_csv(write_projects_csv(PROJECTS))
    assert result.problems == ()
    assert result.rows == tuple(PROJECTS)


def test_the_written_file_is_utf8_with_a_bom_and_formulas_are_defused() -> None:
    data = write_projects_csv(PROJECTS)
    assert data.startswith(codecs.BOM_UTF8)
    text = data.decode("utf-8-sig")
    assert "'=SUM(A1)" in text and "''Twas" in text and "'-Coached" in text and "'@planned" in text
    assert text.splitlines()[0] == ",".join(project_columns())


def projects_file(**changes: str) -> bytes:
    values = dict.fromkeys(project_columns(), "")
    values |= {
        "ref": "web",
        "title": "Sign-up",
        "organization": "Food bank",
        "job_title": "Lead",
        "functional_reporting_area": "other",
        "functional_reporting_area_other": "Volunteering",
        "organization_primary_focus": "nonprofit",
        "approach": "agile",
        "team_size": "1-4",
        "budget": "other",
        "start_month": "2026-01",
    }
    values |= changes
    return (",".join(values) + "\n" + ",".join(values.values()) + "\n").encode()


def test_a_project_with_labels_for_options_and_an_empty_breakdown() -> None:
    result = parse_projects_csv(
        projects_file(approach="Predictive (waterfall)", team_size="20 OR MORE", section_pl="Planned.")
    )
    record = result.rows[0]
    assert (record.approach, record.team_size) == ("predictive", "20-plus")
    assert record.description.breakdown == "process_group" and record.description.sections == {"PL": "Planned."}
    assert record.months == ProjectMonths(Month(2026, 1), None)


PROJECT_PROBLEMS = [
    ({"title": ""}, ["row 2, title: is required"]),
    ({"start_month": "2026-1"}, ["row 2, start_month: '2026-1' is not a month; write YYYY-MM, e.g. 2024-03"]),
    ({"start_month": ""}, ["row 2, start_month: is required"]),
    ({"end_month": "2025-12"}, ["row 2, end_month: the project ends (2025-12) before it starts (2026-01)"]),
    ({"end_month": "2026-13"}, ["row 2, end_month: month must be 1 to 12, not 13"]),
    (
        {"approach": "scrumfall"},
        ["row 2, approach: 'scrumfall' is not an option; use one of predictive, agile, hybrid, iterative, other"],
    ),
    ({"breakdown": "domains"}, ["row 2, breakdown: 'domains' is neither process_group nor domain"]),
    ({"section_people": "Coached."}, ["row 2, section_people: is filled, but the breakdown is process_group"]),
]


@pytest.mark.parametrize(("changes", "expected"), PROJECT_PROBLEMS)
def test_a_malformed_projects_file(changes: dict[str, str], expected: list[str]) -> None:
    result = parse_projects_csv(projects_file(**changes))
    assert result.rows == ()
    assert [str(problem) for problem in result.problems] == expected


def test_a_reference_used_twice() -> None:
    data = projects_file()
    data += data.splitlines(keepends=True)[1]
    assert [str(p) for p in parse_projects_csv(data).problems] == ["row 3, ref: 'web' is used by an earlier row"]


def test_a_projects_file_with_a_missing_column_or_in_latin_1() -> None:
    data = projects_file()
    without_budget = data.replace(b",budget,", b",").replace(b",other,2026-01", b",2026-01")
    assert [str(p) for p in parse_projects_csv(without_budget).problems][:1] == ["row 1: missing column(s): budget"]
    latin = data.replace(b"Food bank", "Banque alimentaire de l'Île".encode("latin-1"))
    assert parse_projects_csv(latin).problems[0].message.startswith("The file is not UTF-8: byte 0xCE on line 2")


def test_a_file_written_before_the_other_columns_and_the_new_bands_still_reads() -> None:
    old_columns = [c for c in project_columns() if not c.endswith("_other")]
    values = dict.fromkeys(old_columns, "") | {
        "ref": "old", "title": "Shelter move", "organization": "Shelter", "job_title": "Lead",
        "functional_reporting_area": "operations", "organization_primary_focus": "nonprofit", "approach": "agile",
        "team_size": "100-plus", "budget": "other", "start_month": "2024-01", "end_month": "2024-06"}
    result = parse_projects_csv((",".join(values) + "\n" + ",".join(values.values()) + "\n").encode())
    assert result.problems == ()
    assert result.rows[0].team_size == "20-plus" and result.rows[0].functional_reporting_area_other == ""
