"""The orders a mentor can list their mentees in on the dashboard. Pure functions."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from learnpm.core.columns import SortableColumn
from learnpm.core.search import fold

T = TypeVar("T")

# Each order by the name its link carries, with the words that state it on the page.
MENTEE_SORTS = {
    "joined": "when they became your mentee, the first first",
    "name": "name, A to Z",
    "quiet": "last active, the quietest first",
    "recent": "last active, the most recent first",
    "waiting": "reviews waiting, the most first",
    "readiness": "eligibility, the closest to eligible first",
}
DEFAULT_MENTEE_SORT = "joined"
MENTEE_COLUMNS = {
    "name": SortableColumn("Mentee", ("name",), frozenset({"name"})),
    "active": SortableColumn("Last active", ("quiet", "recent"), frozenset({"quiet"})),
    "eligibility": SortableColumn("Eligibility", ("readiness",)),
    "reviews": SortableColumn("Reviews", ("waiting",)),
}


@dataclass(frozen=True)
class MenteeFacts:
    """What the orders compare of a mentee; None where the mentee does not share it."""

    name: str
    last_active: datetime | None
    reviews_waiting: int | None
    months_counted: int | None
    months_required: int | None

    @property
    def readiness(self) -> float | None:
        """Return the share of the required months counted, 1 at most (None when not shared)."""
        if self.months_counted is None or not self.months_required:
            return None
        return min(1.0, self.months_counted / self.months_required)


def mentee_sort(asked: str) -> str:
    """Return the asked order if it is one, else the default one."""
    return asked if asked in MENTEE_SORTS else DEFAULT_MENTEE_SORT


def sort_mentees(mentees: Sequence[T], facts_of: Callable[[T], MenteeFacts], sort: str) -> list[T]:
    """Return the mentees in the asked order; a mentee who does not share what is compared comes last, and ties
    keep the order they joined in."""
    if sort not in MENTEE_SORTS or sort == DEFAULT_MENTEE_SORT:
        return list(mentees)
    return sorted(mentees, key=lambda mentee: _key(facts_of(mentee), sort))


def _key(facts: MenteeFacts, sort: str) -> tuple[bool, object]:
    """Return the sort key of a mentee: (unknown, value), so that unknown values come last."""
    if sort == "name":
        return False, fold(facts.name)
    if sort in ("quiet", "recent"):
        moment = facts.last_active.timestamp() if facts.last_active else None
        if sort == "quiet":  # never active is the quietest of all
            return False, moment if moment is not None else float("-inf")
        return moment is None, -(moment or 0)
    value = facts.reviews_waiting if sort == "waiting" else facts.readiness
    return value is None, -(value or 0)
