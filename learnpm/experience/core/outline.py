"""Logged work beside the PMP exam content outline in force on the learner's exam day: where the hours lie by
domain, and which domains hold less of them than the exam weighs.

A domain's share is its hours over the hours of every domain (an entry tagged with two domains counts in
each), so that the shares add up to 100 % like the outline's weights. The weights are the rule set's; nothing
here weighs anything itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from learnpm.experience.core.entries import Entry
from learnpm.experience.core.rules.library import RuleLibrary, default_rules
from learnpm.experience.core.rules.models import ExamOutline
from learnpm.experience.core.totals import LogTotals

ZERO = Decimal(0)
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class DomainShare:
    """One domain of the outline: its weight on the exam, the learner's hours and share, what would fill it."""

    domain_id: str
    label: str
    weight_percent: int
    hours: Decimal
    share_percent: Decimal | None  # None while no hour is tagged with any domain
    hours_to_weight: Decimal  # more hours in this domain alone that would bring its share to its weight

    @property
    def short(self) -> bool:
        """Return whether the domain holds less of the learner's work than the exam weighs it."""
        return self.share_percent is not None and self.share_percent < self.weight_percent


@dataclass(frozen=True)
class OutlineComparison:
    """The outline in force on the exam day, each of its domains beside the learner's work."""

    outline: ExamOutline
    exam_day: date
    planned: bool  # False when no exam day is planned and today stands in for it
    domains: tuple[DomainShare, ...]
    domain_hours: Decimal
    untagged_hours: Decimal

    @property
    def gaps(self) -> tuple[DomainShare, ...]:
        """Return the domains worth filling: those short of their weight, the furthest short first."""
        short = [domain for domain in self.domains if domain.short]
        return tuple(sorted(short, key=lambda d: (d.share_percent or ZERO) - d.weight_percent))


def compare_with_outline(
    hours: LogTotals | Iterable[Entry], exam_day: date | None, today: date, rules: RuleLibrary | None = None
) -> OutlineComparison:
    """Return the learner's hours by domain (from their log's totals or its entries) beside the outline in force on
    `exam_day` (today when not planned)."""
    rules = rules or default_rules()
    day = exam_day or today
    outline = rules.exam_outline.outline_on(day)
    by_domain = (hours if isinstance(hours, LogTotals) else LogTotals.of(hours)).by_domain(rules.domain_ids)
    hours = {domain.id: by_domain.hours.get(domain.id, ZERO) for domain in outline.domains}
    total = sum(hours.values(), ZERO)
    domains = tuple(
        DomainShare(domain.id, domain.label, domain.weight_percent, hours[domain.id], _share(hours[domain.id], total),
                    _hours_to_weight(hours[domain.id], total, domain.weight_percent))
        for domain in outline.domains
    )
    return OutlineComparison(outline, day, exam_day is not None, domains, total, by_domain.untagged)


def _share(hours: Decimal, total: Decimal) -> Decimal | None:
    if total == 0:
        return None
    return (hours * HUNDRED / total).quantize(Decimal("0.1"), ROUND_HALF_UP)


def _hours_to_weight(hours: Decimal, total: Decimal, weight: int) -> Decimal:
    """Return x with (hours + x) / (total + x) = weight / 100, rounded up to the quarter hour; 0 when not short."""
    if total == 0 or weight >= 100 or hours * HUNDRED >= weight * total:
        return ZERO
    needed = (weight * total - HUNDRED * hours) / (HUNDRED - weight)
    quarters = (needed * 4).to_integral_value(rounding="ROUND_CEILING")
    return quarters / 4
