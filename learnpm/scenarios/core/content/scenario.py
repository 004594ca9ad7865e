"""The content model the engine plays: frozen dataclasses (built from the file models by convert.py)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

from learnpm.scenarios.core.content.conditions import Condition

END = "end"  # `next: end`: pick the first ending whose `when` holds
RESUME = "resume"  # `next: resume`: back to the node an event interrupted
Path = tuple[str | int, ...]
Quality = Literal["best", "acceptable", "poor"]


@dataclass(frozen=True)
class TextPart:
    """A paragraph of a text, shown only when its condition holds (always, without one)."""

    text: str
    when: Condition | None = None


Text = tuple[TextPart, ...]


def text_for(parts: Text, meters: Mapping[str, int], flags: frozenset[str], clock: int) -> str:
    """Return the text as this state shows it: every part whose condition holds, in order."""
    shown = (part.text.strip() for part in parts if part.when is None or part.when.evaluate(meters, flags, clock))
    return "\n\n".join(text for text in shown if text)


@dataclass(frozen=True)
class Carried:
    """What a day of a week starts from when the day before left something: meter values and facts."""

    meters: Mapping[str, int]
    flags: frozenset[str]


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
    reaction: str = ""  # what happens in the world straight after, shown before any verdict


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
    text_parts: Text = ()  # the text with its conditional parts (`text` holds the parts always shown)
    relies_on: frozenset[str] = frozenset()  # flags the text asserts: every path that shows it must have set them

    def choice(self, choice_id: str) -> Choice | None:
        """Return the choice with this id, or None."""
        return next((choice for choice in self.choices if choice.id == choice_id), None)


@dataclass(frozen=True)
class RubricCriterion:
    """One rubric row the learner scores their own text on, levels weakest first."""

    id: str
    criterion: str
    levels: tuple[str, ...]
    anchors: tuple[str, ...] = ()  # one example sentence per level, weakest first


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
    text_parts: Text = ()
    model_answer_parts: Text = ()
    relies_on: frozenset[str] = frozenset()

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
    text_parts: Text = ()
    relies_on: frozenset[str] = frozenset()


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
