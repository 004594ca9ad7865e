"""The experience dashboard, computed from plain values: progress, calendar, charts, what is missing. Pure."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from learnpm.experience.core import eligibility
from learnpm.experience.core.amounts import plain
from learnpm.experience.core.description import DescriptionParts, description_report
from learnpm.experience.core.entries import Entry
from learnpm.experience.core.months import Month
from learnpm.experience.core.problems import errors_in
from learnpm.experience.core.rules.library import RuleLibrary, default_rules
from learnpm.experience.core.totals import HoursByTag, LogTotals

MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class ProjectFacts:
    """What the dashboard needs to know of a project."""

    id: int
    title: str
    start: date
    end: date | None
    description: DescriptionParts
    has_verifier: bool
    # The fields of PMI's application still empty (a project made by an import has only its name and months).
    empty_fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class CalendarYear:
    """One row of the month calendar: a year and the status of each of its months."""

    year: int
    months: tuple[tuple[str, str | None, bool], ...]  # (month name, status, inside the window)


@dataclass(frozen=True)
class ExperienceSummary:
    """Everything the experience dashboard shows."""

    path: eligibility.PathStatus
    paths: tuple[eligibility.PathStatus, ...]
    projection: eligibility.Projection
    capm: eligibility.CapmStatus
    calendar: tuple[CalendarYear, ...]
    falling_out: tuple[eligibility.ExpiringMonth, ...]
    by_process_group: HoursByTag
    by_domain: HoursByTag
    total_hours: Decimal
    missing: tuple[str, ...] = field(default=())
    # How many items the whole list holds: `missing` may hold only the first of them (see ProjectReadiness).
    missing_count: int = 0


@dataclass(frozen=True)
class ProjectReadiness:
    """What the dashboard needs of a learner's projects when it does not read them all: their distinct periods, the
    first projects that still lack something (in the dashboard's order), and how many shortfalls all of them hold,
    as stored with each project (see project_shortfalls)."""

    periods: tuple[tuple[date, date | None], ...]
    first_short: tuple[ProjectFacts, ...]
    shortfalls: int
    project_count: int


def summarise(
    projects: Sequence[ProjectFacts] | ProjectReadiness, hours: LogTotals | Iterable[Entry], contact_hours: Decimal,
    path_id: str,
    has_active_capm: bool, today: date, rules: RuleLibrary | None = None,
) -> ExperienceSummary:
    """Return the dashboard of a learner's experience as of `today`, from their log's totals (or its entries), and
    their projects (or what the dashboard needs of them)."""
    rules = rules or default_rules()
    totals = hours if isinstance(hours, LogTotals) else LogTotals.of(hours)
    readiness = projects if isinstance(projects, ProjectReadiness) else readiness_of(projects, rules)
    periods = list(dict.fromkeys(readiness.periods))  # a month counts once
    months = eligibility.experience_months(periods, today, rules=rules.pmp)
    paths = eligibility.path_statuses(months, contact_hours, has_active_capm, rules=rules.pmp)
    path = next(status for status in paths if status.path_id == path_id)
    projection = eligibility.experience_projection(periods, today, path_id, rules=rules.pmp)
    calendar = eligibility.experience_calendar(periods, today, rules=rules.pmp)
    summary = ExperienceSummary(
        path=path, paths=paths, projection=projection,
        capm=eligibility.capm_status(contact_hours, rules=rules.pmp),
        calendar=_calendar_rows(calendar, today),
        falling_out=eligibility.months_falling_out(periods, today, 12, rules=rules.pmp),
        by_process_group=totals.by_process_group(rules.process_group_ids),
        by_domain=totals.by_domain(rules.domain_ids),
        total_hours=totals.total,
    )
    missing, count = _missing(summary, readiness, rules)
    return ExperienceSummary(**{**summary.__dict__, "missing": missing, "missing_count": count})


def readiness_of(projects: Sequence[ProjectFacts], rules: RuleLibrary | None = None) -> ProjectReadiness:
    """Return the readiness of every one of these projects, computed from them."""
    rules = rules or default_rules()
    counts = [len(project_shortfalls(project, rules)) for project in projects]
    return ProjectReadiness(tuple((project.start, project.end) for project in projects),
                            tuple(project for project, count in zip(projects, counts) if count), sum(counts),
                            len(projects))


def project_shortfalls(project: ProjectFacts, rules: RuleLibrary | None = None) -> tuple[str, ...]:
    """List, in plain words, what a project still lacks for PMI's application (the one rule: the dashboard's list
    and the count stored with each project both come from here)."""
    rules = rules or default_rules()
    shortfalls = []
    if project.empty_fields:
        shortfalls.append(f"“{project.title}”: give its {', '.join(project.empty_fields)}, as PMI's application "
                          "asks.")
    report = description_report(project.description, rules)
    shortfalls.extend(f"“{project.title}”: {problem.message}" for problem in errors_in(report.problems))
    if not project.has_verifier:
        shortfalls.append(f"“{project.title}”: name someone who can confirm it in PMI's audit.")
    return tuple(shortfalls)


def _calendar_rows(calendar: eligibility.ExperienceCalendar, today: date) -> tuple[CalendarYear, ...]:
    """Lay the window (and any month a period covers) out as one row per year."""
    touched = calendar.counted | calendar.outside_window | calendar.future
    first = min([calendar.window.first, *touched])
    last = max([Month.of(today), *touched])
    rows = []
    for year in range(first.year, last.year + 1):
        cells = []
        for number, name in enumerate(MONTH_NAMES, start=1):
            month = Month(year, number)
            cells.append((name, calendar.status(month), month in calendar.window))
        rows.append(CalendarYear(year, tuple(cells)))
    return tuple(rows)


def _missing(summary: ExperienceSummary, readiness: ProjectReadiness,
             rules: RuleLibrary) -> tuple[tuple[str, ...], int]:
    """List, in plain words, what still stands between the learner and an application (the items of the projects
    given, of all projects when they were all given), and how many items the whole list holds."""
    missing = []
    if summary.path.months_missing:
        missing.append(f"{summary.path.months_missing} more months of experience for the "
                       f"{summary.path.label.lower()} path ({summary.path.months_required} needed).")
    if summary.path.contact_hours_missing:
        missing.append(f"{plain(summary.path.contact_hours_missing)} more contact hours of project-management "
                       f"education ({plain(summary.path.contact_hours_required)} needed).")
    general = len(missing)
    for project in readiness.first_short:
        missing.extend(project_shortfalls(project, rules))
    if not readiness.project_count:
        missing.append("Log your first project: its months are what PMI counts.")
        general += 1
    return tuple(missing), general + readiness.shortfalls
