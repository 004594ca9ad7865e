"""Hours-log entries: the checks an entry must pass, and the sums the dashboard and the timesheet show.

An entry tagged with several process groups (or domains) counts in full toward each of them: the bars
then answer "how much of my work touched Planning?", and the total is reported on its own.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from learnpm.experience.core.amounts import as_decimal, in_steps, plain
from learnpm.experience.core.months import Month
from learnpm.experience.core.problems import Problem
from learnpm.experience.core.rules.library import RuleLibrary, default_rules
from learnpm.experience.core.totals import HoursByTag, LogTotals

ZERO = Decimal(0)


@dataclass(frozen=True)
class Entry:
    """Hours worked on one project on one day."""

    project_ref: str
    day: date
    hours: Decimal
    activity: str = ""
    process_groups: frozenset[str] = frozenset()
    domains: frozenset[str] = frozenset()
    notes: str = ""

    def __post_init__(self) -> None:
        # Exact decimals, so that steps of 0.25 and day totals never drift; tags as sets, whatever came in.
        object.__setattr__(self, "hours", as_decimal(self.hours))
        object.__setattr__(self, "process_groups", frozenset(self.process_groups))
        object.__setattr__(self, "domains", frozenset(self.domains))


@dataclass(frozen=True)
class ProjectMonths:
    """The months a project ran: `end` None while it is in progress."""

    start: Month
    end: Month | None = None

    def __post_init__(self) -> None:
        if self.end is not None and self.end < self.start:
            raise ValueError(f"a project cannot end ({self.end}) before it starts ({self.start})")

    def contains(self, day: date) -> bool:
        """Return whether `day` falls in one of the project's months."""
        month = Month.of(day)
        return self.start <= month and (self.end is None or month <= self.end)

    def __str__(self) -> str:
        return f"{self.start} to {self.end or 'now (in progress)'}"


def entry_problems(
    entry: Entry,
    *,
    today: date,
    project: ProjectMonths,
    other_hours_that_day: Decimal = ZERO,
    rules: RuleLibrary | None = None,
) -> tuple[Problem, ...]:
    """Return what refuses `entry`: a future or out-of-project date, bad hours, a day over the limit, unknown tags.

    `other_hours_that_day` is what the learner's other entries (on every project, this one left out
    when it is being edited) already hold on the same day.
    """
    rules = rules or default_rules()
    problems = list(_day_problems(entry.day, today, project))
    problems += _hours_problems(entry, other_hours_that_day, rules)
    problems += _tag_problems("process_groups", entry.process_groups, rules.process_group_ids)
    problems += _tag_problems("domains", entry.domains, rules.domain_ids)
    return tuple(problems)


def _day_problems(day: date, today: date, project: ProjectMonths) -> list[Problem]:
    if day > today:
        return [Problem("day", f"{day} is in the future; log hours once the work is done.")]
    if not project.contains(day):
        return [Problem("day", f"{day} is outside the project's months ({project}).")]
    return []


def hours_problems(hours: Decimal, rules: RuleLibrary | None = None) -> tuple[Problem, ...]:
    """Return what refuses an amount of hours on its own: not more than 0, or not in whole steps."""
    step = (rules or default_rules()).hours_log.hours_step
    if hours <= 0:
        return (Problem("hours", "Hours must be more than 0."),)
    if not in_steps(hours, step):
        return (Problem("hours", f"Log hours in steps of {plain(step)} ({plain(step * 60)} minutes)."),)
    return ()


def _hours_problems(entry: Entry, other_hours: Decimal, rules: RuleLibrary) -> list[Problem]:
    problems = hours_problems(entry.hours, rules)
    if problems:
        return list(problems)
    day_total = other_hours + entry.hours
    limit = rules.hours_log.max_hours_per_day
    if day_total <= limit:
        return []
    if other_hours == 0:
        return [Problem("hours", f"A day holds at most {plain(limit)} h.")]
    message = (
        f"With the {plain(other_hours)} h already logged on {entry.day}, this day would hold "
        f"{plain(day_total)} h; a day holds at most {plain(limit)}."
    )
    return [Problem("hours", message)]


def _tag_problems(field_name: str, tags: Iterable[str], known: Iterable[str]) -> list[Problem]:
    allowed = tuple(known)
    unknown = sorted(set(tags) - set(allowed))
    if not unknown:
        return []
    return [Problem(field_name, f"unknown tag(s) {', '.join(unknown)}; use {', '.join(allowed)}")]


def hours_by_day(entries: Iterable[Entry]) -> dict[date, Decimal]:
    """Return the hours logged on each day, across every project, by day."""
    totals: dict[date, Decimal] = defaultdict(Decimal)
    for entry in entries:
        totals[entry.day] += entry.hours
    return dict(sorted(totals.items()))


def hours_by_month(entries: Iterable[Entry]) -> dict[Month, Decimal]:
    """Return the hours logged in each month, by month."""
    return dict(LogTotals.of(entries, tagged=False).months)


def hours_by_process_group(entries: Iterable[Entry], rules: RuleLibrary | None = None) -> HoursByTag:
    """Return the hours per process group of the current rule set."""
    return LogTotals.of(entries).by_process_group((rules or default_rules()).process_group_ids)


def hours_by_domain(entries: Iterable[Entry], rules: RuleLibrary | None = None) -> HoursByTag:
    """Return the hours per exam domain."""
    return LogTotals.of(entries).by_domain((rules or default_rules()).domain_ids)


def week_start(day: date, rules: RuleLibrary | None = None) -> date:
    """Return the first day of the week holding `day`, Monday or Sunday as the rule set says."""
    starts_on = (rules or default_rules()).hours_log.week_starts_on
    offset = day.weekday() if starts_on == "monday" else (day.weekday() + 1) % 7
    return day - timedelta(days=offset)


class LegacyHoursStatus:
    """Progress toward the pre-2020 hours rule: total hours of a path, and some hours in every process group."""

    path_id: str
    hours_required: Decimal
    hours_logged: Decimal
    hours_by_group: Mapping[str, Decimal]
    groups_short: tuple[str, ...]

    @property
    def hours_missing(self) -> Decimal:
        return max(ZERO, self.hours_required - self.hours_logged)

    @property
    def met(self) -> bool:
        return self.hours_missing == 0 and not self.groups_short


