"""Sortable tables: what a header says of the current order and where a click on it leads; the mentees' orders."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from learnpm.core.columns import SortableColumn
from learnpm.experience.core.entry_order import ENTRY_COLUMNS, entry_sort
from learnpm.main.core.mentee_order import MenteeFacts, mentee_sort, sort_mentees

DATE = ENTRY_COLUMNS["date"]


@pytest.mark.parametrize(("column", "current", "state", "click"), [
    (DATE, "newest", "descending", "oldest"),
    (DATE, "oldest", "ascending", "newest"),
    (DATE, "most", None, "newest"),
    (ENTRY_COLUMNS["hours"], "newest", None, "most"),
    (ENTRY_COLUMNS["hours"], "most", "descending", "fewest"),
    (ENTRY_COLUMNS["hours"], "fewest", "ascending", "most"),
    (ENTRY_COLUMNS["group"], "group", "ascending", "group"),
    (SortableColumn("Name", ("name",), frozenset({"name"})), "", None, "name"),
])
def test_a_header_states_its_order_and_a_click_asks_for_the_next(column, current, state, click):
    assert column.aria_sort(current) == state
    assert column.next_order(current) == click


@pytest.mark.parametrize(("asked", "used"), [("oldest", "oldest"), ("", "newest"), ("OLDEST", "newest"),
                                             ("group ", "newest")])
def test_an_unknown_order_of_the_entries_is_the_default(asked, used):
    assert entry_sort(asked) == used


def moment(day: int) -> datetime:
    return datetime(2026, 3, day, tzinfo=timezone.utc)


MENTEES = [
    MenteeFacts("Émile", moment(20), 0, 30, 60),
    MenteeFacts("zoe", None, None, None, None),  # shares nothing, never active
    MenteeFacts("Bea", moment(2), 4, 70, 60),  # more months than required: ready
    MenteeFacts("adam", moment(10), 4, 36, 36),
]


@pytest.mark.parametrize(("sort", "names"), [
    ("joined", ["Émile", "zoe", "Bea", "adam"]),
    ("name", ["adam", "Bea", "Émile", "zoe"]),  # case and accents aside
    ("quiet", ["zoe", "Bea", "adam", "Émile"]),  # never active is the quietest
    ("recent", ["Émile", "adam", "Bea", "zoe"]),
    ("waiting", ["Bea", "adam", "Émile", "zoe"]),  # ties keep the order they joined in; not shared last
    ("readiness", ["Bea", "adam", "Émile", "zoe"]),
    ("bogus", ["Émile", "zoe", "Bea", "adam"]),
])
def test_mentees_sort_with_what_they_do_not_share_last(sort, names):
    assert [m.name for m in sort_mentees(MENTEES, lambda m: m, mentee_sort(sort))] == names
