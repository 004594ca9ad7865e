"""The competency totals checked against the moves they sum: what `learnpm db check` reports and repairs."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from learnpm.scenarios import queries
from learnpm.scenarios.core.content.scenario import Scenario
from learnpm.scenarios.core.play.progress import move_sums
from learnpm.scenarios.models import CompetencyTotal, Play

# Sums of floats: equal when they agree to this many decimals (scores are halves, so sums are exact in practice).
PLACES = 9

Sums = Mapping[str, tuple[float, int]]


def learners_with_moves(session: Session) -> list[int]:
    """Return every learner with a play or a stored competency total."""
    rows = session.execute(select(Play.user_id).union(select(CompetencyTotal.user_id)))
    return sorted(user_id for (user_id,) in rows)


def computed_sums(session: Session, user_id: int, scenarios: Mapping[str, Scenario]) -> dict[str, tuple[float, int]]:
    """Return the learner's competency sums as the pure core computes them from their moves and the content."""
    return move_sums(queries.decision_tallies_of(session, user_id), scenarios)


def competency_drift(session: Session, user_id: int,
                     scenarios: Mapping[str, Scenario]) -> dict[str, tuple[tuple[float, int], tuple[float, int]]]:
    """Return the competencies whose stored sums differ from the moves', as (stored, computed); empty when equal."""
    stored = queries.competency_totals(session, [user_id])[user_id]
    computed = computed_sums(session, user_id, scenarios)
    return {competency: (stored.get(competency, (0.0, 0)), computed.get(competency, (0.0, 0)))
            for competency in sorted(stored.keys() | computed.keys())
            if not _same(stored.get(competency, (0.0, 0)), computed.get(competency, (0.0, 0)))}


def rebuild(session: Session, user_id: int, scenarios: Mapping[str, Scenario]) -> None:
    """Replace the learner's competency totals with the sums of their moves."""
    queries.rebuild_competency_totals(session, user_id, computed_sums(session, user_id, scenarios))


def _same(left: tuple[float, int], right: tuple[float, int]) -> bool:
    return round(left[0], PLACES) == round(right[0], PLACES) and left[1] == right[1]
