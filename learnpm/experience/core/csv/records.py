"""Import and export projects and hours-log entries as CSV: all or nothing, every problem named by row.

Both files are UTF-8 (a byte-order mark is fine; other encodings are refused with a hint), at most
`hours-log.yaml`'s `import_max_bytes` and `import_max_rows`, with a header naming exactly the columns
below in any order. Row 1 is the header; a problem names the row as a spreadsheet shows it. Values are
trimmed of surrounding spaces. An import returns every row, or none and every problem found.

projects.csv, one row per project:
  ref                         the learner's short name for the project, unique; entries point at it
  title, organization, job_title                                   text, required, as long as PMI's form takes
  functional_reporting_area, organization_primary_focus, approach, team_size, budget
                              an option id (or its label) from the application options, e.g. other; an id
                              of an older list is read as the option that replaces it
  functional_reporting_area_other, organization_primary_focus_other
                              the words PMI's form asks for when Other is chosen; may be left out of
                              files written before they existed
  start_month                 YYYY-MM, required
  end_month                   YYYY-MM, no later than the current month; empty while the project is in progress
  objective, role, outcome    the description's parts
  breakdown                   process_group (also when empty) or domain
  section_in ... section_cl   what was led and delivered per process group (breakdown process_group)
  section_people, section_process, section_business_environment     the same per exam domain
  verifier_name, verifier_title, verifier_organization, verifier_email, verifier_phone,
  verifier_relationship       who can confirm the project in PMI's audit; optional
The section columns follow the rule sets: one per process group, then one per exam domain.

entries.csv, one row per entry:
  project_ref                 a project's ref, from the same import or already in the learner's log
  date                        YYYY-MM-DD
  hours                       a number with a dot for decimals (7.5, not 7,5), checked like any entry
  activity, notes             text
  process_groups, domains     ids separated by ";", e.g. PL;EX and people;process; may be empty
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from learnpm.experience.core.amounts import plain
from learnpm.experience.core.application_form import ProjectFields, project_problems
from learnpm.experience.core.csv.table import (
    CsvImport,
    CsvProblem,
    CsvRejected,
    RowReader,
    all_or_nothing,
    decode_csv,
    read_table,
    write_table,
)
from learnpm.experience.core.description import BREAKDOWNS, Breakdown, DescriptionParts, section_labels
from learnpm.experience.core.entries import Entry, ProjectMonths, entry_problems, hours_problems
from learnpm.experience.core.fields import (
    APPLICATION_FIELDS,
    OPTION_FIELDS,
    OTHER_TEXT_FIELDS,
    TEXT_FIELDS,
    VERIFIER_COLUMNS,
    VERIFIER_FIELDS,
)
from learnpm.experience.core.months import Month
from learnpm.experience.core.rules.library import RuleLibrary, default_rules
from learnpm.experience.core.rules.models import OptionList

# An entry is one day's work: more hours than a day holds is a typo, refused before the rules are asked.
MAX_ENTRY_HOURS = Decimal(24)
ENTRY_COLUMNS = ("project_ref", "date", "hours", "activity", "process_groups", "domains", "notes")
_ENTRY_FIELD_COLUMNS = {"day": "date"}
# Entries of an unknown project are still checked (the unknown reference is reported) against every month.
_ANY_PROJECT = ProjectMonths(Month(1, 1))


@dataclass(frozen=True)
class Verifier:
    """The person who can confirm a project for PMI's audit."""

    name: str = ""
    title: str = ""
    organization: str = ""
    email: str = ""
    phone: str = ""
    relationship: str = ""


@dataclass(frozen=True)
class ProjectRecord:
    """A project as PMI's application asks for it; option fields hold option ids of the rule set."""

    ref: str
    title: str
    organization: str
    job_title: str
    functional_reporting_area: str
    organization_primary_focus: str
    approach: str
    team_size: str
    budget: str
    months: ProjectMonths
    description: DescriptionParts = field(default_factory=DescriptionParts)
    verifier: Verifier = field(default_factory=Verifier)
    functional_reporting_area_other: str = ""
    organization_primary_focus_other: str = ""


def section_columns(rules: RuleLibrary | None = None) -> dict[str, str]:
    """Return the description's section ids by column name: process groups first, then exam domains."""
    ids = [*section_labels("process_group", rules), *section_labels("domain", rules)]
    return {f"section_{section_id.lower()}": section_id for section_id in ids}


