"""Keyset pages of a list in a chosen order: the order's columns, then the id, compared with the last row shown.

A cursor names the last row by the values of its order's columns joined by "_" ("2_2025-03-01_412"); a cursor that
does not parse for the order asked is ignored, and the list starts again at its beginning.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import and_, or_
from sqlalchemy.sql import ColumnElement

CURSOR_LENGTH = 80  # characters of a cursor read; every real cursor is far shorter
SEPARATOR = "_"


@dataclass(frozen=True)
class Key:
    """One column of an order: its SQL expression, its direction, how a cursor writes and reads its value."""

    column: ColumnElement[Any]
    descending: bool
    parse: Callable[[str], Any]
    write: Callable[[Any], str] = str


def write_cursor(values: Sequence[Any], keys: Sequence[Key]) -> str:
    """Return the cursor of a row from the values of its order's columns."""
    return SEPARATOR.join(key.write(value) for key, value in zip(keys, values, strict=True))


def read_cursor(cursor: str | None, keys: Sequence[Key]) -> list[Any] | None:
    """Return the values a cursor names, or None for a missing or malformed one (the first page then)."""
    parts = (cursor or "")[:CURSOR_LENGTH].split(SEPARATOR)
    if not cursor or len(parts) != len(keys):
        return None
    try:
        return [key.parse(part) for key, part in zip(keys, parts, strict=True)]
    except (ValueError, InvalidOperation):
        return None


def rows_after(keys: Sequence[Key], values: Sequence[Any]) -> ColumnElement[bool]:
    """Return the condition of the rows that come after these values in the keys' order (directions may differ)."""
    steps = []
    for index, key in enumerate(keys):
        equal = [earlier.column == value for earlier, value in zip(keys[:index], values)]
        beyond = key.column < values[index] if key.descending else key.column > values[index]
        steps.append(and_(*equal, beyond))
    return or_(*steps)


def order_clauses(keys: Sequence[Key]) -> list[ColumnElement[Any]]:
    """Return the ORDER BY clauses of the keys."""
    return [key.column.desc() if key.descending else key.column.asc() for key in keys]


# No amount a list sorts by comes near these; PostgreSQL refuses numbers far larger, or far finer, than them.
DECIMAL_BOUND, DECIMAL_PLACES = Decimal(10) ** 9, 12


def parse_decimal(text: str) -> Decimal:
    """Read a decimal written by a cursor, refusing infinities, NaN and numbers no row could hold."""
    value = Decimal(text)
    if not value.is_finite() or abs(value) >= DECIMAL_BOUND or int(value.as_tuple().exponent) < -DECIMAL_PLACES:
        raise ValueError(text)
    return value


def parse_day(text: str) -> date:
    """Read a day written by a cursor."""
    return date.fromisoformat(text)


def parse_id(text: str) -> int:
    """Read a row id (or a small rank) written by a cursor."""
    if not text.isdigit() or len(text) > 18:
        raise ValueError(text)
    return int(text)
