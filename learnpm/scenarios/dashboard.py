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
    return PracticeSummary(queries.latest_unfinished(session, user), queries.play_count(session, user),
                           len(queries.finished_scenario_ids(session, user)))
