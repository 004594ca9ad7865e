"""PMI's experience rules as plain functions: which months count, which paths are met, when, and what expires.

A period is a `(start, end)` pair of dates of which only year and month count; `end` None means "in
progress" (counted up to the month of `as_of`). Months are counted inclusively, overlapping periods count
each month once, and only the window of `rules.window.months` calendar months ending with the month of
`as_of` counts. Every number comes from a `PmpRules` rule set (the current one from content/rules when
none is given), never from this code.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from learnpm.experience.core.amounts import Number, as_decimal
from learnpm.experience.core.months import Month, MonthSpan
from learnpm.experience.core.rules.library import default_rules
from learnpm.experience.core.rules.models import PmpRules

Period = tuple[date, date | None]
MonthStatus = Literal["counted", "overlap", "outside_window", "future"]
# Internally a period is a pair of month indices (Month.index); None as its end means in progress.
_Span = tuple[int, int | None]
_Run = tuple[int, int]


def experience_months(periods: Iterable[Period], as_of: date, *, rules: PmpRules | None = None) -> int:
    """Return how many distinct calendar months the periods cover in the window ending with `as_of`'s month."""
    rules = rules or default_rules().pmp
    runs = _counted_runs(_read_periods(periods), experience_window(as_of, rules), rules)
    return sum(last - first + 1 for first, last in runs)  # the runs are merged: no month is in two of them


def counted_months(periods: Iterable[Period], as_of: date, *, rules: PmpRules | None = None) -> frozenset[Month]:
    """Return the calendar months that count toward PMP experience on `as_of`."""
    rules = rules or default_rules().pmp
    window = experience_window(as_of, rules)
    runs = _counted_runs(_read_periods(periods), window, rules)
    return frozenset(Month.from_index(index) for first, last in runs for index in range(first, last + 1))


def experience_window(as_of: date, rules: PmpRules | None = None) -> MonthSpan:
    """Return the window of months that may count on `as_of`: the rule set's length, ending with its month."""
    rules = rules or default_rules().pmp
    return MonthSpan.ending_with(Month.of(as_of), rules.window.months)


@dataclass(frozen=True)
class ExperienceCalendar:
    """Every month the periods touch, sorted into what a calendar shows.

    `overlapping` months are counted months that two or more periods cover (they still count once).
    `outside_window` holds covered months that do not count because of the window: those before it and,
    when the rule set excludes projects that straddle its start, their months inside it.
    `future` holds months after `as_of` that a period with a planned end covers.
    """

    window: MonthSpan
    counted: frozenset[Month]
    overlapping: frozenset[Month]
    outside_window: frozenset[Month]
    future: frozenset[Month]

    def status(self, month: Month) -> MonthStatus | None:
        """Return how the calendar shows `month`; None when no period covers it."""
        if month in self.overlapping:
            return "overlap"
        if month in self.counted:
            return "counted"
        if month in self.outside_window:
            return "outside_window"
        return "future" if month in self.future else None


def experience_calendar(periods: Iterable[Period], as_of: date, *, rules: PmpRules | None = None) -> ExperienceCalendar:
    """Sort the months the periods cover into counted, overlapping, outside the window and future."""
    rules = rules or default_rules().pmp
    spans = _read_periods(periods)
    window = experience_window(as_of, rules)
    now = window.last.index
    covered: set[int] = set()
    counting: Counter[int] = Counter()
    for span in spans:
        first, last = span[0], now if span[1] is None else span[1]
        covered.update(range(first, last + 1))
        for run in _counted_runs([span], window, rules):
            counting.update(range(run[0], run[1] + 1))
    months = {index: Month.from_index(index) for index in covered}
    return ExperienceCalendar(
        window=window,
        counted=frozenset(months[index] for index in counting),
        overlapping=frozenset(months[index] for index, times in counting.items() if times > 1),
        outside_window=frozenset(months[i] for i in covered if i <= now and i not in counting),
        future=frozenset(months[index] for index in covered if index > now),
    )


@dataclass(frozen=True)
class PathStatus:
    """How far a learner is from one PMP eligibility path."""

    path_id: str
    label: str
    months_required: int
    months_counted: int
    contact_hours_required: Decimal
    contact_hours: Decimal
    education_met: bool

    @property
    def months_missing(self) -> int:
        return max(0, self.months_required - self.months_counted)

    @property
    def contact_hours_missing(self) -> Decimal:
        if self.education_met:
            return Decimal(0)
        return max(Decimal(0), self.contact_hours_required - self.contact_hours)

    @property
    def eligible(self) -> bool:
        return self.months_missing == 0 and self.education_met


def path_status(
    path_id: str, months: int, contact_hours: Number, has_active_capm: bool, *, rules: PmpRules | None = None
) -> PathStatus:
    """Return how far `months` of experience and the education in hand are from the path `path_id`."""
    rules = rules or default_rules().pmp
    path = rules.path(path_id)
    education = rules.pm_education
    hours = as_decimal(contact_hours)
    capm_counts = has_active_capm and education.active_capm_counts
    return PathStatus(
        path_id=path.id,
        label=path.label,
        months_required=path.experience_months,
        months_counted=months,
        contact_hours_required=education.contact_hours,
        contact_hours=hours,
        education_met=capm_counts or hours >= education.contact_hours,
    )


def path_statuses(
    months: int, contact_hours: Number, has_active_capm: bool, *, rules: PmpRules | None = None
) -> tuple[PathStatus, ...]:
    """Return the status of every PMP path of the rule set, in its order."""
    rules = rules or default_rules().pmp
    return tuple(path_status(path.id, months, contact_hours, has_active_capm, rules=rules) for path in rules.paths)


