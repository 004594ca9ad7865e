"""Keyset pagination: a page of rows after a cursor, never more than a bounded number of them.

A cursor names the last row shown by its sort key and id ("2026-03-01.412"), so the next page costs the same
whatever its depth: the database seeks to the key instead of counting the rows before it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Generic, TypeVar

T = TypeVar("T")

PAGE_SIZE = 50
ID_DIGITS = 18  # the most an id in a cursor may have: below the 64-bit limit of SQLite and PostgreSQL


@dataclass(frozen=True)
class Page(Generic[T]):
    """The rows of one page and the cursor of the next page (None on the last one)."""

    items: Sequence[T]
    next_cursor: str | None
    first: bool  # True when the page starts at the beginning of the list


def page_of(rows: Sequence[T], size: int, cursor_of, first: bool) -> Page[T]:
    """Return a page from `size + 1` rows read: the extra row only tells that another page follows."""
    items = rows[:size]
    following = cursor_of(items[-1]) if len(rows) > size and items else None
    return Page(items, following, first)


def date_cursor(day: date, row_id: int) -> str:
    """Return the cursor of a row sorted by a day, then by id."""
    return f"{day.isoformat()}.{row_id}"


def parse_date_cursor(cursor: str | None) -> tuple[date, int] | None:
    """Return the (day, id) a cursor names, or None for a missing or malformed one (the first page then)."""
    if not cursor:
        return None
    day, _, row_id = cursor.partition(".")
    if len(row_id) > ID_DIGITS:  # no row has such an id, and the database would refuse to compare it
        return None
    try:
        return date.fromisoformat(day), int(row_id)
    except ValueError:
        return None


def parse_id_cursor(cursor: str | None) -> int | None:
    """Return the id a cursor names, or None for a missing or malformed one."""
    if cursor and len(cursor) > ID_DIGITS:
        return None
    try:
        return int(cursor) if cursor else None
    except ValueError:
        return None
