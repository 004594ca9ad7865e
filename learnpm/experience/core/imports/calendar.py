"""A calendar export (.ics) read as time worked: each event one row, recurring events expanded, time zones honoured.

The file is parsed by the icalendar library. A recurring event is expanded in its own time zone's wall-clock
time, as RFC 5545 asks (a 19:00 call stays at 19:00 across a change of summer time), through dateutil's rrule;
EXDATE removes occurrences, RDATE adds them and an event with a RECURRENCE-ID replaces the one it names.
Each occurrence is dated by the day it starts in the learner's time zone; an event without a zone (floating)
is taken to be in that zone. All-day and cancelled events hold no hours worked and are left out, as are
occurrences that have not happened yet.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from decimal import Decimal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from learnpm.experience.core.csv.table import CsvProblem, decode_csv
from learnpm.experience.core.imports.rows import RowsRead, SourceRow, row_key
from learnpm.experience.core.imports.sheet import ImportRejected, rejected

UTC = ZoneInfo("UTC")
SOURCE = "ics"


class _EventError(ValueError):
    """An event that parses but makes no sense as time worked; its message says why."""


def time_zone(name: str) -> ZoneInfo | None:
    """Return the IANA time zone of this name (e.g. Europe/London), or None when there is none."""
    if name not in available_timezones():
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


@dataclass(frozen=True)
class CalendarFile:
    """A parsed calendar: its events, its name and the time zone it says it keeps."""

    events: tuple[object, ...]
    name: str
    zone_name: str


def parse_calendar(data: bytes, max_bytes: int) -> CalendarFile:
    """Parse an .ics file; raise ImportRejected when it is not a calendar."""
    import icalendar  # imported here: only calendars need it

    text = decode_csv(data, max_bytes) if len(data) <= max_bytes else ""
    if not text:
        raise rejected(f"The file has {len(data):,} bytes; the limit is {max_bytes:,}.")
    try:
        calendar = icalendar.Calendar.from_ical(text)
    except (ValueError, KeyError, TypeError, IndexError) as error:
        raise rejected(f"The file is not a calendar that can be read ({error}); export it again as .ics.") from None
    if getattr(calendar, "name", "") != "VCALENDAR":
        raise rejected("The file is not a calendar (it does not start with BEGIN:VCALENDAR).")
    events = tuple(calendar.walk("VEVENT"))
    return CalendarFile(events, str(calendar.get("X-WR-CALNAME", "") or ""),
                        str(calendar.get("X-WR-TIMEZONE", "") or ""))


def read_calendar(calendar: CalendarFile, zone: tzinfo, today: date, since: date, max_rows: int) -> RowsRead:
    """Return a row per event occurrence from `since` to `today`, dated in `zone`; problems by event."""
    overrides = {(_uid(event), _instant(event.get("RECURRENCE-ID").dt, zone))  # type: ignore[attr-defined]
                 for event in calendar.events if event.get("RECURRENCE-ID") is not None}  # type: ignore[attr-defined]
    rows: list[SourceRow] = []
    problems: list[CsvProblem] = []
    left_out = {"all-day": 0, "to come": 0, "cancelled": 0}
    for number, event in enumerate(calendar.events, start=1):
        try:
            _add_occurrences(event, number, zone, today, since, overrides, rows, left_out)
        except (ValueError, TypeError, AttributeError, KeyError, OverflowError) as error:
            title = str(event.get("SUMMARY", "") or "")  # type: ignore[attr-defined]
            reason = str(error) if isinstance(error, _EventError) else "its start, end or repeat rule cannot be read"
            problems.append(CsvProblem(f"{reason}; fix it in the calendar and export it again", number,
                                       title or None))
        if len(rows) > max_rows:
            raise ImportRejected([CsvProblem(f"The calendar holds more than {max_rows:,} events since {since}; "
                                             "export a shorter period.")])
    return RowsRead(tuple(rows), tuple(problems), notes=_notes(left_out))


def _add_occurrences(event: object, number: int, zone: tzinfo, today: date, since: date,
                     overrides: set[tuple[str, datetime]], rows: list[SourceRow], left_out: dict[str, int]) -> None:
    if str(event.get("STATUS", "")).upper() == "CANCELLED":  # type: ignore[attr-defined]
        left_out["cancelled"] += 1
        return
    start, end = event.start, event.end  # type: ignore[attr-defined]
    if not isinstance(start, datetime):
        left_out["all-day"] += 1
        return
    event_zone = start.tzinfo or zone  # a floating time is the learner's
    duration = _localised(end, event_zone) - _localised(start, event_zone)
    if duration <= timedelta(0):
        raise _EventError("it ends before it starts")
    uid, title = _uid(event), str(event.get("SUMMARY", "") or "").strip()  # type: ignore[attr-defined]
    recurrence_id = event.get("RECURRENCE-ID")  # type: ignore[attr-defined]
    for occurrence in _starts(event, _localised(start, event_zone), zone, today, since):
        identity = _instant(recurrence_id.dt, zone) if recurrence_id is not None else occurrence.astimezone(UTC)
        if recurrence_id is None and (uid, identity) in overrides:
            continue  # an event of its own replaces this occurrence
        if occurrence.astimezone(zone).date() > today:
            left_out["to come"] += 1
            continue
        hours = Decimal(int(duration.total_seconds())) / 3600
        rows.append(SourceRow(number, occurrence.astimezone(zone).date(), hours, title, title, "",
                              row_key(SOURCE, [uid, identity.isoformat()])))


def _starts(event: object, start: datetime, zone: tzinfo, today: date, since: date) -> Iterator[datetime]:
    """Yield the starts of an event's occurrences from `since` to the end of `today`, recurrences expanded."""
    rules = list(getattr(event, "rrules", []) or [])
    rdates = list(getattr(event, "rdates", []) or [])
    if not rules and not rdates:
        yield start
        return
    from dateutil.rrule import rruleset, rrulestr

    local_zone, wall = start.tzinfo, start.replace(tzinfo=None)
    occurrences = rruleset()
    for recur in rules:
        occurrences.rrule(rrulestr(_wall_clock_rule(recur, local_zone), dtstart=wall))  # type: ignore[arg-type]
    for rdate in rdates:
        value = rdate[0] if isinstance(rdate, tuple) else rdate
        if isinstance(value, datetime):
            occurrences.rdate(_localised(value, local_zone).astimezone(local_zone).replace(tzinfo=None))
    for exdate in getattr(event, "exdates", []) or []:
        if isinstance(exdate, datetime):
            occurrences.exdate(_localised(exdate, local_zone).astimezone(local_zone).replace(tzinfo=None))
    first = datetime.combine(since, time()) - timedelta(days=1)
    last = datetime.combine(today, time()) + timedelta(days=2)
    for occurrence in occurrences.xafter(first, inc=True):
        if occurrence > last:
            return
        yield occurrence.replace(tzinfo=local_zone)


