"""The body of the dashboard's month calendar, written in Python: twelve cells a year, each with its words for a
screen reader, were most of the dashboard's template time for a log of many years."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

from learnpm.experience.core.summary import CalendarYear

COUNTED = ("counted", "overlap")  # the statuses drawn as a full dot; the others (outside, future) as an empty one


def status_words(window_months: int) -> dict[str, str]:
    """Return what each status of a month means, in the words a screen reader says."""
    return {"counted": "counted", "overlap": "counted once, projects overlap",
            "outside_window": f"outside the {window_months}-month window", "future": "planned, not yet counted"}


def calendar_body(rows: Sequence[CalendarYear], window_months: int) -> Markup:
    """Return the calendar's rows: a header cell per year, then a cell per month classed by its status."""
    words = {status: escape(text) for status, text in status_words(window_months).items()}
    written = []
    for row in rows:
        written.append(f'<tr><th scope="row">{row.year}</th>')
        for name, status, inside in row.months:
            classes = f"m-{status or 'none'}" if inside else f"m-{status or 'none'} m-out"
            if status:
                mark = "●" if status in COUNTED else "○"
                written.append(f'<td class="{classes}"><span class="visually-hidden">{escape(name)} {row.year}: '
                               f'{words[status]}</span><span aria-hidden="true">{mark}</span></td>')
            else:
                written.append(f'<td class="{classes}"></td>')
        written.append("</tr>\n")
    return Markup("".join(written))
