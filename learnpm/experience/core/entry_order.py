"""The orders a project's hours can be listed in, and which column header each belongs to. Pure data."""

from __future__ import annotations

from learnpm.core.columns import SortableColumn

# Each order by the name its link carries, with the words that state it on the page.
ENTRY_SORTS = {
    "newest": "date, newest first",
    "oldest": "date, oldest first",
    "most": "hours, most first",
    "fewest": "hours, fewest first",
    "group": "process group, Initiating to Closing",
}
DEFAULT_ENTRY_SORT = "newest"

ENTRY_COLUMNS = {
    "date": SortableColumn("Date", ("newest", "oldest"), frozenset({"oldest"})),
    "hours": SortableColumn("Hours", ("most", "fewest"), frozenset({"fewest"})),
    "group": SortableColumn("Tags", ("group",), frozenset({"group"})),
}


def entry_sort(asked: str) -> str:
    """Return the asked order if it is one, else the default one."""
    return asked if asked in ENTRY_SORTS else DEFAULT_ENTRY_SORT
