"""Which PMP path a learner's education puts them on, and which contact hours count. Pure functions."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from learnpm.experience.core.months import Month
from learnpm.experience.core.rules.library import RuleLibrary, default_rules

ACADEMIC_LEVELS = {
    "secondary": "Secondary diploma (high school or equivalent)",
    "associate": "Associate degree",
    "bachelor": "Bachelor's degree (four years)",
    "master": "Master's degree",
    "doctorate": "Doctorate",
}
DEGREE_LEVELS = frozenset({"bachelor", "master", "doctorate"})
# The path PMI would use when we know nothing of the learner's education: the longest one.
DEFAULT_PATH = "secondary"


@dataclass(frozen=True)
class Qualification:
    """An academic record reduced to what the path depends on."""

    level: str
    gac_accredited: bool


def path_for(qualifications: Iterable[Qualification]) -> str:
    """Return the shortest path the learner's degrees open: gac, degree, else secondary."""
    qualifications = list(qualifications)
    if any(q.level in DEGREE_LEVELS and q.gac_accredited for q in qualifications):
        return "gac"
    if any(q.level in DEGREE_LEVELS for q in qualifications):
        return "degree"
    return DEFAULT_PATH


def counts_from(end_month: date, rules: RuleLibrary | None = None) -> Month:
    """Return the first month in which a course ending in `end_month` counts toward PMI's contact hours."""
    after_end = (rules or default_rules()).pmp.pm_education.count_from_month_after_end
    return Month.of(end_month) + (1 if after_end else 0)


def counted_contact_hours(
    courses: Iterable[tuple[date, Decimal]], today: date, rules: RuleLibrary | None = None
) -> Decimal:
    """Return the contact hours of the courses (end month, hours) that count on `today`: those completed."""
    now = Month.of(today)
    return sum((hours for end_month, hours in courses if counts_from(end_month, rules) <= now), Decimal(0))
