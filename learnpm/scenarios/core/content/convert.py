"""Turn a validated scenario file model into the frozen content model, with a digest of its structure."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import replace
from types import MappingProxyType
from typing import Any

from learnpm.scenarios.core.content import schema
from learnpm.scenarios.core.content.conditions import Condition, clock_minutes, parse_condition
from learnpm.scenarios.core.content.scenario import (
    AnyNode,
    Choice,
    Ending,
    Event,
    Meter,
    Node,
    Outcome,
    Path,
    RubricCriterion,
    Scenario,
    Signal,
    Text,
    TextPart,
    WriteTask,
)


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
        parts = _text(node.text)
        return Ending(node_id, node.rating, node.title, _condition(node.when), _always(parts), line, parts,
                      frozenset(node.relies_on))
    if isinstance(node, schema.WriteModel):
        return _build_write(node_id, node, line)
    choices = tuple(
        _build_choice(choice, lines.get(("nodes", node_id, "choices", index)))
        for index, choice in enumerate(node.choices)
    )
    parts = _text(node.text)
    return Node(node_id, node.channel, node.sender, node.subject, _always(parts), choices, node.no_single_answer, line,
                parts, frozenset(node.relies_on))


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
        reaction=choice.reaction,
    )


def _text(value: str | list[str | schema.TextPartModel]) -> Text:
    """Return a text as parts: a plain string is one part shown always."""
    items = [value] if isinstance(value, str) else value
    return tuple(TextPart(item) if isinstance(item, str) else TextPart(item.text, _condition(item.when))
                 for item in items)


def _always(parts: Text) -> str:
    """Return the parts shown whatever the state, joined as paragraphs."""
    return "\n\n".join(part.text.strip() for part in parts if part.when is None)


def _build_write(node_id: str, node: schema.WriteModel, line: int | None) -> WriteTask:
    rubric = tuple(RubricCriterion(row.id, row.criterion, tuple(row.levels), tuple(row.anchors)) for row in node.rubric)
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
        text=_always(_text(node.text)),
        text_parts=_text(node.text),
        prompt=node.prompt,
        min_words=node.words.min,
        max_words=node.words.max,
        minutes=node.minutes,
        competencies=tuple(node.competencies),
        rubric=rubric,
        signals=signals,
        model_answer=_always(_text(node.model_answer)),
        model_answer_parts=_text(node.model_answer),
        relies_on=frozenset(node.relies_on),
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
