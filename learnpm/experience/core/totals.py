"""Hours totals: which sums an entry counts toward, and the figures the dashboards show from those sums. Pure.

Every entry adds its hours to buckets keyed by (project, month, tag): the tag ALL once, then each of its process
groups (or UNTAGGED_GROUP when it has none) and each of its domains (or UNTAGGED_DOMAIN). An entry tagged with two
groups so counts in full toward each of them, and its hours toward the total once. The database keeps these
buckets as they change, so a dashboard sums a few rows per month instead of reading every entry; the same buckets
computed here from the entries are what `learnpm db check` compares them with.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Protocol

from learnpm.experience.core.months import Month

ZERO = Decimal(0)
ALL = "*"
GROUP, DOMAIN = "group:", "domain:"
UNTAGGED_GROUP, UNTAGGED_DOMAIN = GROUP, DOMAIN  # the prefix alone: no group (or no domain) given

BucketKey = tuple[str, Month, str]  # (project reference, month, tag)


class LoggedHours(Protocol):
    """What a bucket needs of an entry (the core's Entry, or anything shaped like it)."""

    project_ref: str
    day: date
    hours: Decimal
    process_groups: frozenset[str]
    domains: frozenset[str]


@dataclass(frozen=True)
class HoursByTag:
    """Hours per tag in the rule set's order (an entry with several tags counts in each), untagged and total."""

    hours: Mapping[str, Decimal]
    untagged: Decimal
    total: Decimal


def entry_tags(process_groups: Iterable[str], domains: Iterable[str]) -> tuple[str, ...]:
    """Return the tags an entry's hours count toward: ALL, its groups (or none given), its domains (or none)."""
    groups = sorted(set(process_groups)) or [""]
    kinds = sorted(set(domains)) or [""]
    return (ALL, *(GROUP + group for group in groups), *(DOMAIN + domain for domain in kinds))


def bucket_totals(entries: Iterable[LoggedHours], tagged: bool = True) -> dict[BucketKey, Decimal]:
    """Return the hours of every (project, month, tag) bucket the entries fill (with `tagged` False, of the ALL
    buckets alone: what sums by month and by project need)."""
    totals: dict[BucketKey, Decimal] = defaultdict(Decimal)
    months: dict[date, Month] = {}
    for entry in entries:
        month = months.get(entry.day) or months.setdefault(entry.day, Month.of(entry.day))
        for tag in _tags(frozenset(entry.process_groups), frozenset(entry.domains)) if tagged else (ALL,):
            totals[(entry.project_ref, month, tag)] += entry.hours
    return dict(totals)


@functools.lru_cache(maxsize=4096)
def _tags(process_groups: frozenset[str], domains: frozenset[str]) -> tuple[str, ...]:
    return entry_tags(process_groups, domains)


def month_rollup(buckets: Mapping[BucketKey, Decimal]) -> dict[tuple[Month, str], Decimal]:
    """Return the buckets summed over projects: the hours of each (month, tag)."""
    rollup: dict[tuple[Month, str], Decimal] = defaultdict(Decimal)
    for (_project, month, tag), hours in buckets.items():
        rollup[(month, tag)] += hours
    return dict(rollup)


@dataclass(frozen=True)
class LogTotals:
    """The sums of a learner's log: hours per month, per project and per tag, and in all."""

    months: Mapping[Month, Decimal] = field(default_factory=dict)
    projects: Mapping[str, Decimal] = field(default_factory=dict)
    tags: Mapping[str, Decimal] = field(default_factory=dict)  # without ALL: the total holds it

    @property
    def total(self) -> Decimal:
        """Return every hour logged."""
        return sum(self.months.values(), ZERO)

    @classmethod
    def of_buckets(cls, buckets: Mapping[BucketKey, Decimal]) -> LogTotals:
        """Return the sums of stored buckets."""
        months: dict[Month, Decimal] = defaultdict(Decimal)
        projects: dict[str, Decimal] = defaultdict(Decimal)
        tags: dict[str, Decimal] = defaultdict(Decimal)
        for (project, month, tag), hours in buckets.items():
            if tag == ALL:
                months[month] += hours
                projects[project] += hours
            else:
                tags[tag] += hours
        return cls(dict(sorted(months.items())), dict(projects), dict(tags))

    @classmethod
    def of(cls, entries: Iterable[LoggedHours], tagged: bool = True) -> LogTotals:
        """Return the sums of a log's entries (by month and project only, with `tagged` False)."""
        return cls.of_buckets(bucket_totals(entries, tagged))

    def by_process_group(self, known: Iterable[str]) -> HoursByTag:
        """Return the hours per process group, the rule set's groups first and in its order."""
        return self._by_tag(GROUP, known)

    def by_domain(self, known: Iterable[str]) -> HoursByTag:
        """Return the hours per exam domain, the rule set's domains first and in its order."""
        return self._by_tag(DOMAIN, known)

    def _by_tag(self, prefix: str, known: Iterable[str]) -> HoursByTag:
        hours = dict.fromkeys(known, ZERO)
        for tag, amount in sorted(self.tags.items()):
            if tag.startswith(prefix) and tag != prefix and amount:
                hours[tag.removeprefix(prefix)] = hours.get(tag.removeprefix(prefix), ZERO) + amount
        return HoursByTag(hours, self.tags.get(prefix, ZERO), self.total)
