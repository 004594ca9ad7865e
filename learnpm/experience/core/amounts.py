"""Hours and PDUs as exact decimals, so that steps of 0.25 and sums of many entries never drift."""

from __future__ import annotations

import re
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


def plain(amount: Decimal | int) -> str:
    """Return `amount` without trailing zeros or exponent: 7.50 -> '7.5', 8.00 -> '8', 1E+1 -> '10'."""
    text = format(Decimal(amount).normalize(), "f")
    return "0" if text in ("-0", "") else text


class AmountProblem(ValueError):
    """Text that is not an amount the log takes; the message says what to give instead, `kind` what was wrong."""

    def __init__(self, message: str, kind: str) -> None:
        super().__init__(message)
        self.kind = kind  # "not a number", "negative", "too large" or "too precise"


_AMOUNT = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_MAX_CHARS = 40  # far more than any amount needs; a longer text is not worth reading
_PLACES = {1: "one decimal", 2: "two decimals", 3: "three decimals"}


def parse_amount(text: str, places: int, maximum: Decimal, unit: str = "") -> Decimal:
    """Return the amount written in `text`, refusing non-finite, over-precise, negative and too large values.

    Only plain decimals are read (7, 7.5, .25): no exponents, NaN or Infinity, thousands separators or digits of
    other scripts, so that what is stored is what the user saw they typed.
    """
    value = text.strip()
    if len(value) > _MAX_CHARS or not _AMOUNT.fullmatch(value):
        hint = "; use a dot for decimals" if "," in value and len(value) <= _MAX_CHARS else ""
        raise AmountProblem(f"Give a number like 1.5{hint}.", "not a number")
    amount = Decimal(value)
    if amount < 0:
        raise AmountProblem("Give a number of zero or more.", "negative")
    if amount > maximum:
        raise AmountProblem(f"At most {plain(maximum)}{f' {unit}' if unit else ''}.", "too large")
    exponent = amount.normalize().as_tuple().exponent
    if isinstance(exponent, int) and exponent < -places:
        raise AmountProblem("Give a whole number." if places == 0 else
                            f"Use at most {_PLACES.get(places, f'{places} decimals')}.", "too precise")
    return amount if amount else Decimal(0)
