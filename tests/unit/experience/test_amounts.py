"""Amounts (hours, PDUs) are read once, as plain decimals within bounds, with a message a person can act on."""

from __future__ import annotations

from decimal import Decimal

import pytest

from learnpm.experience.core.amounts import AmountProblem, parse_amount, plain

DAY = Decimal(24)


@pytest.mark.parametrize(("text", "expected"), [
    ("1.5", Decimal("1.5")),
    ("  7 ", Decimal(7)),
    (".25", Decimal("0.25")),
    ("+2", Decimal(2)),
    ("1.50", Decimal("1.50")),
    ("24", Decimal(24)),
    ("0", Decimal(0)),
    ("-0", Decimal(0)),
    ("007.75", Decimal("7.75")),
])
def test_a_plain_decimal_within_bounds_is_read(text: str, expected: Decimal) -> None:
    assert parse_amount(text, 2, DAY, "hours") == expected


@pytest.mark.parametrize(("text", "message"), [
    ("NaN", "Give a number like 1.5."),
    ("nan", "Give a number like 1.5."),
    ("sNaN", "Give a number like 1.5."),
    ("Infinity", "Give a number like 1.5."),
    ("-Infinity", "Give a number like 1.5."),
    ("inf", "Give a number like 1.5."),
    ("1e28", "Give a number like 1.5."),
    ("1E-30", "Give a number like 1.5."),
    ("0x10", "Give a number like 1.5."),
    ("1_000", "Give a number like 1.5."),
    ("１２", "Give a number like 1.5."),
    ("٣", "Give a number like 1.5."),
    ("1.5.5", "Give a number like 1.5."),
    ("seven", "Give a number like 1.5."),
    ("1,5", "Give a number like 1.5; use a dot for decimals."),
    ("9" * 30, "At most 24 hours."),
    ("9" * 50, "Give a number like 1.5."),
    ("24.01", "At most 24 hours."),
    ("-1", "Give a number of zero or more."),
    ("1.255", "Use at most two decimals."),
    ("0.001", "Use at most two decimals."),
])
def test_anything_else_is_refused_saying_what_to_give(text: str, message: str) -> None:
    with pytest.raises(AmountProblem) as refused:
        parse_amount(text, 2, DAY, "hours")
    assert str(refused.value) == message


def test_a_whole_number_field_asks_for_a_whole_number() -> None:
    with pytest.raises(AmountProblem, match="Give a whole number."):
        parse_amount("1.5", 0, Decimal(100))


@pytest.mark.parametrize(("amount", "shown"), [
    (Decimal("7.50"), "7.5"), (Decimal("8.00"), "8"), (Decimal("1E+1"), "10"), (0, "0"), (12, "12"),
    (Decimal("-0"), "0"),
])
def test_an_amount_is_shown_without_trailing_zeros_whatever_its_type(amount: Decimal | int, shown: str) -> None:
    assert plain(amount) == shown