@dataclass(frozen=True)
class CapmStatus:
    """How far a learner is from applying for the CAPM (contact hours only; no experience needed)."""

    contact_hours: Decimal
    contact_hours_required: Decimal

    @property
    def contact_hours_missing(self) -> Decimal:
        return max(Decimal(0), self.contact_hours_required - self.contact_hours)

    @property
    def eligible(self) -> bool:
        return self.contact_hours_missing == 0


def capm_status(contact_hours: Number, *, rules: PmpRules | None = None) -> CapmStatus:
    """Return how far the contact hours in hand are from CAPM eligibility."""
    rules = rules or default_rules().pmp
    return CapmStatus(as_decimal(contact_hours), rules.capm.contact_hours)


@dataclass(frozen=True)
class Projection:
    """When a path's experience requirement is met if every in-progress period continues."""

    path_id: str
    months_required: int
    months_counted: int
    # The first month whose window holds enough months; None when that never happens at this pace.
    eligible_from: Month | None

    @property
    def months_missing(self) -> int:
        return max(0, self.months_required - self.months_counted)

    @property
    def status(self) -> Literal["eligible", "on_track", "never"]:
        if self.months_missing == 0:
            return "eligible"
        return "never" if self.eligible_from is None else "on_track"


def experience_projection(
    periods: Iterable[Period], as_of: date, path_id: str, *, rules: PmpRules | None = None
) -> Projection:
    """Project the month the path's months are reached, assuming periods in progress go on, planned ends hold."""
    rules = rules or default_rules().pmp
    spans = _read_periods(periods)
    required = rules.path(path_id).experience_months
    now = Month.of(as_of)
    counted = _count(spans, now, rules)
    if counted >= required:
        return Projection(path_id, required, counted, now)
    # Past the last start or planned end, only in-progress periods add months, and within one window
    # they fill it; later than that, nothing changes any more.
    latest = max([now.index, *(start for start, _ in spans), *(end for _, end in spans if end is not None)])
    for index in range(now.index + 1, latest + rules.window.months + 1):
        if _count(spans, Month.from_index(index), rules) >= required:
            return Projection(path_id, required, counted, Month.from_index(index))
    return Projection(path_id, required, counted, None)


@dataclass(frozen=True)
class ExpiringMonth:
    """A counted month that is about to leave the window, and the first month it no longer counts in."""

    month: Month
    stops_counting: Month


def months_falling_out(
    periods: Iterable[Period], as_of: date, within_months: int, *, rules: PmpRules | None = None
) -> tuple[ExpiringMonth, ...]:
    """Return the months counted on `as_of` that stop counting within the next `within_months` months."""
    if within_months < 0:
        raise ValueError(f"within_months cannot be negative: {within_months}")
    rules = rules or default_rules().pmp
    spans = _read_periods(periods)
    now = Month.of(as_of)
    still_counted = set(_indices(_counted_runs(spans, experience_window(as_of, rules), rules)))
    expiring: list[ExpiringMonth] = []
    for ahead in range(1, within_months + 1):
        later = now + ahead
        window = MonthSpan.ending_with(later, rules.window.months)
        counted_then = set(_indices(_counted_runs(spans, window, rules)))
        gone = still_counted - counted_then
        expiring.extend(ExpiringMonth(Month.from_index(index), later) for index in sorted(gone))
        still_counted -= gone
    return tuple(expiring)


def _count(spans: Sequence[_Span], as_of_month: Month, rules: PmpRules) -> int:
    """Return how many months count with the window ending in `as_of_month`."""
    window = MonthSpan.ending_with(as_of_month, rules.window.months)
    return sum(last - first + 1 for first, last in _counted_runs(spans, window, rules))


def _counted_runs(spans: Sequence[_Span], window: MonthSpan, rules: PmpRules) -> list[_Run]:
    """Return the counted months of spans sorted by start, as merged runs of month indices inside `window`."""
    first, last = window.first.index, window.last.index
    exclude_straddling = rules.window.straddling_projects == "exclude"
    runs: list[_Run] = []
    for start, end in spans:
        if exclude_straddling and start < first:
            continue
        # An in-progress period reaches the window's last month, the month of as_of.
        low, high = max(start, first), last if end is None else min(end, last)
        if low > high:
            continue
        if runs and low <= runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], max(runs[-1][1], high))
        else:
            runs.append((low, high))
    return runs


def _indices(runs: Iterable[_Run]) -> Iterable[int]:
    return (index for first, last in runs for index in range(first, last + 1))


def _read_periods(periods: Iterable[Period]) -> list[_Span]:
    """Check every period and return them as month indices sorted by start; raise on a bad period."""
    spans = [_read_period(period, position) for position, period in enumerate(periods, start=1)]
    return sorted(spans, key=lambda span: span[0])


def _read_period(period: Period, position: int) -> _Span:
    try:
        start, end = period
    except (TypeError, ValueError):
        raise TypeError(f"period {position}: expected a (start, end) pair, not {period!r}") from None
    if not isinstance(start, date):
        raise TypeError(f"period {position}: the start must be a date, not {start!r}")
    if end is not None and not isinstance(end, date):
        raise TypeError(f"period {position}: the end must be a date or None (in progress), not {end!r}")
    first = Month.of(start)
    if end is None:
        return first.index, None
    last = Month.of(end)
    if last < first:
        raise ValueError(f"period {position}: it ends ({last}) before it starts ({first})")
    return first.index, last.index
