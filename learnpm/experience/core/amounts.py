"""Hours and PDUs as exact decimals, so that steps of 0.25 and sums of many entries never drift."""

from __future__ import annotations

from decimal import Decimal

Number = Decimal | int | float


def as_decimal(value: Number) -> Decimal:
    """Return `value` as a finite Decimal; a float is read as its shortest repr (0.1 stays 0.1)."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int | float):
        raise TypeError(f"expected a number, not {value!r}")
    amount = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if not amount.is_finite():
        raise ValueError(f"expected a finite number, not {value!r}")
    return amount


def in_steps(amount: Decimal, step: Decimal) -> bool:
    """Return whether `amount` is a whole number of `step`s."""
    return amount % step == 0


def plain(amount: Decimal) -> str:
    """Return `amount` without trailing zeros or exponent: 7.50 -> '7.5', 8.00 -> '8', 1E+1 -> '10'."""
    text = format(amount.normalize(), "f")
    return "0" if text in ("-0", "") else text
