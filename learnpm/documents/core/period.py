"""The months a document covers, as asked for on the site or the command line."""

from __future__ import annotations

from datetime import date

from learnpm.experience.core.months import Month

Period = tuple[date | None, date | None]


def parse_period(first: str | None, last: str | None) -> Period:
    """Return the first day of `first` and the last day of `last` (YYYY-MM, each optional).

    Raise ValueError when a month is malformed or the period ends before it starts.
    """
    start = Month.parse(first).first_day() if first else None
    end = Month.parse(last).last_day() if last else None
    if start and end and end < start:
        raise ValueError("the period ends before it starts")
    return start, end