def _wall_clock_rule(recur: object, local_zone: tzinfo | None) -> str:
    """Return the RRULE text with its UNTIL in the event's wall-clock time, as dateutil needs beside a naive start."""
    from icalendar import vRecur

    parts = dict(recur)  # type: ignore[call-overload]
    until = parts.get("UNTIL")
    if until and isinstance(until[0], datetime):
        parts["UNTIL"] = [_localised(until[0], local_zone).astimezone(local_zone).replace(tzinfo=None)]
    return vRecur(parts).to_ical().decode("ascii")


def _localised(moment: datetime, zone: tzinfo | None) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=zone or UTC)


def _instant(moment: object, zone: tzinfo) -> datetime:
    if not isinstance(moment, datetime):
        return datetime.combine(moment, time(), UTC)  # type: ignore[arg-type]
    return _localised(moment, zone).astimezone(UTC)


def _uid(event: object) -> str:
    return str(event.get("UID", "") or event.get("SUMMARY", ""))  # type: ignore[attr-defined]


def _notes(left_out: dict[str, int]) -> tuple[str, ...]:
    words = {"all-day": "all-day event(s), which hold no hours, were left out.",
             "cancelled": "cancelled event(s) were left out."}
    notes = [f"{left_out[reason]} {text}" for reason, text in words.items() if left_out[reason]]
    if left_out["to come"]:  # expansion stops at today, so how many more would follow is not known
        notes.append("Events after today were left out: hours are logged once worked.")
    return tuple(notes)
