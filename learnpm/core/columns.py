"""A table's column headers that sort it: which orders each stands for, and how a header states its order."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SortableColumn:
    """A column header that sorts the table: its orders, the first one a click on it chooses."""

    label: str
    orders: tuple[str, ...]  # the first is chosen from another column; a click on the current one goes to the next
    ascending: frozenset[str] = frozenset()  # the orders that go up the column (A to Z, oldest first...)

    def aria_sort(self, current: str) -> str | None:
        """Return the header's aria-sort value under the current order (None when the table is not sorted by it)."""
        if current not in self.orders:
            return None
        return "ascending" if current in self.ascending else "descending"

    def next_order(self, current: str) -> str:
        """Return the order a click on this header asks for."""
        if current not in self.orders:
            return self.orders[0]
        return self.orders[(self.orders.index(current) + 1) % len(self.orders)]
