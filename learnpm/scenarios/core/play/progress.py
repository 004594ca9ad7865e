"""A learner's progress across attempts: scores per competency and what to practise next. Pure functions."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from learnpm.scenarios.core.content.scenario import Node, Scenario, WriteTask
from learnpm.scenarios.core.play.assessment import ScoredMessage, WritingScore, writing_scores
from learnpm.scenarios.core.play.scoring import (
    CompetencyScore,
    MoveScore,
    competency_sums,
    scores_of_sums,
    weakest_competencies,
)


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


class PlayTally(Protocol):
    """How many plays of a scenario a learner started and finished (a grouped row, or anything shaped like it)."""

    scenario_id: str
    attempts: int
    finished: int


class DecisionTally(Protocol):
    """How many times a learner made one move (a grouped row of stored moves, or anything shaped like it)."""

    scenario_id: str
    node_id: str
    choice_id: str | None
    quality: str | None
    score: float
    times: int


@dataclass(frozen=True)
class Tally:
    """A tally of plays or moves counted here from stored rows."""

    scenario_id: str
    attempts: int = 0
    finished: int = 0
    node_id: str = ""
    choice_id: str | None = None
    quality: str | None = None
    score: float = 0.0
    times: int = 0


def tally_plays(plays: Iterable[PlayRow]) -> list[Tally]:
    """Return, per scenario, how many of these plays were started and finished."""
    attempts: Counter[str] = Counter()
    finished: Counter[str] = Counter()
    for play in plays:
        attempts[play.scenario_id] += 1
        finished[play.scenario_id] += bool(play.ending_id)
    return [Tally(scenario_id, attempts=count, finished=finished[scenario_id])
            for scenario_id, count in attempts.items()]


def tally_decisions(decisions: Iterable[DecisionRow]) -> list[Tally]:
    """Return each distinct move of these stored moves with how many times it was made."""
    times = Counter((row.scenario_id, row.node_id, row.choice_id, row.quality, row.score) for row in decisions)
    return [Tally(scenario, node_id=node, choice_id=choice, quality=quality, score=score, times=count)
            for (scenario, node, choice, quality, score), count in times.items()]


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
    return progress_of_tallies(tally_plays(plays), tally_decisions(decisions), scenarios, vocabulary, self_scored,
                               reviewed)


def progress_of_tallies(
    plays: Iterable[PlayTally], decisions: Iterable[DecisionTally], scenarios: Mapping[str, Scenario],
    vocabulary: Iterable[str], self_scored: Iterable[ScoredMessage] = (), reviewed: Iterable[ScoredMessage] = (),
) -> ProgressReport:
    """Return the progress report from tallies of plays and moves (which the database can count by itself)."""
    return progress_report(plays, move_sums(decisions, scenarios), scenarios, vocabulary, self_scored, reviewed)


def move_sums(decisions: Iterable[DecisionTally], scenarios: Mapping[str, Scenario]) -> dict[str, tuple[float, int]]:
    """Return the competency sums of stored moves, with the competencies the content gives their nodes now."""
    return competency_sums(move for row in decisions if (move := _move_of(row, scenarios)) is not None)


def progress_report(
    plays: Iterable[PlayTally], sums: Mapping[str, tuple[float, int]], scenarios: Mapping[str, Scenario],
    vocabulary: Iterable[str], self_scored: Iterable[ScoredMessage] = (), reviewed: Iterable[ScoredMessage] = (),
) -> ProgressReport:
    """Return the progress report from tallies of plays and the competency sums of every move made."""
    plays = list(plays)
    glance = progress_glance(plays, sums)
    finished_ids = {play.scenario_id for play in plays if play.finished}
    suggestions = [
        Suggestion(competency, _scenario_for(competency, scenarios, finished_ids))
        for competency in weakest_competencies(glance.scores, vocabulary)
    ]
    return ProgressReport(glance.scores, glance.attempts, glance.finished, suggestions,
                          writing_scores(self_scored, reviewed, scenarios))


def progress_glance(plays: Iterable[PlayTally], sums: Mapping[str, tuple[float, int]]) -> ProgressReport:
    """Return the scores and counts of the progress report, without suggestions or written messages' scores."""
    attempts = finished = 0
    for play in plays:
        attempts += play.attempts
        finished += play.finished
    return ProgressReport(scores_of_sums(sums), attempts, finished, [])


# A sum of averages added up in another order (by the database) may differ in its last binary digits: rounded to
# this many decimals first, it cannot tip a mean that ends in a half percent one way or the other.
SCORE_TOTAL_PLACES = 9


@dataclass(frozen=True)
class PracticeGlance:
    """What a mentor's list of mentees shows of a learner's practice: plays started and finished, how many
    competencies their choices trained and the sum of those competencies' average scores."""

    attempts: int
    finished: int
    competencies: int
    score_total: float

    @property
    def percent(self) -> int | None:
        """Return the mean score of the competencies practised, as a whole percentage (None before any)."""
        if not self.competencies:
            return None
        return round(100 * round(self.score_total, SCORE_TOTAL_PLACES) / self.competencies)


def practice_glance(plays: Iterable[PlayTally], sums: Mapping[str, tuple[float, int]]) -> PracticeGlance:
    """Return the glance at a learner's practice from tallies of plays and the competency sums of every move made:
    a competency counts once it has a choice, at the average score of its choices."""
    glance = progress_glance(plays, sums)
    return PracticeGlance(glance.attempts, glance.finished, len(glance.scores),
                          sum(score.score for score in glance.scores.values()))


def _move_of(row: DecisionTally, scenarios: Mapping[str, Scenario]) -> MoveScore | None:
    """Return a stored move with the competencies its node trains (None if the content has moved on)."""
    node = scenarios[row.scenario_id].nodes.get(row.node_id) if row.scenario_id in scenarios else None
    if isinstance(node, Node):
        choice = node.choice(row.choice_id or "")
        competencies = choice.competencies if choice else ()
    elif isinstance(node, WriteTask):
        competencies = node.competencies
    else:
        return None
    return MoveScore(0, row.node_id, row.choice_id, row.quality, row.score, competencies, row.times)


def _scenario_for(competency: str, scenarios: Mapping[str, Scenario], finished_ids: set[str]) -> str | None:
    """Return a scenario focused on `competency`, preferring one the learner has not finished."""
    focused = sorted((s for s in scenarios.values() if competency in s.competencies), key=lambda s: s.id)
    fresh = [s for s in focused if s.id not in finished_ids]
    chosen = (fresh or focused or [None])[0]
    return chosen.id if chosen else None
