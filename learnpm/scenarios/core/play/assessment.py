"""Rubric scores of written messages, kept apart by who gave them: the learner (self-assessed) or a mentor (in a
review). Neither counts toward the competency scores of choices. Pure functions."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

from learnpm.scenarios.core.content.scenario import Scenario, WriteTask


class ScoredMessage(Protocol):
    """A message with rubric scores: a learner's answer with their own scores, or a mentor's review of one."""

    scenario_id: str
    node_id: str
    scores: Mapping[str, int]


@dataclass(frozen=True)
class RubricShare:
    """The average share of the rubric's maximum that messages reached, and how many messages that is."""

    share: float
    messages: int

    @property
    def percent(self) -> int:
        """Return the share as a whole percentage of the rubric."""
        return round(self.share * 100)


@dataclass(frozen=True)
class WritingScore:
    """How a competency's written messages were scored: by the learner, and by mentors."""

    competency: str
    self_assessed: RubricShare | None
    reviewed: RubricShare | None


def writing_scores(self_scored: Iterable[ScoredMessage], reviewed: Iterable[ScoredMessage],
                   scenarios: Mapping[str, Scenario]) -> dict[str, WritingScore]:
    """Return, per competency of the write tasks, the self-assessed and the mentor-reviewed rubric shares."""
    own, mentors = _shares(self_scored, scenarios), _shares(reviewed, scenarios)
    return {
        competency: WritingScore(competency, _average(own.get(competency)), _average(mentors.get(competency)))
        for competency in sorted(own.keys() | mentors.keys())
    }


def rubric_share(task: WriteTask, scores: Mapping[str, int]) -> float:
    """Return the share of the rubric's maximum these scores reach (levels outside the rubric count nothing)."""
    if not task.max_score:
        return 0.0
    earned = sum(min(max(int(scores.get(c.id, 0)), 0), len(c.levels) - 1) for c in task.rubric)
    return earned / task.max_score


def _shares(messages: Iterable[ScoredMessage], scenarios: Mapping[str, Scenario]) -> dict[str, list[float]]:
    shares: dict[str, list[float]] = defaultdict(list)
    for message in messages:
        scenario = scenarios.get(message.scenario_id)
        task = scenario.nodes.get(message.node_id) if scenario else None
        if isinstance(task, WriteTask):
            for competency in task.competencies:
                shares[competency].append(rubric_share(task, message.scores))
    return shares


def _average(values: list[float] | None) -> RubricShare | None:
    return RubricShare(sum(values) / len(values), len(values)) if values else None