def project_columns(rules: RuleLibrary | None = None) -> tuple[str, ...]:
    """Return the columns of projects.csv, in the order they are written."""
    return (
        *("ref", *APPLICATION_FIELDS, *OTHER_TEXT_FIELDS, "start_month", "end_month"),
        *("objective", "role", "breakdown", *section_columns(rules), "outcome"),
        *VERIFIER_COLUMNS,
    )


def _option(row: RowReader, column: str, options: OptionList) -> str:
    """Return the option id that the cell names by id or label, any letter case; report any other value."""
    value = row.text(column, required=True)
    for option in options.options:
        if value.lower() in (option.id.lower(), option.label.lower()):
            return option.id
    replacement = options.resolve(value)
    if replacement is not None:
        return replacement.id
    if value:
        row.fail(column, f"{value!r} is not an option; use one of {', '.join(options.ids())}")
    return value


def parse_projects_csv(
    data: bytes, rules: RuleLibrary | None = None, *, today: date | None = None
) -> CsvImport[ProjectRecord]:
    """Parse projects.csv, each project checked as PMI's form would on `today`; return all, or none and the problems."""
    rules = rules or default_rules()
    try:
        text = decode_csv(data, rules.hours_log.import_max_bytes)
        table, problems = read_table(text, project_columns(rules), rules.hours_log.import_max_rows,
                                     optional=OTHER_TEXT_FIELDS)
    except CsvRejected as rejected:
        return CsvImport((), rejected.problems)
    records, seen = [], set()
    for number, values in table:
        row = RowReader(number, values, problems)
        ref = values["ref"].strip()
        if ref in seen:
            row.fail("ref", f"{ref!r} is used by an earlier row")
        seen.add(ref)
        record = _project(row, rules, today or date.today())
        if record is not None:
            records.append(record)
    return all_or_nothing(records, problems)


def _project(row: RowReader, rules: RuleLibrary, today: date) -> ProjectRecord | None:
    before = len(row.problems)
    texts = {column: row.text(column, required=True) for column in ("ref", *TEXT_FIELDS)}
    options = {column: _option(row, column, getattr(rules.options, column)) for column in OPTION_FIELDS}
    others = {column: row.text(column) for column in OTHER_TEXT_FIELDS}
    start, end = row.month("start_month", required=True), row.month("end_month", required=False)
    if start is not None and end is not None and end < start:
        row.fail("end_month", f"the project ends ({end}) before it starts ({start})")
    _form_problems(row, texts, options, others, end, today, rules)
    description = _description(row, rules)
    verifier = Verifier(**{name: row.text(f"verifier_{name}") for name in VERIFIER_FIELDS})
    if len(row.problems) > before or start is None:
        return None
    return ProjectRecord(
        **texts, **options, months=ProjectMonths(start, end), description=description, verifier=verifier, **others
    )


def _form_problems(
    row: RowReader, texts: Mapping[str, str], options: Mapping[str, str], others: Mapping[str, str],
    end: Month | None, today: date, rules: RuleLibrary,
) -> None:
    """Report what PMI's form would refuse in the row: lengths, Other without words, an end month to come."""
    fields = ProjectFields(texts["title"], texts["organization"], texts["job_title"], options,
                           {name.removesuffix("_other"): text for name, text in others.items()}, end)
    for problem in project_problems(fields, today, rules):
        row.fail(problem.field, problem.message)


def _breakdown(row: RowReader) -> Breakdown:
    value = row.text("breakdown") or "process_group"
    for breakdown in BREAKDOWNS:
        if value == breakdown:
            return breakdown
    row.fail("breakdown", f"{value!r} is neither {' nor '.join(BREAKDOWNS)}")
    return "process_group"


def _description(row: RowReader, rules: RuleLibrary) -> DescriptionParts:
    breakdown = _breakdown(row)
    wanted = section_labels(breakdown, rules)
    sections = {}
    for column, section_id in section_columns(rules).items():
        value = row.text(column)
        if value and section_id not in wanted:
            row.fail(column, f"is filled, but the breakdown is {breakdown}")
        elif value:
            sections[section_id] = value
    return DescriptionParts(row.text("objective"), row.text("role"), sections, row.text("outcome"), breakdown)


def write_projects_csv(projects: Iterable[ProjectRecord], rules: RuleLibrary | None = None) -> bytes:
    """Return projects.csv for `projects`; it parses back to the same records."""
    columns = section_columns(rules)
    return write_table(project_columns(rules), (_project_values(project, columns) for project in projects))


