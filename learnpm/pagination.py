"""Keyset pagination: a page of rows after a cursor, never more than a bounded number of them.

A cursor names the last row shown by its sort key and id ("2026-03-01.412"), so the next page costs the same
whatever its depth: the database seeks to the key instead of counting the rows before it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Any, Generic, TypeVar

from sqlalchemy import Integer, Select, bindparam, tuple_
from sqlalchemy.orm import Session

T = TypeVar("T")

PAGE_SIZE = 50
MAX_ID = 2**63 - 1  # the largest id a database column holds; a larger one in an address names no row


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


@dataclass(frozen=True)
class NewestFirst:
    """The pages of one owner's rows, the largest key first, as two statements built once: the first page, and a
    page after a cursor. Every view of a list asks one of them, and building a statement and its cache key again
    each time cost more than the database takes to answer it."""

    first: Select
    after: Select

    @classmethod
    def of(cls, query: Select, key: tuple[Any, Any]) -> NewestFirst:
        """Page `query` (whose own values are bind parameters) by `key`, a sort column then the id."""
        order, limit = [column.desc() for column in key], bindparam("page_limit", type_=Integer)
        after = tuple_(*(bindparam(name, type_=column.type) for name, column in zip(("after_key", "after_id"), key)))
        return cls(query.order_by(*order).limit(limit), query.where(tuple_(*key) < after).order_by(*order).limit(limit))


def newest_first(session: Session, pages: NewestFirst, values: dict[str, Any], after: tuple[Any, Any] | None,
                 size: int, cursor_of: Callable[[Any], str]) -> Page[Any]:
    """Return the page of rows that follows `after` (the first page when None), `values` filling the query's own
    parameters; `cursor_of` names a row for the next page's cursor."""
    values = {**values, "page_limit": size + 1}
    if after is not None:
        values["after_key"], values["after_id"] = after
    rows = list(session.scalars(pages.first if after is None else pages.after, values))
    return page_of(rows, size, cursor_of, after is None)


def date_cursor(day: date, row_id: int) -> str:
    """Return the cursor of a row sorted by a day, then by id."""
    return f"{day.isoformat()}.{row_id}"


def parse_date_cursor(cursor: str | None) -> tuple[date, int] | None:
    """Return the (day, id) a cursor names, or None for a missing or malformed one (the first page then)."""
    if not cursor:
        return None
    day, _, row_id = cursor.partition(".")
    try:
        return date.fromisoformat(day), _row_id(row_id)
    except ValueError:
        return None


EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
TEXT_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")  # the ids made by secrets.token_urlsafe, and no other


def time_cursor(moment: datetime, row_id: int | str) -> str:
    """Return the cursor of a row sorted by a time (stored in UTC), then by id: microseconds since 1970, and id."""
    utc = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    return f"{(utc - EPOCH) // timedelta(microseconds=1)}.{row_id}"


def parse_time_cursor(cursor: str | None) -> tuple[datetime, int] | None:
    """Return the (UTC time, id) a cursor names, or None for a missing or malformed one (the first page then)."""
    if not cursor:
        return None
    micros, _, row_id = cursor.partition(".")
    try:
        return EPOCH + timedelta(microseconds=int(micros)), _row_id(row_id)
    except (ValueError, OverflowError):
        return None


def parse_time_text_cursor(cursor: str | None) -> tuple[datetime, str] | None:
    """Return the (UTC time, id) a cursor names for rows whose ids are short texts, or None for a missing or
    malformed one (the first page then)."""
    parsed = parse_time_cursor(cursor and cursor.partition(".")[0] + ".0")
    text_id = (cursor or "").partition(".")[2]
    if parsed is None or not TEXT_ID.fullmatch(text_id):
        return None
    return parsed[0], text_id


def parse_id_cursor(cursor: str | None) -> int | None:
    """Return the id a cursor names, or None for a missing or malformed one."""
    try:
        return _row_id(cursor) if cursor else None
    except ValueError:
        return None


def _row_id(text: str) -> int:
    """Return the id a cursor names; raise ValueError for one no row can have."""
    row_id = int(text)
    if not 0 <= row_id <= MAX_ID:
        raise ValueError(f"{text!r} is not an id")
    return row_id


def id_page(rows: Sequence[T], size: int, first: bool) -> Page[T]:
    """Return a page of rows sorted by id alone, from `size + 1` rows read."""
    return page_of(rows, size, lambda row: str(row.id), first)  # type: ignore[attr-defined]
