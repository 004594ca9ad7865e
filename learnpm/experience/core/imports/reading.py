"""One file read for an import, whatever it holds: a tracker's export (recognised by its header), any other
spreadsheet (read with the learner's column mapping) or a calendar (read in the learner's time zone)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from learnpm.experience.core.imports.calendar import SOURCE as CALENDAR_SOURCE
from learnpm.experience.core.imports.calendar import parse_calendar, read_calendar, time_zone
from learnpm.experience.core.imports.cells import DateOrder
from learnpm.experience.core.imports.mapping import ColumnMapping, guess_mapping, read_rows, shape_key
from learnpm.experience.core.imports.rows import RowsRead
from learnpm.experience.core.imports.sheet import file_kind, read_sheet
from learnpm.experience.core.imports.trackers import recognise
from learnpm.experience.core.months import Month
from learnpm.experience.core.rules.library import RuleLibrary, default_rules

ReadingKind = Literal["tracker", "spreadsheet", "calendar"]


@dataclass(frozen=True)
class ReadSettings:
    """What the learner chose for reading a file: a column mapping, a date order, a time zone (None: not chosen)."""

    mapping: ColumnMapping | None = None
    date_order: DateOrder | None = None
    zone_name: str | None = None


@dataclass(frozen=True)
class Reading:
    """A file as read: its kind and source, what it was read with, and its rows and problems."""

    kind: ReadingKind
    source: str  # what row keys and remembered choices are kept under: toggl, clockify, harvest, sheet:..., ics
    label: str
    rows: RowsRead
    columns: tuple[str, ...] = ()
    mapping: ColumnMapping | None = None
    date_order: DateOrder | None = None
    zone_name: str = ""
    calendar_name: str = ""
    samples: dict[str, str] = field(default_factory=dict)  # a first value of each column, to help map it


def read_import(
    data: bytes, filename: str, settings: ReadSettings, today: date, rules: RuleLibrary | None = None
) -> Reading:
    """Read a file for an import; raise ImportRejected (from sheet.py) when it cannot be read at all."""
    limits = (rules or default_rules()).hours_log
    window = (rules or default_rules()).pmp.window.months
    if file_kind(data, filename) == "ics":
        calendar = parse_calendar(data, limits.import_max_bytes)
        zone_name = settings.zone_name or calendar.zone_name or "UTC"
        zone = time_zone(zone_name)
        if zone is None:  # a calendar may name a zone no database knows: read it in UTC, and say so
            zone_name, zone = "UTC", time_zone("UTC")
        since = (Month.of(today) - (window - 1)).first_day()
        rows = read_calendar(calendar, zone, today, since, limits.import_max_rows)  # type: ignore[arg-type]
        return Reading("calendar", CALENDAR_SOURCE, calendar.name or "Calendar", rows, zone_name=zone_name,
                       calendar_name=calendar.name)
    sheet = read_sheet(data, limits.import_max_bytes, limits.import_max_rows)
    samples = {column: _sample(sheet.values(column)) for column in sheet.columns}
    tracker = recognise(sheet.columns)
    if tracker is not None:
        fmt, mapping = tracker
        rows = read_rows(sheet, mapping, fmt.id, settings.date_order)
        return Reading("tracker", fmt.id, fmt.label, rows, sheet.columns, mapping, settings.date_order,
                       samples=samples)
    mapping = settings.mapping or guess_mapping(sheet.columns)
    source = "sheet:" + shape_key(sheet.columns)
    rows = read_rows(sheet, mapping, source, settings.date_order)
    return Reading("spreadsheet", source, "Spreadsheet", rows, sheet.columns, mapping, settings.date_order,
                   samples=samples)


def _sample(values: object) -> str:
    for value in values:  # type: ignore[attr-defined]
        text = str(value).strip()
        if text:
            return text[:40]
    return ""
