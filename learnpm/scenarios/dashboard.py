"""What the learner's dashboard shows about their scenario practice."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from learnpm.auth.models import User
from learnpm.scenarios import queries
from learnpm.scenarios.models import Play


@dataclass(frozen=True)
class PracticeSummary:
    """The learner's latest unfinished play, how many days they have played, and the ones they finished."""

    resume: Play | None
    attempts: int
    finished: frozenset[str]  # the scenarios finished at least once

    @property
    def finished_scenarios(self) -> int:
        return len(self.finished)


def practice_summary(session: Session, user: User, attempts: int) -> PracticeSummary:
    """Summarise the learner's scenario practice for the dashboard; `attempts` is counted with its other figures."""
    return PracticeSummary(queries.latest_unfinished(session, user), attempts,
                           queries.finished_scenario_ids(session, user))
