"""The period the hours charts cover, and its hours as bars few enough to read.

By default a chart covers every month from the first one holding hours to this month, so that imported older hours
show. A long period is grouped: by month up to MAX_BARS months, then by quarter up to MAX_BARS quarters, then by
year, so that a phone never scrolls through a hundred bars.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from learnpm.experience.core.months import Month
from learnpm.experience.core.summary import MONTH_NAMES

MAX_BARS = 24
EARLIEST = Month(1950, 1)  # no learner logged project hours before; it keeps an odd request to a readable chart
ZERO = Decimal(0)


@dataclass(frozen=True)
class Period:
    """The months from `start` to `end`, both included."""

    start: Month
    end: Month

    @property
    def months(self) -> int:
        return self.end - self.start + 1

    def __str__(self) -> str:
        return f"{month_label(self.start)} to {month_label(self.end)}"


@dataclass(frozen=True)
class ChosenPeriod:
    """The period a chart shows, whether it is the default, and what could not be read of the request."""

    period: Period
    is_default: bool
    note: str = ""


@dataclass(frozen=True)
class PeriodBars:
    """A period's hours as bars: one per month, quarter or year (`grouping`)."""

    period: Period
    grouping: str
    bars: tuple[tuple[str, Decimal], ...]

    @property
    def title(self) -> str:
        """Return the chart's title, saying why the bars are grouped when they are not months."""
        why = {"quarter": f" (grouped: more than {MAX_BARS} months)", "year": f" (grouped: more than {MAX_BARS} quarters)"}
        return f"Hours by {self.grouping}, {self.period}{why.get(self.grouping, '')}"


def month_label(month: Month) -> str:
    """Return a month as the charts name it: Mar 2025."""
    return f"{MONTH_NAMES[month.month - 1]} {month.year}"


def default_period(months_with_hours: Iterable[Month], today: date) -> Period:
    """Return every month from the first one holding hours (this month when none does) to this month."""
    now = Month.of(today)
    return Period(min([now, *months_with_hours]), now)


def chosen_period(start_text: str, end_text: str, months_with_hours: Iterable[Month], today: date) -> ChosenPeriod:
    """Return the period asked for as YYYY-MM texts, each end that is empty or unreadable taken from the default."""
    default = default_period(months_with_hours, today)
    start, start_note = _month_or(start_text, default.start, "From")
    end, end_note = _month_or(end_text, default.end, "To")
    notes = [note for note in (start_note, end_note) if note]
    if end < start:
        start, end = end, start
        notes.append("The months were the wrong way round, so they were swapped.")
    earliest = min(EARLIEST, default.start)
    if start < earliest or end > default.end:
        start = min(max(start, earliest), default.end)
        end = max(min(end, default.end), start)
        notes.append(f"The charts stop at {month_label(earliest)} and this month.")
    note = " ".join(notes)
    period = Period(start, end)
    return ChosenPeriod(period, period == default, note)


def _month_or(text: str, fallback: Month, name: str) -> tuple[Month, str]:
    if not text.strip():
        return fallback, ""
    try:
        return Month.parse(text[:20]), ""
    except ValueError:
        return fallback, f"{name}: “{text[:20]}” is not a month like 2024-03, so {month_label(fallback)} is shown."


def period_bars(hours: Mapping[Month, Decimal], period: Period) -> PeriodBars:
    """Return the period's hours by month, quarter or year, whichever keeps the bars at MAX_BARS or fewer."""
    if period.months <= MAX_BARS:
        grouping, key = "month", month_label
    elif _quarter_index(period.end) - _quarter_index(period.start) < MAX_BARS:
        grouping, key = "quarter", _quarter_label
    else:
        grouping, key = "year", _year_label
    bars: dict[str, Decimal] = {}
    for index in range(period.months):
        month = period.start + index
        label = key(month)
        bars[label] = bars.get(label, ZERO) + hours.get(month, ZERO)
    return PeriodBars(period, grouping, tuple(bars.items()))


def _quarter_index(month: Month) -> int:
    return month.year * 4 + (month.month - 1) // 3


def _quarter_label(month: Month) -> str:
    return f"Q{(month.month - 1) // 3 + 1} {month.year}"


def _year_label(month: Month) -> str:
    return str(month.year)
