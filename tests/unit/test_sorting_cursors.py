"""Cursors of lists in a chosen order: written from a row's values, read back, and anything else ignored."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import Column, Date, Integer, MetaData, Numeric, Table, select
from sqlalchemy.dialects import postgresql, sqlite

from learnpm.sorting import (
    Key,
    order_clauses,
    parse_day,
    parse_decimal,
    parse_id,
    read_cursor,
    rows_after,
    write_cursor,
)

ROWS = Table("rows", MetaData(), Column("id", Integer), Column("day", Date), Column("hours", Numeric(6, 2)))
KEYS = [Key(ROWS.c.hours, True, parse_decimal), Key(ROWS.c.day, False, parse_day), Key(ROWS.c.id, True, parse_id)]


def test_a_cursor_reads_back_the_values_it_was_written_from() -> None:
    values = [Decimal("2.50"), date(2025, 3, 1), 412]
    cursor = write_cursor(values, KEYS)
    assert cursor == "2.50_2025-03-01_412"
    assert read_cursor(cursor, KEYS) == values


@pytest.mark.parametrize("cursor", [
    None, "", "2.50_2025-03-01", "2.50_2025-03-01_412_9", "x_2025-03-01_412", "2.50_2025-13-01_412",
    "2.50_2025-03-01_-4", "2.50_2025-03-01_4.5", "NaN_2025-03-01_1", "Infinity_2025-03-01_1", "1E99_2025-03-01_1",
    "1E-99_2025-03-01_1", "2.50_2025-03-01_" + "9" * 19, "2.50_2025-03-01_" + "1" * 100,
])
def test_anything_but_a_cursor_of_the_order_is_ignored(cursor: str | None) -> None:
    assert read_cursor(cursor, KEYS) is None


@pytest.mark.parametrize("dialect", [sqlite.dialect(), postgresql.dialect()])
def test_the_rows_after_a_cursor_follow_each_columns_direction(dialect) -> None:
    query = select(ROWS.c.id).where(rows_after(KEYS, [Decimal("2.50"), date(2025, 3, 1), 412]))
    sql = " ".join(str(query.order_by(*order_clauses(KEYS)).compile(dialect=dialect)).split())
    assert "rows.hours < " in sql and "rows.hours = " in sql and "rows.day > " in sql and "rows.id < " in sql
    assert sql.endswith("ORDER BY rows.hours DESC, rows.day ASC, rows.id DESC")
