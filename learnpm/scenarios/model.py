"""The content model the engine plays: frozen dataclasses built from the validated file models."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cached_property
from types import MappingProxyType
from typing import Any, Literal

from learnpm.scenarios import schema
from learnpm.scenarios.conditions import Condition, clock_minutes, parse_condition

END = "end"  # `next: end`: pick the first ending whose `when` holds
RESUME = "resume"  # `next: resume`: back to the node an event interrupted
Path = tuple[str | int, ...]
Quality = Literal["best", "acceptable", "poor"]


@dataclass(frozen=True)
class Meter:
    """A 0-100 gauge of how the day is going (trust, schedule health...)."""

    id: str
    label: str
    start: int


@dataclass(frozen=True)
class Outcome:
    """What a choice, an event or a write outcome changes: meters and flags."""

    effects: Mapping[str, int]
    set_flags: tuple[str, ...] = ()
    clear_flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Choice:
    """One option at a decision."""

    id: str
    text: str
    minutes: int
    outcome: Outcome
    quality: Quality
    competencies: tuple[str, ...]
    feedback: str
    next: str
    line: int | None


@dataclass(frozen=True)
class Node:
    """A decision: something the learner sees, and the choices they have."""

    id: str
    channel: str
    sender: str | None
    subject: str | None
    text: str
    choices: tuple[Choice, ...]
    no_single_answer: bool
    line: int | None

    def choice(self, choice_id: str) -> Choice | None:
        """Return the choice with this id, or None."""
        return next((choice for choice in self.choices if choice.id == choice_id), None)


@dataclass(frozen=True)
class RubricCriterion:
    """One rubric row the learner scores their own text on, levels weakest first."""

    id: str
    criterion: str
    levels: tuple[str, ...]


@dataclass(frozen=True)
class Signal:
    """A hint shown when the learner's text does not match a pattern; it never grades."""

    criterion: str
    pattern: str
    hint: str
    regex: re.Pattern[str]


@dataclass(frozen=True)
class WriteTask:
    """A node where the learner writes a message and scores it against a rubric."""

    id: str
    channel: str
    sender: str | None
    subject: str | None
    text: str
    prompt: str
    min_words: int
    max_words: int
    minutes: int
    competencies: tuple[str, ...]
    rubric: tuple[RubricCriterion, ...]
    signals: tuple[Signal, ...]
    model_answer: str
    strong: Outcome
    weak: Outcome
    next: str
    line: int | None

    def word_limit_problem(self, text: str) -> str | None:
        """Return why a text does not fit the word limits, or None when it does."""
        words = count_words(text)
        if self.min_words <= words <= self.max_words:
            return None
        return f"{words} words; write between {self.min_words} and {self.max_words}"

    @property
    def max_score(self) -> int:
        """Return the best possible self-score (each criterion at its top level)."""
        return sum(len(criterion.levels) - 1 for criterion in self.rubric)


@dataclass(frozen=True)
class Ending:
    """How the day ends; chosen by `next: end` when `when` holds, or reached directly."""

    id: str
    rating: Literal["good", "mixed", "poor"]
    title: str
    when: Condition | None
    text: str
    line: int | None


AnyNode = Node | WriteTask | Ending


def count_words(text: str) -> int:
    """Count words as whitespace-separated runs holding a letter or digit (a lone dash is no word)."""
    return sum(1 for token in text.split() if any(character.isalnum() for character in token))


@dataclass(frozen=True)
class Event:
    """An interrupt that fires once when the clock reaches `at` (and `when` holds)."""

    index: int
    at: int
    when: Condition | None
    node: str | None
    outcome: Outcome
    line: int | None


@dataclass(frozen=True)
class Scenario:
    """A whole simulated day, ready to play."""

    id: str
    title: str
    summary: str
    role: str
    competencies: tuple[str, ...]
    meters: Mapping[str, Meter]
    flags: tuple[str, ...]
    day_start: int
    day_end: int
    start: str
    events: tuple[Event, ...]
    nodes: Mapping[str, AnyNode]
    source: str
    key_lines: Mapping[str, int]
    digest: str = ""

    @cached_property
    def endings(self) -> tuple[Ending, ...]:
        """Return the ending nodes in file order (the order `next: end` tries them)."""
        return tuple(node for node in self.nodes.values() if isinstance(node, Ending))

    @cached_property
    def decisions(self) -> tuple[Node, ...]:
        """Return the decision nodes in file order."""
        return tuple(node for node in self.nodes.values() if isinstance(node, Node))

    @cached_property
    def write_tasks(self) -> tuple[WriteTask, ...]:
        """Return the write tasks in file order."""
        return tuple(node for node in self.nodes.values() if isinstance(node, WriteTask))

    @cached_property
    def events_in_time_order(self) -> tuple[Event, ...]:
        """Return the events in the order they fire (by time, then file order)."""
        return tuple(sorted(self.events, key=lambda event: (event.at, event.index)))


