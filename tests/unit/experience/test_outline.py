"""Logged work beside the exam outline of the planned exam day: the 2021 or the 2026 outline, shares, gaps."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from learnpm.experience.core.entries import Entry
from learnpm.experience.core.outline import compare_with_outline

TODAY = date(2026, 12, 1)


def entries(**hours_by_domain: int) -> list[Entry]:
    return [Entry("p1", date(2025, 5, 1), Decimal(hours), domains=frozenset({domain}))
            for domain, hours in hours_by_domain.items()]


BALANCED_2021 = entries(people=42, process=50, business_environment=8)


@pytest.mark.parametrize(
    ("exam_day", "outline_id", "weights"),
    [
        (date(2026, 7, 8), "eco-2021", (42, 50, 8)),
        (date(2026, 7, 9), "eco-2026", (33, 41, 26)),
        (date(2023, 3, 1), "eco-2021", (42, 50, 8)),
        (date(2027, 5, 20), "eco-2026", (33, 41, 26)),
        (None, "eco-2026", (33, 41, 26)),  # no exam day planned: the outline in force today
    ],
    ids=["last day of 2021", "first day of 2026", "in 2023", "in 2027", "not planned"],
)
def test_the_outline_of_the_exam_day(exam_day, outline_id, weights):
    comparison = compare_with_outline(BALANCED_2021, exam_day, TODAY)
    assert comparison.outline.id == outline_id
    assert tuple(domain.weight_percent for domain in comparison.domains) == weights
    assert comparison.planned is (exam_day is not None)
    assert comparison.exam_day == (exam_day or TODAY)


def test_work_that_matches_the_2021_outline_has_no_gap_then():
    comparison = compare_with_outline(BALANCED_2021, date(2026, 3, 1), TODAY)
    assert [d.share_percent for d in comparison.domains] == [Decimal(42), Decimal(50), Decimal(8)]
    assert comparison.gaps == ()


def test_the_same_work_falls_short_of_the_2026_outline_in_business_environment():
    comparison = compare_with_outline(BALANCED_2021, date(2027, 1, 15), TODAY)
    assert [gap.domain_id for gap in comparison.gaps] == ["business_environment"]
    gap = comparison.gaps[0]
    assert (gap.share_percent, gap.weight_percent) == (Decimal(8), 26)
    # 24.5 more hours bring 8 of 100 hours to 32.5 of 124.5: 26.1 %, the first quarter hour at or past 26 %.
    assert gap.hours_to_weight == Decimal("24.5")
    assert (8 + gap.hours_to_weight) / (100 + gap.hours_to_weight) >= Decimal("0.26")


@pytest.mark.parametrize(
    ("hours", "gaps"),
    [
        ({"people": 10}, ["process", "business_environment"]),
        ({"people": 33, "process": 41, "business_environment": 26}, []),
        ({"process": 60, "people": 20, "business_environment": 20}, ["people", "business_environment"]),
    ],
    ids=["only people", "exactly the weights", "heavy on process"],
)
def test_the_gaps_worth_filling_come_furthest_short_first(hours, gaps):
    comparison = compare_with_outline(entries(**hours), date(2027, 1, 15), TODAY)
    assert [gap.domain_id for gap in comparison.gaps] == gaps


def test_untagged_hours_are_counted_apart_and_show_no_share():
    comparison = compare_with_outline([Entry("p1", date(2025, 5, 1), Decimal(5))], None, TODAY)
    assert comparison.untagged_hours == Decimal(5) and comparison.domain_hours == 0
    assert all(domain.share_percent is None for domain in comparison.domains) and comparison.gaps == ()


def test_an_entry_with_two_domains_counts_in_each():
    both = [Entry("p1", date(2025, 5, 1), Decimal(4), domains=frozenset({"people", "process"}))]
    comparison = compare_with_outline(both, None, TODAY)
    assert [d.hours for d in comparison.domains] == [Decimal(4), Decimal(4), Decimal(0)]
    assert [d.share_percent for d in comparison.domains] == [Decimal(50), Decimal(50), Decimal(0)]
