"""The month calendar of a printed document, drawn as one SVG picture. Pure.

Laid out as a table, the calendar costs WeasyPrint a box, a background and a border for each of its hundred-odd
months; drawn as a picture it is a few paths, one per kind of month, and a line of text per row.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from html import escape
from typing import Any

from markupsafe import Markup

LABEL_WIDTH, CELL_WIDTH, CELL_HEIGHT, GAP = 40, 53, 15, 1.5
SHADES = {None: "#eef1f5", "outside": "#f8f9fb", "counted": "#0b6e4f", "overlap": "#073f2d",
          "outside_window": "#c7ccd3", "future": "#eef1f5"}
MARKS = {"counted": ('fill="#ffffff"', "circle"), "overlap": ('fill="#ffbf47"', "diamond"),
         "outside_window": ('fill="none" stroke="#4a5563" stroke-width="0.8"', "ring"),
         "future": ('fill="#4a5563"', "dot")}


def counted_spans(calendar: Iterable[Any]) -> list[str]:
    """Return each run of consecutive counted months, e.g. "March 2025 – June 2025 (4 months)"."""
    runs: list[tuple[date, date]] = []
    for row in calendar:
        for number, (_name, status, _inside) in enumerate(row.months, start=1):
            month = date(row.year, number, 1)
            if status not in ("counted", "overlap"):
                continue
            if runs and _months_between(runs[-1][1], month) == 2:
                runs[-1] = (runs[-1][0], month)
            else:
                runs.append((month, month))
    return [_span(first, last) for first, last in runs]


def _months_between(first: date, last: date) -> int:
    """Return how many months run from `first` to `last`, both included."""
    return (last.year - first.year) * 12 + last.month - first.month + 1


def _span(first: date, last: date) -> str:
    """Render a run of months as the worksheet prints it."""
    count = _months_between(first, last)
    if count == 1:
        return f"{first:%B %Y} (1 month)"
    return f"{first:%B %Y} – {last:%B %Y} ({count} months)"


def _box(x: float, y: float) -> str:
    """Return the path of one month's box."""
    return f"M{x:g} {y:g}h{CELL_WIDTH - GAP:g}v{CELL_HEIGHT - GAP:g}h{GAP - CELL_WIDTH:g}z"


def _mark(kind: str, cx: float, cy: float) -> str:
    """Return the path of the mark that tells a month's status apart without colour."""
    if kind == "diamond":
        return f"M{cx:g} {cy - 3.5:g}l3.5 3.5l-3.5 3.5l-3.5-3.5z"
    r = {"circle": 3, "ring": 3, "dot": 1.2}[kind]
    return f"M{cx - r:g} {cy:g}a{r:g} {r:g} 0 1 0 {2 * r:g} 0a{r:g} {r:g} 0 1 0 {-2 * r:g} 0z"


def _paths(rows: Sequence[dict[str, Any]]) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Group the months' boxes by shade and their marks by status, so that each group is drawn as one path."""
    boxes: dict[str, list[str]] = {}
    marks: dict[str, list[str]] = {}
    for row_number, row in enumerate(rows):
        y = CELL_HEIGHT * (row_number + 1)
        for column, month in enumerate(row["months"]):
            x = LABEL_WIDTH + CELL_WIDTH * column
            status = month["status"]
            shade = status if status else (None if month["inside"] else "outside")
            boxes.setdefault(SHADES[shade], []).append(_box(x, y))
            if status in MARKS:
                paint, kind = MARKS[status]
                centre = (x + (CELL_WIDTH - GAP) / 2, y + (CELL_HEIGHT - GAP) / 2)
                marks.setdefault(paint, []).append(_mark(kind, *centre))
    return boxes, marks


def calendar_svg(rows: Sequence[dict[str, Any]], title: str) -> Markup:
    """Return the calendar (one row per year, one box per month) as inline SVG whose title describes it."""
    width, height = LABEL_WIDTH + CELL_WIDTH * 12, CELL_HEIGHT * (len(rows) + 1)
    boxes, marks = _paths(rows)
    names = [month["name"] for month in rows[0]["months"]] if rows else []
    header = "".join(f'<tspan x="{LABEL_WIDTH + CELL_WIDTH * (n + 0.5) - GAP / 2:g}">{escape(name)}</tspan>'
                     for n, name in enumerate(names))
    years = "".join(f'<tspan x="2" y="{CELL_HEIGHT * (n + 1) + 10.5:g}">{row["year"]}</tspan>'
                    for n, row in enumerate(rows))
    shapes = "".join(f'<path fill="{colour}" d="{"".join(parts)}"/>' for colour, parts in boxes.items())
    shapes += "".join(f'<path {paint} d="{"".join(parts)}"/>' for paint, parts in marks.items())
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'font-family="DejaVu Sans" font-size="10" font-weight="bold" fill="#1b1f24"><title>{escape(title)}</title>'
        f'<text y="11" text-anchor="middle">{header}</text><text>{years}</text>{shapes}</svg>'
    )