def _project_values(project: ProjectRecord, section_columns_by_name: Mapping[str, str]) -> dict[str, str]:
    parts = project.description
    values = {name: getattr(project, name) for name in ("ref", *APPLICATION_FIELDS, *OTHER_TEXT_FIELDS)}
    values |= {"start_month": str(project.months.start), "end_month": str(project.months.end or "")}
    values |= {"objective": parts.objective, "role": parts.role, "outcome": parts.outcome, "breakdown": parts.breakdown}
    values |= {column: parts.sections.get(section_id, "") for column, section_id in section_columns_by_name.items()}
    values |= {f"verifier_{name}": getattr(project.verifier, name) for name in VERIFIER_FIELDS}
    return values


def parse_entries_csv(
    data: bytes,
    *,
    projects: Mapping[str, ProjectMonths],
    today: date,
    existing_hours_by_day: Mapping[date, Decimal] | None = None,
    rules: RuleLibrary | None = None,
) -> CsvImport[Entry]:
    """Parse entries.csv and check every entry like one typed in; return every entry, or none and every problem.

    `projects` maps every known project ref to its months; `existing_hours_by_day` holds the hours
    already logged, so that no day goes over the limit with the imported ones.
    """
    rules = rules or default_rules()
    try:
        text = decode_csv(data, rules.hours_log.import_max_bytes)
        table, problems = read_table(text, ENTRY_COLUMNS, rules.hours_log.import_max_rows)
    except CsvRejected as rejected:
        return CsvImport((), rejected.problems)
    parsed = [(number, _entry(RowReader(number, values, problems), projects, rules)) for number, values in table]
    entries = [(number, entry) for number, entry in parsed if entry is not None]
    day_totals = dict(existing_hours_by_day or {})
    for _, entry in entries:
        day_totals[entry.day] = day_totals.get(entry.day, Decimal(0)) + entry.hours
    for number, entry in entries:
        project = projects.get(entry.project_ref, _ANY_PROJECT)
        others = day_totals[entry.day] - entry.hours
        for problem in entry_problems(entry, today=today, project=project, other_hours_that_day=others, rules=rules):
            problems.append(CsvProblem(problem.message, number, _ENTRY_FIELD_COLUMNS.get(problem.field, problem.field)))
    return all_or_nothing([entry for _, entry in entries], problems)


def _entry(row: RowReader, projects: Mapping[str, ProjectMonths], rules: RuleLibrary) -> Entry | None:
    ref = row.text("project_ref", required=True)
    if ref and ref not in projects:
        row.fail("project_ref", f"no project {ref!r}; import its project first or fix the reference")
    # An entry with an unknown project is still built, so that its other faults are reported too.
    day, hours = row.day("date"), row.decimal("hours", places=2, maximum=MAX_ENTRY_HOURS)
    if day is None or hours is None:
        if hours is not None:
            # The entry cannot be checked as a whole; still say what is wrong with its hours.
            row.problems += [CsvProblem(p.message, row.number, "hours") for p in hours_problems(hours, rules)]
        return None
    groups = _tags(row.text("process_groups"), rules.process_group_ids)
    domains = _tags(row.text("domains"), rules.domain_ids)
    return Entry(ref, day, hours, row.text("activity"), groups, domains, row.text("notes"))


def _tags(value: str, known: Iterable[str]) -> frozenset[str]:
    """Return the ";"-separated tags of `value`, spelt as the rule set spells them when it knows them."""
    spelling = {tag.lower(): tag for tag in known}
    tags = (tag.strip() for tag in value.split(";"))
    return frozenset(spelling.get(tag.lower(), tag) for tag in tags if tag)


def write_entries_csv(entries: Iterable[Entry], rules: RuleLibrary | None = None) -> bytes:
    """Return entries.csv for `entries`; it parses back to the same entries."""
    rules = rules or default_rules()
    rows = (
        {
            "project_ref": entry.project_ref,
            "date": entry.day.isoformat(),
            "hours": plain(entry.hours),
            "activity": entry.activity,
            "process_groups": _joined(entry.process_groups, rules.process_group_ids),
            "domains": _joined(entry.domains, rules.domain_ids),
            "notes": entry.notes,
        }
        for entry in entries
    )
    return write_table(ENTRY_COLUMNS, rows)


def _joined(tags: frozenset[str], order: Iterable[str]) -> str:
    """Return `tags` joined by ";", known ones in the rule set's order first."""
    ordered = [tag for tag in order if tag in tags]
    return ";".join(ordered + sorted(tags - set(ordered)))
