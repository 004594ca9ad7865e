"""Cells of exported time logs read as values: durations, days, clock times, and hours rounded to the log's step.

Trackers and spreadsheets spell these many ways: durations as 01:30:00, 1:30, 1.5, 1,5 or 1h 30m; days as
2025-03-05, 03/05/2025 (month first or day first, as the exporting account was set), 05.03.2025; clock times
as 13:26, 13:26:00 or 01:26:00 PM. A spreadsheet cell may also hold a real date, time or number.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Literal

DateOrder = Literal["iso", "month_first", "day_first"]
DATE_ORDERS: dict[DateOrder, str] = {"iso": "year first (2025-03-05)", "month_first": "month first (03/05/2025)",
                                     "day_first": "day first (05/03/2025)"}
# A duration no tracker exports for one entry, and no day holds: refused rather than read as a typo's hours.
MAX_HOURS = Decimal(1000)

_CLOCK_DURATION = re.compile(r"(\d{1,4}):([0-5]\d)(?::([0-5]\d))?")
_UNIT_DURATION = re.compile(r"(?:(\d+(?:[.,]\d+)?)\s*h(?:ours?|rs?)?)?\s*(?:(\d+)\s*m(?:in(?:utes?)?)?)?", re.I)
_DECIMAL = re.compile(r"\d+(?:[.,]\d+)?|[.,]\d+")
_ISO_DAY = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_SLASH_DAY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})")
_DOTTED_DAY = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_CLOCK = re.compile(r"(\d{1,2}):([0-5]\d)(?::([0-5]\d))?\s*([AaPp]\.?[Mm]\.?)?")


class CellError(ValueError):
    """A cell that cannot be read as what its column holds; the message says what would be read."""


def parse_duration(value: object) -> Decimal:
    """Return a duration in hours (to 28 digits): 01:30:00, 1:30, 1.5, 1,5, 1h 30m, 45m or a spreadsheet number or time."""
    if isinstance(value, timedelta):
        hours = Decimal(int(value.total_seconds())) / 3600
    elif isinstance(value, time):
        hours = Decimal(value.hour) + Decimal(value.minute) / 60 + Decimal(value.second) / 3600
    elif isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        hours = _finite(Decimal(str(value)), value)
    else:
        hours = _duration_text(str(value or "").strip())
    if hours < 0 or hours > MAX_HOURS:
        raise CellError(f"{value!r} is not a duration of one entry")
    return hours


def _duration_text(text: str) -> Decimal:
    if not text:
        raise CellError("is empty; give the time worked")
    clock = _CLOCK_DURATION.fullmatch(text)
    if clock:
        hours, minutes, seconds = (int(part or 0) for part in clock.groups())
        return Decimal(hours) + Decimal(minutes) / 60 + Decimal(seconds) / 3600
    if _DECIMAL.fullmatch(text):
        return _finite(Decimal(text.replace(",", ".")), text)
    units = _UNIT_DURATION.fullmatch(text)
    if units and any(units.groups()):
        hours_part, minutes_part = units.groups()
        return Decimal((hours_part or "0").replace(",", ".")) + Decimal(minutes_part or 0) / 60
    raise CellError(f"{text!r} is not a duration; write 01:30, 1.5 or 1h 30m")


def _finite(number: Decimal, shown: object) -> Decimal:
    if not number.is_finite():
        raise CellError(f"{shown!r} is not a duration")
    return number


def parse_day(value: object, order: DateOrder | None) -> date:
    """Return the day of a cell: a spreadsheet date, ISO text, or slashed text read in `order` (None: unsure)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value or "").strip().split("T")[0].split(" ")[0]
    try:
        return _day_text(text, order)
    except ValueError as error:
        raise CellError(str(error) if isinstance(error, CellError) else f"{text!r} is not a day") from None


def _day_text(text: str, order: DateOrder | None) -> date:
    if not text:
        raise CellError("is empty; give the day worked")
    if match := _ISO_DAY.fullmatch(text):
        return date(int(match[1]), int(match[2]), int(match[3]))
    if match := _DOTTED_DAY.fullmatch(text):
        return date(int(match[3]), int(match[2]), int(match[1]))
    if match := _SLASH_DAY.fullmatch(text):
        first, second, year = int(match[1]), int(match[2]), int(match[3])
        year += 2000 if year < 100 else 0
        if order is None or order == "iso":
            raise CellError(f"{text!r} could be read month first or day first; say which above")
        return date(year, first, second) if order == "month_first" else date(year, second, first)
    raise CellError(f"{text!r} is not a day; write 2025-03-05 or 03/05/2025")


def detect_date_order(values: Iterable[object]) -> DateOrder | None:
    """Return how the slashed days of a column are ordered, when one of them gives it away; else None."""
    slashed = False
    for value in values:
        match = _SLASH_DAY.fullmatch(str(value or "").strip().split(" ")[0]) if isinstance(value, str) else None
        if match is None:
            continue
        slashed = True
        if int(match[1]) > 12:
            return "day_first"
        if int(match[2]) > 12:
            return "month_first"
    return None if slashed else "iso"


def parse_clock(value: object) -> time:
    """Return a clock time: 13:26, 13:26:00, 01:26:00 PM, or a spreadsheet time or date-time."""
    if isinstance(value, datetime):
        return value.time()
    if isinstance(value, time):
        return value
    text = str(value or "").strip()
    match = _CLOCK.fullmatch(text)
    if match is None:
        raise CellError(f"{text!r} is not a time of day; write 09:30 or 9:30 AM")
    hour, minute, second = int(match[1]), int(match[2]), int(match[3] or 0)
    meridiem = (match[4] or "").replace(".", "").lower()
    if meridiem and not 1 <= hour <= 12 or hour > 23:
        raise CellError(f"{text!r} is not a time of day")
    if meridiem:
        hour = hour % 12 + (12 if meridiem == "pm" else 0)
    return time(hour, minute, second)


def hours_between(start: time, end: time) -> Decimal:
    """Return the hours from `start` to `end`, past midnight when `end` is earlier."""
    seconds = (end.hour - start.hour) * 3600 + (end.minute - start.minute) * 60 + (end.second - start.second)
    return Decimal(seconds % 86400) / 3600


def round_to_step(hours: Decimal, step: Decimal) -> Decimal:
    """Return `hours` rounded to the nearest whole `step` (half a step rounds up)."""
    try:
        return (hours / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step
    except InvalidOperation:
        raise CellError(f"{hours} hours cannot be rounded") from None


def duration_text(hours: Decimal) -> str:
    """Return hours as a clock duration, 1.2833 -> '1:17', as trackers show it."""
    minutes = int((hours * 60).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return f"{minutes // 60}:{minutes % 60:02d}"