def build_scenario(model: schema.ScenarioModel, source: str, lines: Mapping[Path, int]) -> Scenario:
    """Convert a validated file model into the frozen content model."""
    nodes = {node_id: _build_node(node_id, node, lines) for node_id, node in model.nodes.items()}
    scenario = Scenario(
        id=model.id,
        title=model.title,
        summary=model.summary,
        role=model.role,
        competencies=tuple(model.competencies),
        meters=MappingProxyType({key: Meter(key, meter.label, meter.start) for key, meter in model.meters.items()}),
        flags=tuple(model.flags),
        day_start=clock_minutes(model.day.start),
        day_end=clock_minutes(model.day.end),
        start=model.start,
        events=tuple(_build_event(index, event, lines) for index, event in enumerate(model.events)),
        nodes=MappingProxyType(nodes),
        source=source,
        key_lines=MappingProxyType({str(path[0]): line for path, line in lines.items() if len(path) == 1}),
    )
    return _with_digest(scenario)


def _outcome(effects: Mapping[str, int], set_flags: list[str], clear_flags: list[str] | None = None) -> Outcome:
    return Outcome(MappingProxyType(dict(effects)), tuple(set_flags), tuple(clear_flags or ()))


def _condition(text: str | None) -> Condition | None:
    return None if text is None else parse_condition(text)


def _build_event(index: int, event: schema.EventModel, lines: Mapping[Path, int]) -> Event:
    outcome = _outcome(event.effects, event.set)
    at = clock_minutes(event.at)
    return Event(index, at, _condition(event.when), event.node, outcome, lines.get(("events", index)))


def _build_node(
    node_id: str,
    node: schema.DecisionModel | schema.WriteModel | schema.EndingModel,
    lines: Mapping[Path, int],
) -> AnyNode:
    line = lines.get(("nodes", node_id))
    if isinstance(node, schema.EndingModel):
        return Ending(node_id, node.rating, node.title, _condition(node.when), node.text, line)
    if isinstance(node, schema.WriteModel):
        return _build_write(node_id, node, line)
    choices = tuple(
        _build_choice(choice, lines.get(("nodes", node_id, "choices", index)))
        for index, choice in enumerate(node.choices)
    )
    return Node(node_id, node.channel, node.sender, node.subject, node.text, choices, node.no_single_answer, line)


def _build_choice(choice: schema.ChoiceModel, line: int | None) -> Choice:
    outcome = _outcome(choice.effects, choice.set, choice.clear)
    return Choice(
        id=choice.id,
        text=choice.text,
        minutes=choice.minutes,
        outcome=outcome,
        quality=choice.quality,
        competencies=tuple(choice.competencies),
        feedback=choice.feedback,
        next=choice.next,
        line=line,
    )


def _build_write(node_id: str, node: schema.WriteModel, line: int | None) -> WriteTask:
    rubric = tuple(RubricCriterion(row.id, row.criterion, tuple(row.levels)) for row in node.rubric)
    # Learners write "By Friday" as often as "by friday": hints match regardless of case.
    signals = tuple(
        Signal(signal.criterion, signal.pattern, signal.hint, re.compile(signal.pattern, re.IGNORECASE))
        for signal in node.signals
    )
    strong, weak = node.outcomes.strong, node.outcomes.weak
    return WriteTask(
        id=node_id,
        channel=node.channel,
        sender=node.sender,
        subject=node.subject,
        text=node.text,
        prompt=node.prompt,
        min_words=node.words.min,
        max_words=node.words.max,
        minutes=node.minutes,
        competencies=tuple(node.competencies),
        rubric=rubric,
        signals=signals,
        model_answer=node.model_answer,
        strong=_outcome(strong.effects, strong.set, strong.clear),
        weak=_outcome(weak.effects, weak.set, weak.clear),
        next=node.next,
        line=line,
    )


def _with_digest(scenario: Scenario) -> Scenario:
    """Fingerprint what decides how a play unfolds, so prose edits keep saved plays valid."""
    text = json.dumps(_play_structure(scenario), sort_keys=True, separators=(",", ":"))
    digest = hashlib.sha256(text.encode()).hexdigest()[:16]
    return replace(scenario, digest=digest)


def _play_structure(scenario: Scenario) -> dict[str, Any]:
    return {
        "meters": {key: meter.start for key, meter in scenario.meters.items()},
        "flags": list(scenario.flags),
        "day": [scenario.day_start, scenario.day_end],
        "start": scenario.start,
        "events": [[e.at, str(e.when or ""), e.node, _outcome_structure(e.outcome)] for e in scenario.events],
        "nodes": {key: _node_structure(node) for key, node in scenario.nodes.items()},
    }


def _outcome_structure(outcome: Outcome) -> list[Any]:
    return [dict(outcome.effects), list(outcome.set_flags), list(outcome.clear_flags)]


def _node_structure(node: AnyNode) -> list[Any]:
    if isinstance(node, Ending):
        return ["ending", str(node.when or "")]
    if isinstance(node, WriteTask):
        levels = [[row.id, len(row.levels)] for row in node.rubric]
        outcomes = [_outcome_structure(node.strong), _outcome_structure(node.weak)]
        return ["write", node.minutes, levels, outcomes, node.next]
    choices = [[c.id, c.minutes, _outcome_structure(c.outcome), c.next] for c in node.choices]
    return ["decision", choices]
