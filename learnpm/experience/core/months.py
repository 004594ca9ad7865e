"""Calendar months as values: PMI counts experience in whole months, never days."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import overload

_MONTH_TEXT = re.compile(r"(\d{4})-(\d{2})")


@dataclass(frozen=True, order=True, slots=True)
class Month:
    """A calendar month (year, month), ordered and hashable; `+ n` and `- n` move by months, `a - b` counts them."""

    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise ValueError(f"month must be 1 to 12, not {self.month}")
        if not 1 <= self.year <= 9999:
            raise ValueError(f"year must be 1 to 9999, not {self.year}")

    @classmethod
    def of(cls, day: date) -> Month:
        """Return the month that holds `day`."""
        return cls(day.year, day.month)

    @classmethod
    def parse(cls, text: str) -> Month:
        """Parse an ISO year-month such as 2024-03; raise ValueError otherwise."""
        match = _MONTH_TEXT.fullmatch(text.strip())
        if match is None:
            raise ValueError(f"{text!r} is not a month; write YYYY-MM, e.g. 2024-03")
        return cls(int(match[1]), int(match[2]))

    @classmethod
    def from_index(cls, index: int) -> Month:
        """Return the month `index` months after January of year 0 (the inverse of `index`)."""
        year, zero_based = divmod(index, 12)
        return cls(year, zero_based + 1)

    @property
    def index(self) -> int:
        """Return a running month number, so that consecutive months differ by one."""
        return self.year * 12 + self.month - 1

    def __add__(self, months: int) -> Month:
        if not isinstance(months, int):
            return NotImplemented
        return Month.from_index(self.index + months)

    @overload
    def __sub__(self, other: Month) -> int: ...

    @overload
    def __sub__(self, other: int) -> Month: ...

    def __sub__(self, other: Month | int) -> int | Month:
        if isinstance(other, Month):
            return self.index - other.index
        if isinstance(other, int):
            return Month.from_index(self.index - other)
        return NotImplemented

    def next(self) -> Month:
        """Return the following month."""
        return self + 1

    def first_day(self) -> date:
        """Return the first day of the month."""
        return date(self.year, self.month, 1)

    def last_day(self) -> date:
        """Return the last day of the month."""
        if self == Month(9999, 12):
            return date(9999, 12, 31)
        return self.next().first_day() - timedelta(days=1)

    def contains(self, day: date) -> bool:
        """Return whether `day` falls in this month."""
        return (day.year, day.month) == (self.year, self.month)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


@dataclass(frozen=True, order=True, slots=True)
class MonthSpan:
    """The months from `first` to `last`, both included; never empty."""

    first: Month
    last: Month

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise ValueError(f"a span cannot end ({self.last}) before it starts ({self.first})")

    @classmethod
    def ending_with(cls, last: Month, length: int) -> MonthSpan:
        """Return the `length` months that end with `last` (PMI's window ending with the month of submission)."""
        if length < 1:
            raise ValueError(f"a span needs at least one month, not {length}")
        return cls(last - (length - 1), last)

    def __len__(self) -> int:
        return self.last - self.first + 1

    def __iter__(self) -> Iterator[Month]:
        return month_range(self.first, self.last)

    def __contains__(self, month: object) -> bool:
        return isinstance(month, Month) and self.first <= month <= self.last

    def clip(self, other: MonthSpan) -> MonthSpan | None:
        """Return the months this span shares with `other`, or None when they share none."""
        first, last = max(self.first, other.first), min(self.last, other.last)
        return MonthSpan(first, last) if first <= last else None

    def __str__(self) -> str:
        return f"{self.first}..{self.last}"


def month_range(first: Month, last: Month) -> Iterator[Month]:
    """Yield every month from `first` to `last`, both included (nothing when last < first)."""
    for index in range(first.index, last.index + 1):
        yield Month.from_index(index)


def merge_month_spans(spans: Iterable[MonthSpan]) -> tuple[MonthSpan, ...]:
    """Merge overlapping and adjacent spans into the fewest spans that cover the same months, in order."""
    merged: list[MonthSpan] = []
    for span in sorted(spans):
        if merged and span.first <= merged[-1].last.next():
            if span.last > merged[-1].last:
                merged[-1] = MonthSpan(merged[-1].first, span.last)
        else:
            merged.append(span)
    return tuple(merged)


