"""The exports of the time trackers people use, recognised by their header and read with their own columns.

Each format is written from the vendor's documented columns:

- Toggl Track, detailed report exported as CSV. Toggl's help centre ("Editing and uploading a CSV file",
  support.toggl.com/en/articles/2216070) gives the columns of its detailed report export: User, Email, Client,
  Project, Task, Description, Billable, Start date, Start time, End date, End time, Duration, Tags, and an
  Amount column named with the currency, e.g. "Amount (USD)". Days are YYYY-MM-DD, times and durations
  HH:MM:SS.
- Clockify, detailed report exported as CSV. Clockify's help ("Exporting reports",
  clockify.me/help/reports/exporting-reports) lists project, client, description, task, user, email, tags,
  billable status, start date, start time, end date, end time, duration, billable rate and amount; the
  export's header spells them Project, Client, Description, Task, User, Group, Email, Tags, Billable,
  Start Date, Start Time, End Date, End Time, Duration (h), Duration (decimal), Billable Rate (USD),
  Billable Amount (USD). Days follow the account's date format (month or day first), times may be 12-hour
  ("01:26:00 PM"); Duration (h) is HH:MM:SS and Duration (decimal) is hours.
- Harvest, detailed time report exported as CSV. Harvest's help centre ("Detailed time and detailed expense
  reports"; "Importing and exporting data", support.getharvest.com/hc/en-us/articles/360048685111) gives
  Date, Client, Project, Project Code, Task, Notes, Hours, Hours Rounded, Billable?, Invoiced?, Approved?,
  First Name, Last Name, Roles, Employee?, Billable Rate, Billable Amount, Cost Rate, Cost Amount, Currency,
  External Reference URL. Days are YYYY-MM-DD or M/D/YYYY; Hours are decimal. learnpm reads Hours, the time
  worked, not Hours Rounded, the billed time.

A header is recognised when it holds every column a format needs (any order, any letter case); the other
columns may be there or not, as each vendor lets reports hide some of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from learnpm.experience.core.imports.mapping import ColumnMapping


@dataclass(frozen=True)
class TrackerFormat:
    """One vendor's export: what its header must hold, and which of its columns hold what."""

    id: str
    label: str
    needs: tuple[str, ...]
    mapping: ColumnMapping
    # Alternatives for a role, the first present wins.
    alternatives: tuple[tuple[str, tuple[str, ...]], ...] = ()


TOGGL = TrackerFormat(
    "toggl", "Toggl Track detailed report",
    needs=("Project", "Description", "Start date", "Start time", "Duration"),
    mapping=ColumnMapping(day="Start date", hours="Duration", start="Start time", project="Project",
                          activity="Description", client="Client", activity_fallbacks=("Task",),
                          key_columns=("Email", "Project", "Task", "Description", "Start date", "Start time",
                                       "End date", "End time", "Duration")),
)
CLOCKIFY = TrackerFormat(
    "clockify", "Clockify detailed report",
    needs=("Project", "Description", "Start Date", "Start Time"),
    mapping=ColumnMapping(day="Start Date", hours="Duration (h)", start="Start Time", project="Project",
                          activity="Description", client="Client", activity_fallbacks=("Task",),
                          key_columns=("Email", "Project", "Task", "Description", "Start Date", "Start Time",
                                       "End Date", "End Time", "Duration (h)")),
    # Duration (h) is exact (HH:MM:SS); Duration (decimal) is rounded to two places, so it comes second.
    alternatives=(("hours", ("Duration (h)", "Duration (decimal)")),),
)
HARVEST = TrackerFormat(
    "harvest", "Harvest detailed time report",
    needs=("Date", "Client", "Project", "Task", "Notes", "Hours"),
    mapping=ColumnMapping(day="Date", hours="Hours", project="Project", activity="Notes", client="Client",
                          activity_fallbacks=("Task",),
                          key_columns=("Date", "Client", "Project", "Task", "Notes", "Hours", "First Name",
                                       "Last Name")),
)
# Clockify before Toggl: Clockify's header holds Toggl's needs but for "Duration" (its own reads "Duration (h)").
TRACKERS = (CLOCKIFY, TOGGL, HARVEST)


def recognise(columns: Sequence[str]) -> tuple[TrackerFormat, ColumnMapping] | None:
    """Return the tracker whose export has this header, with its mapping fitted to the columns present."""
    by_lower = {name.strip().lower(): name for name in columns}
    for tracker in TRACKERS:
        if not all(need.lower() in by_lower for need in tracker.needs):
            continue
        fitted = _fit(tracker, by_lower)
        if fitted is not None:
            return tracker, fitted
    return None


def _fit(tracker: TrackerFormat, by_lower: dict[str, str]) -> ColumnMapping | None:
    """Return the tracker's mapping spelt as the file spells its columns; None when a needed role is absent."""
    roles = tracker.mapping.as_dict()
    for role, choices in tracker.alternatives:
        roles[role] = next((choice for choice in choices if choice.lower() in by_lower), "")
    spelt = {role: by_lower.get(name.lower(), "") for role, name in roles.items()}
    if not spelt["day"] or not spelt["hours"]:
        return None

    def present(names: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(by_lower[name.lower()] for name in names if name.lower() in by_lower)

    return ColumnMapping(**spelt, activity_fallbacks=present(tracker.mapping.activity_fallbacks),
                         key_columns=present(tracker.mapping.key_columns))
