"""The printed month calendar: the runs of counted months it lists, and the picture it draws."""

from __future__ import annotations

import re
from xml.etree import ElementTree

import pytest

from learnpm.documents.core.calendar import calendar_svg, counted_spans
from learnpm.experience.core.summary import MONTH_NAMES, CalendarYear

SVG = "{http://www.w3.org/2000/svg}"


def year(number: int, statuses: dict[int, str], inside: bool = True) -> CalendarYear:
    """Return a calendar row whose months (1 to 12) have the given statuses and no project otherwise."""
    return CalendarYear(number, tuple((name, statuses.get(month), inside)
                                      for month, name in enumerate(MONTH_NAMES, start=1)))


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([year(2025, {})], []),
        ([year(2025, {3: "counted"})], ["March 2025 (1 month)"]),
        ([year(2025, {3: "counted", 4: "overlap", 5: "overlap", 6: "counted"})], ["March 2025 – June 2025 (4 months)"]),
        ([year(2024, {11: "counted", 12: "counted"}), year(2025, {1: "overlap", 2: "counted"})],
         ["November 2024 – February 2025 (4 months)"]),
        ([year(2025, {1: "counted", 2: "counted", 4: "counted"})],
         ["January 2025 – February 2025 (2 months)", "April 2025 (1 month)"]),
        ([year(2024, {12: "counted"}), year(2025, {}), year(2026, {1: "counted"})],
         ["December 2024 (1 month)", "January 2026 (1 month)"]),
        ([year(2017, {5: "outside_window", 6: "outside_window"}), year(2026, {11: "future", 12: "future"})], []),
    ],
)
def test_counted_spans_are_the_runs_of_months_pmi_counts(rows, expected):
    assert counted_spans(rows) == expected


def as_plain(rows: list[CalendarYear]) -> list[dict]:
    """Return calendar rows as the worksheet's context holds them."""
    return [{"year": row.year, "months": [{"name": name, "status": status, "inside": inside}
                                          for name, status, inside in row.months]} for row in rows]


def test_the_calendar_is_one_picture_titled_with_what_it_shows():
    rows = as_plain([year(2024, {}, inside=False),
                     year(2025, {3: "counted", 4: "overlap", 9: "outside_window", 12: "future"})])
    svg = ElementTree.fromstring(str(calendar_svg(rows, "Counted: March 2025 – April 2025 <2 months>")))
    assert svg.find(f"{SVG}title").text == "Counted: March 2025 – April 2025 <2 months>"
    texts = "".join(svg.itertext())
    assert all(name in texts for name in MONTH_NAMES) and "2024" in texts and "2025" in texts
    boxes = sum(len(re.findall("z", path.get("d"))) for path in svg.iter(f"{SVG}path") if path.get("stroke") is None)
    assert boxes == 24 + 3  # a box for each month, and a filled mark for the counted, overlapping and planned ones
    assert len([path for path in svg.iter(f"{SVG}path") if path.get("stroke")]) == 1  # a ring outside the window


def test_an_empty_calendar_still_draws():
    assert "<title>Nothing yet</title>" in str(calendar_svg([], "Nothing yet"))
