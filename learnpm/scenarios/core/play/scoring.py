"""Scores: how well a move, a play and a learner's attempts went, per competency. Pure functions."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from learnpm.scenarios.core.content.scenario import Node, Scenario, WriteTask
from learnpm.scenarios.core.play.engine import MOVE_KINDS, PlayState, Step

QUALITY_SCORE = {"best": 1.0, "acceptable": 0.5, "poor": 0.0}


@dataclass(frozen=True)
class MoveScore:
    """What one move earned: its node, the choice, a 0..1 score (a message: 1 when it passed every check) and the
    competencies it trains."""

    move: int
    node_id: str
    choice_id: str | None
    quality: str | None
    score: float
    competencies: tuple[str, ...]
    times: int = 1  # how many times this same move was made (a tally of stored moves counts each)


@dataclass(frozen=True)
class CompetencyScore:
    """A competency's average score over the moves that trained it."""

    competency: str
    score: float
    moves: int

    @property
    def percent(self) -> int:
        """Return the score as a whole percentage."""
        return round(self.score * 100)


def move_scores(scenario: Scenario, state: PlayState, after: int = 0) -> list[MoveScore]:
    """Return the score of every move (choices and written messages) of a play, in order; with `after`, only those
    of the moves made after the first `after` (a save scores the moves it adds, not the whole day again)."""
    steps = [step for step in state.history if step.kind in MOVE_KINDS]
    return [_score_step(move, scenario.nodes[step.node_id or ""], step)
            for move, step in enumerate(steps[after:], start=after)]


def _score_step(move: int, node: object, step: Step) -> MoveScore:
    """Score one step against the node it was made at."""
    if isinstance(node, Node):
        choice = node.choice(step.choice_id or "")
        assert choice is not None  # the engine only records choices of the node
        return MoveScore(move, node.id, choice.id, choice.quality, QUALITY_SCORE[choice.quality], choice.competencies)
    assert isinstance(node, WriteTask)
    return MoveScore(move, node.id, None, None, 1.0 if step.strong else 0.0, node.competencies)


def competency_scores(moves: Iterable[MoveScore]) -> dict[str, CompetencyScore]:
    """Average the scores of choices per competency; a choice that trains two competencies counts for both.

    Written messages are left out: their rubric scores are the learner's own (or a mentor's), shown apart.
    """
    return scores_of_sums(competency_sums(moves))


def competency_sums(moves: Iterable[MoveScore]) -> dict[str, tuple[float, int]]:
    """Return, per competency, the sum of the scores of the choices that trained it and how many there were.

    These sums add up: the sums of two sets of moves, added, are the sums of both (what is stored as moves are made).
    """
    sums: dict[str, float] = defaultdict(float)
    counts: dict[str, int] = defaultdict(int)
    for move in moves:
        if move.quality is None:
            continue
        for competency in move.competencies:
            sums[competency] += move.score * move.times
            counts[competency] += move.times
    return {competency: (sums[competency], counts[competency]) for competency in sorted(counts)}


def scores_of_sums(sums: Mapping[str, tuple[float, int]]) -> dict[str, CompetencyScore]:
    """Return each competency's average score from its sum and count of moves."""
    return {competency: CompetencyScore(competency, total / count, count)
            for competency, (total, count) in sorted(sums.items()) if count}


def weakest_competencies(
    scores: Mapping[str, CompetencyScore], vocabulary: Iterable[str], limit: int = 3
) -> list[str]:
    """Return what to practise next: competencies never tried first, then the lowest scores."""
    untried = [competency for competency in vocabulary if competency not in scores]
    tried = sorted(scores.values(), key=lambda item: (item.score, item.competency))
    return (untried + [item.competency for item in tried if item.score < 0.8])[:limit]
