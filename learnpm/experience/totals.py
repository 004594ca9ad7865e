"""The hours totals table kept equal to the entries: refreshed on every flush that writes an entry, read by SQL sums.

Whatever writes an entry (a form, an import, a restore of a file, the demo) goes through the session, so one
listener keeps the buckets of the months it touched equal to what the pure core computes from their entries.
Deleting a project removes its buckets with it (a foreign key cascade, like its entries), and its learner's
monthly rollup (hours_month_totals, the buckets summed over projects) is summed again.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from sqlalchemy import (
    Connection,
    Date,
    String,
    bindparam,
    cast,
    delete,
    event,
    func,
    insert,
    inspect,
    null,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from learnpm.auth.models import User
from learnpm.db import read
from learnpm.experience.core.entries import Entry
from learnpm.experience.core.months import Month
from learnpm.experience.core.totals import ALL, BucketKey, LogTotals, bucket_totals, month_rollup
from learnpm.experience.models import HoursEntry, HoursMonthTotal, HoursTotal, Project

# (user id, project id, first day of the month): the unit one write refreshes.
MonthKey = tuple[int, int, date]


def log_totals(session: Session, user_id: int, project_ids: Iterable[int] | None = None) -> LogTotals:
    """Return the sums of a learner's log by month and by tag (from the monthly rollup, whatever the number of
    projects), and by project for `project_ids` (the learner's own; every project when None)."""
    months, tags = [], []
    for month, tag, hours in read(session, _MONTHS_AND_TAGS, {"user_id": user_id}):
        if tag is None:
            months.append((month, hours))
        else:
            tags.append((tag, hours))
    # A few projects' buckets are read by their primary key (the learner's own ids); the learner's index would
    # read the buckets of all their projects.
    projects = (read(session, _BY_PROJECT, {"user_id": user_id}) if project_ids is None
                else read(session, _BY_PROJECT_OF, {"ids": list(project_ids)}))
    return LogTotals(dict(sorted((Month.of(month), Decimal(hours)) for month, hours in months)),
                     {str(project): Decimal(hours) for project, hours in projects},
                     {tag: Decimal(hours) for tag, hours in tags})


# Every dashboard that shows hours asks these: built once, the learner or the projects as parameters.
# The months' totals (with no tag) and the tags' sums over all months (with no month), in one statement.
_MONTHS_AND_TAGS = union_all(
    select(HoursMonthTotal.month, cast(null(), String).label("tag"), HoursMonthTotal.hours)
    .where(HoursMonthTotal.user_id == bindparam("user_id"), HoursMonthTotal.tag == ALL),
    select(cast(null(), Date), HoursMonthTotal.tag, func.sum(HoursMonthTotal.hours))
    .where(HoursMonthTotal.user_id == bindparam("user_id"), HoursMonthTotal.tag != ALL)
    .group_by(HoursMonthTotal.tag))
_BY_PROJECT = (select(HoursTotal.project_id, func.sum(HoursTotal.hours))
               .where(HoursTotal.tag == ALL, HoursTotal.user_id == bindparam("user_id"))
               .group_by(HoursTotal.project_id))
_BY_PROJECT_OF = (select(HoursTotal.project_id, func.sum(HoursTotal.hours))
                  .where(HoursTotal.tag == ALL, HoursTotal.project_id.in_(bindparam("ids", expanding=True)))
                  .group_by(HoursTotal.project_id))


def period_totals(session: Session, user_id: int, first: date, last: date, totals: LogTotals) -> LogTotals:
    """Return the sums of a learner's log over the months from `first` to `last` (their first days), by month (from
    `totals`, the whole log's) and by tag (from the monthly rollup)."""
    tags = read(session, select(HoursMonthTotal.tag, func.sum(HoursMonthTotal.hours))
                         .where(HoursMonthTotal.user_id == user_id, HoursMonthTotal.tag != ALL,
                                HoursMonthTotal.month >= first, HoursMonthTotal.month <= last)
                         .group_by(HoursMonthTotal.tag))
    months = {month: hours for month, hours in totals.months.items() if first <= month.first_day() <= last}
    return LogTotals(months, {}, {tag: Decimal(hours) for tag, hours in tags})


def stored_rollup(session: Session, user_id: int) -> dict[tuple[Month, str], Decimal]:
    """Return a learner's monthly rollup as the table holds it."""
    rows = read(session, select(HoursMonthTotal.month, HoursMonthTotal.tag, HoursMonthTotal.hours)
                         .where(HoursMonthTotal.user_id == user_id))
    return {(Month.of(month), tag): Decimal(hours) for month, tag, hours in rows}


def stored_buckets(session: Session, user_id: int) -> dict[BucketKey, Decimal]:
    """Return a learner's buckets as the table holds them."""
    rows = read(session, select(HoursTotal.project_id, HoursTotal.month, HoursTotal.tag, HoursTotal.hours)
                         .where(HoursTotal.user_id == user_id))
    return {(str(project), Month.of(month), tag): Decimal(hours) for project, month, tag, hours in rows}


def computed_buckets(session: Session, user_id: int) -> dict[BucketKey, Decimal]:
    """Return a learner's buckets as the pure core computes them from their entries."""
    return bucket_totals(_entries(session.connection(), HoursEntry.user_id == user_id))


def drift(session: Session, user_id: int) -> dict[BucketKey, tuple[Decimal, Decimal]]:
    """Return the sums whose stored hours differ from the entries', as (stored, computed); empty when equal.

    A bucket of the monthly rollup is keyed with the project "all"."""
    computed = computed_buckets(session, user_id)
    stored = stored_buckets(session, user_id)
    stored |= {("all", month, tag): hours for (month, tag), hours in stored_rollup(session, user_id).items()}
    computed |= {("all", month, tag): hours for (month, tag), hours in month_rollup(computed).items()}
    return {key: (stored.get(key, Decimal(0)), computed.get(key, Decimal(0)))
            for key in sorted(stored.keys() | computed.keys(), key=_sort_key)
            if stored.get(key) != computed.get(key)}


def users_with_hours(session: Session) -> list[int]:
    """Return every learner with an entry or a stored bucket."""
    rows = read(session, select(HoursEntry.user_id).union(select(HoursTotal.user_id)))
    return sorted(user_id for (user_id,) in rows)


def _sort_key(key: BucketKey) -> tuple[int, Month, str]:
    return (int(key[0]) if key[0].isdigit() else -1), key[1], key[2]


def rebuild(session: Session, user_id: int) -> None:
    """Recompute every bucket of a learner from their entries."""
    connection = session.connection()
    connection.execute(delete(HoursTotal).where(HoursTotal.user_id == user_id))
    _insert(connection, user_id, computed_buckets(session, user_id))
    _refresh_rollup(connection, user_id, None)


def refresh(connection: Connection, keys: Iterable[MonthKey]) -> None:
    """Recompute the buckets of these project-months from their entries, one project at a time."""
    by_project: dict[tuple[int, int], set[date]] = defaultdict(set)
    for user_id, project_id, month in keys:
        by_project[(user_id, project_id)].add(month)
    for (user_id, project_id), months in by_project.items():
        entries = [entry for first, after in _runs(months) for entry in _as_entries(connection.execute(
            _PROJECT_ENTRIES, {"project_id": project_id, "first": first, "after": after}))]
        buckets = bucket_totals(entries)
        connection.execute(_DROP_BUCKETS, {"project_id": project_id, "months": sorted(months)})
        _insert(connection, user_id, buckets)
    by_user: dict[int, set[date]] = defaultdict(set)
    for user_id, _project, month in keys:
        by_user[user_id].add(month)
    for user_id, months in by_user.items():
        _refresh_rollup(connection, user_id, months)


def _refresh_rollup(connection: Connection, user_id: int, months: set[date] | None) -> None:
    """Sum a learner's project buckets of these months (all months when None) into the monthly rollup."""
    if months is None:
        connection.execute(_DROP_ROLLUP, {"user_id": user_id})
        connection.execute(_SUM_ROLLUP, {"user_id": user_id})
    else:
        connection.execute(_DROP_ROLLUP_MONTHS, {"user_id": user_id, "months": sorted(months)})
        connection.execute(_SUM_ROLLUP_MONTHS, {"user_id": user_id, "months": sorted(months)})


# Every write of an entry runs these: built once, with the project, the learner and the months as parameters.
_ENTRY_COLUMNS = select(HoursEntry.project_id, HoursEntry.day, HoursEntry.hours, HoursEntry.process_groups,
                        HoursEntry.domains)
_PROJECT_ENTRIES = _ENTRY_COLUMNS.where(HoursEntry.project_id == bindparam("project_id"),
                                        HoursEntry.day >= bindparam("first"), HoursEntry.day < bindparam("after"))
_DROP_BUCKETS = delete(HoursTotal).where(HoursTotal.project_id == bindparam("project_id"),
                                         HoursTotal.month.in_(bindparam("months", expanding=True)))
_INSERT_BUCKETS = insert(HoursTotal)
_DROP_ROLLUP = delete(HoursMonthTotal).where(HoursMonthTotal.user_id == bindparam("user_id"))
_DROP_ROLLUP_MONTHS = _DROP_ROLLUP.where(HoursMonthTotal.month.in_(bindparam("months", expanding=True)))
_SUMS = (select(HoursTotal.user_id, HoursTotal.month, HoursTotal.tag, func.sum(HoursTotal.hours))
         .where(HoursTotal.user_id == bindparam("user_id"))
         .group_by(HoursTotal.user_id, HoursTotal.month, HoursTotal.tag))
_ROLLUP_COLUMNS = ["user_id", "month", "tag", "hours"]
_SUM_ROLLUP = insert(HoursMonthTotal).from_select(_ROLLUP_COLUMNS, _SUMS)
_SUM_ROLLUP_MONTHS = insert(HoursMonthTotal).from_select(
    _ROLLUP_COLUMNS, _SUMS.where(HoursTotal.month.in_(bindparam("months", expanding=True))))


def _entries(connection: Connection, where) -> list[Entry]:
    return _as_entries(connection.execute(_ENTRY_COLUMNS.where(where)))


def _as_entries(rows) -> list[Entry]:
    return [Entry(str(project), day, hours, process_groups=frozenset(groups or ()), domains=frozenset(kinds or ()))
            for project, day, hours, groups, kinds in rows]


def _insert(connection: Connection, user_id: int, buckets: dict[BucketKey, Decimal]) -> None:
    if buckets:
        connection.execute(_INSERT_BUCKETS, [
            {"project_id": int(project), "month": date(month.year, month.month, 1), "tag": tag, "user_id": user_id,
             "hours": hours} for (project, month, tag), hours in buckets.items()])


def _runs(months: set[date]) -> list[tuple[date, date]]:
    """Return the months as runs of consecutive ones, each as (its first day, the day after it): one range to read
    for an entry's month or an import's years, two for an entry moved from one month to another."""
    runs: list[list[date]] = []
    for month in sorted(months):
        if runs and _next_month(runs[-1][1]) == month:
            runs[-1][1] = month
        else:
            runs.append([month, month])
    return [(first, _next_month(last)) for first, last in runs]


def _next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def _month_keys(entry: HoursEntry) -> set[MonthKey]:
    """Return the project-months an entry was in before this flush and is in after it."""
    state = inspect(entry)
    keys = set()
    if entry.project_id is not None and entry.day is not None:
        keys.add((entry.user_id, entry.project_id, entry.day.replace(day=1)))
    projects = state.attrs.project_id.history.deleted or [entry.project_id]
    days = state.attrs.day.history.deleted or [entry.day]
    for project in projects:
        for day in days:
            if project is not None and day is not None:
                keys.add((entry.user_id, project, day.replace(day=1)))
    return keys


@event.listens_for(Session, "after_flush")
def _refresh_after_flush(session: Session, _context: object) -> None:
    """Refresh the buckets of every project-month an entry written in this flush was or is in."""
    touched = [obj for obj in (*session.new, *session.dirty, *session.deleted) if isinstance(obj, HoursEntry)]
    if touched:
        keys = set().union(*(_month_keys(entry) for entry in touched))
        _lock_learners(session.connection(), {user_id for user_id, _project, _month in keys})
        refresh(session.connection(), keys)
    # A project's buckets go with it by the database's cascade; the rollup of its learner's months is summed again.
    dropped = {obj.user_id for obj in session.deleted if isinstance(obj, Project)}
    _lock_learners(session.connection(), dropped)
    for user_id in dropped:
        _refresh_rollup(session.connection(), user_id, None)


def _lock_learners(connection: Connection, user_ids: set[int]) -> None:
    """Take the learners' account locks (as locks.lock_accounts does) before their sums are recomputed, so that two
    requests writing entries of the same month sum one after the other, the second seeing the first's entries.

    SQLite needs nothing more: this flush has written, so this connection holds the only write lock already."""
    if user_ids and connection.dialect.name != "sqlite":
        connection.execute(_LOCK_LEARNERS, {"ids": sorted(user_ids)})


_LOCK_LEARNERS = (select(User.id).where(User.id.in_(bindparam("ids", expanding=True))).order_by(User.id)
                  .with_for_update(key_share=True))
