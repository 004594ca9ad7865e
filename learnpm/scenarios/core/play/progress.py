"""A learner's progress across attempts: scores per competency and what to practise next. Pure functions."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from learnpm.scenarios.core.content.scenario import Node, Scenario, WriteTask
from learnpm.scenarios.core.play.assessment import ScoredMessage, WritingScore, writing_scores
from learnpm.scenarios.core.play.scoring import CompetencyScore, MoveScore, competency_scores, weakest_competencies


class DecisionRow(Protocol):
    """A stored move (a PlayDecision row or anything shaped like it)."""

    scenario_id: str
    move: int
    node_id: str
    choice_id: str | None
    quality: str | None
    score: float


class PlayRow(Protocol):
    """A stored play (a Play row or anything shaped like it)."""

    scenario_id: str
    ending_id: str | None


@dataclass(frozen=True)
class Suggestion:
    """A competency to practise, and the scenario that trains it best for this learner."""

    competency: str
    scenario_id: str | None


@dataclass(frozen=True)
class ProgressReport:
    """Everything the progress page shows."""

    scores: dict[str, CompetencyScore]  # from choices alone
    attempts: int
    finished: int
    suggestions: list[Suggestion]
    writing: dict[str, WritingScore] = field(default_factory=dict)  # self-assessed and mentor-reviewed, apart


def learner_progress(
    plays: Iterable[PlayRow], decisions: Iterable[DecisionRow], scenarios: Mapping[str, Scenario],
    vocabulary: Iterable[str], self_scored: Iterable[ScoredMessage] = (), reviewed: Iterable[ScoredMessage] = (),
) -> ProgressReport:
    """Score each competency over every stored choice, keep written messages' rubric scores apart by who gave them,
    and suggest what to practise next."""
    plays = list(plays)
    moves = [move for row in decisions if (move := _move_of(row, scenarios)) is not None]
    scores = competency_scores(moves)
    finished_ids = {play.scenario_id for play in plays if play.ending_id}
    suggestions = [
        Suggestion(competency, _scenario_for(competency, scenarios, finished_ids))
        for competency in weakest_competencies(scores, vocabulary)
    ]
    return ProgressReport(scores, len(plays), sum(1 for play in plays if play.ending_id), suggestions,
                          writing_scores(self_scored, reviewed, scenarios))


def _move_of(row: DecisionRow, scenarios: Mapping[str, Scenario]) -> MoveScore | None:
    """Return a stored move with the competencies its node trains (None if the content has moved on)."""
    node = scenarios[row.scenario_id].nodes.get(row.node_id) if row.scenario_id in scenarios else None
    if isinstance(node, Node):
        choice = node.choice(row.choice_id or "")
        competencies = choice.competencies if choice else ()
    elif isinstance(node, WriteTask):
        competencies = node.competencies
    else:
        return None
    return MoveScore(row.move, row.node_id, row.choice_id, row.quality, row.score, competencies)


def _scenario_for(competency: str, scenarios: Mapping[str, Scenario], finished_ids: set[str]) -> str | None:
    """Return a scenario focused on `competency`, preferring one the learner has not finished."""
    focused = sorted((s for s in scenarios.values() if competency in s.competencies), key=lambda s: s.id)
    fresh = [s for s in focused if s.id not in finished_ids]
    chosen = (fresh or focused or [None])[0]
    return chosen.id if chosen else None
