"""The hours as a workbook: a summary, a sheet per project with its entries and its totals by month."""

from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal

from openpyxl import load_workbook

from learnpm.experience.core.entries import Entry
from learnpm.experience.core.workbook import WorkbookProject, hours_workbook

PROJECTS = [WorkbookProject("1", "Spring adoption day", "March 2025 – June 2025"),
            WorkbookProject("2", "Food drive / winter: a much longer title than a sheet takes", "May 2025 – in progress"),
            WorkbookProject("3", "Spring adoption day", "2024")]
ENTRIES = [
    Entry("1", date(2025, 3, 5), Decimal("1.5"), "Briefing", frozenset({"PL"}), frozenset({"people"})),
    Entry("1", date(2025, 3, 20), Decimal("2.25"), "=HYPERLINK(\"http://x\")"),
    Entry("1", date(2025, 4, 2), Decimal(4), "Venue", notes="@mention"),
    Entry("2", date(2025, 5, 1), Decimal("0.75"), "Rota"),
]


def book():
    return load_workbook(io.BytesIO(hours_workbook(PROJECTS, ENTRIES, {"people": "People"})))


def test_a_sheet_per_project_with_names_excel_takes():
    assert book().sheetnames == ["Summary", "Spring adoption day", "Food drive   winter  a much lon",
                                 "Spring adoption day (2)"]


def test_each_project_sheet_lists_its_entries_and_totals_by_month():
    rows = [tuple(cell for cell in row) for row in book()["Spring adoption day"].iter_rows(values_only=True)]
    assert rows[3][:3] == ("Date", "Hours", "What you did")
    assert rows[4][:5] == (datetime(2025, 3, 5), 1.5, "Briefing", "PL", "People")
    months = {row[0]: row[1] for row in rows if row[0] in ("March 2025", "April 2025", "Total")}
    assert months == {"March 2025": 3.75, "April 2025": 4, "Total": 7.75}


def test_the_summary_totals_every_project():
    rows = list(book()["Summary"].iter_rows(values_only=True))
    assert rows[1] == ("Spring adoption day", "March 2025 – June 2025", 3, 7.75)
    assert rows[-1] == ("Total", None, 4, 8.5)


def test_text_that_looks_like_a_formula_stays_text():
    sheet = book()["Spring adoption day"]
    cells = [cell for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]
    formula = next(cell for cell in cells if cell.value.startswith("=HYPERLINK"))
    assert formula.data_type == "s"
