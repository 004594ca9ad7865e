"""Which PMP path a learner's education puts them on. Pure functions."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

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
