"""What the learner's dashboard shows about their scenario practice."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from learnpm.auth.models import User
from learnpm.scenarios import queries
from learnpm.scenarios.models import Play


@dataclass(frozen=True)
class PracticeSummary:
    """The learner's latest unfinished play, and how many days they have played and finished."""

    resume: Play | None
    attempts: int
    finished_scenarios: int


def practice_summary(session: Session, user: User) -> PracticeSummary:
    """Summarise the learner's scenario practice for the dashboard."""
    plays = queries.plays_of(session, user)
    resume = next((play for play in plays if not play.finished), None)
    finished = {play.scenario_id for play in plays if play.finished}
    return PracticeSummary(resume, len(plays), len(finished))
