"""Static checks of one scenario: structure, teaching and text rules, plus the graph, state and time checks."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Set
from pathlib import Path as FilePath

from learnpm.scenarios.core.checks.graph import graph_problems
from learnpm.scenarios.core.checks.state import state_problems, time_problems
from learnpm.scenarios.core.content.problems import Level, Problem
from learnpm.scenarios.core.content.scenario import Choice, Ending, Node, Scenario, WriteTask

KEBAB_CASE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
TODO_MARKER = re.compile(r"\b(?:TODO|FIXME|TBD|XXX)\b")
MIN_DECISIONS = 8
MIN_WRITE_TASKS = 1
MIN_ENDINGS = 3
MIN_CHOICES, MAX_CHOICES = 2, 5
MIN_RUBRIC_CRITERIA = 3
RUBRIC_LEVELS = 3


def static_problems(scenario: Scenario, competency_ids: Set[str] | None) -> tuple[Problem, ...]:
    """Run every check that needs no playthrough; skip vocabulary checks when competency_ids is None."""
    return (
        *_identity_problems(scenario),
        *_count_problems(scenario),
        *graph_problems(scenario),
        *_decision_problems(scenario),
        *_write_problems(scenario),
        *_ending_problems(scenario),
        *state_problems(scenario),
        *time_problems(scenario),
        *_competency_problems(scenario, competency_ids),
        *_text_problems(scenario),
    )


def _problem(
    scenario: Scenario, message: str, node: str | None = None, line: int | None = None, level: Level = "error"
) -> Problem:
    return Problem(scenario.source, message, node, line, level)


def _identity_problems(scenario: Scenario) -> Iterator[Problem]:
    line = scenario.key_lines.get("id")
    if not KEBAB_CASE.fullmatch(scenario.id):
        yield _problem(scenario, f"id '{scenario.id}' must be kebab-case (lower-case words and dashes)", line=line)
    stem = FilePath(scenario.source).stem
    if scenario.id != stem:
        yield _problem(scenario, f"id '{scenario.id}' must match the file name '{stem}.yaml'", line=line)


def _count_problems(scenario: Scenario) -> Iterator[Problem]:
    counts = (
        (len(scenario.decisions), MIN_DECISIONS, "decisions"),
        (len(scenario.write_tasks), MIN_WRITE_TASKS, "write tasks"),
        (len(scenario.endings), MIN_ENDINGS, "endings"),
    )
    for found, needed, what in counts:
        if found < needed:
            yield _problem(scenario, f"{what}: {found}; a scenario needs at least {needed}")


def _decision_problems(scenario: Scenario) -> Iterator[Problem]:
    for node in scenario.decisions:
        if not MIN_CHOICES <= len(node.choices) <= MAX_CHOICES:
            count = f"has {len(node.choices)} choices; a decision offers {MIN_CHOICES} to {MAX_CHOICES}"
            yield _problem(scenario, count, node.id, node.line)
        if not node.no_single_answer and all(choice.quality != "best" for choice in node.choices):
            message = "no choice is 'best': mark one, or say no_single_answer: true"
            yield _problem(scenario, message, node.id, node.line)
        yield from _choice_id_problems(scenario, node)
        for choice in node.choices:
            yield from _choice_problems(scenario, node, choice)


def _choice_id_problems(scenario: Scenario, node: Node) -> Iterator[Problem]:
    """Report malformed ids, and repeated ids or texts at their second appearance."""
    ids: set[str] = set()
    texts: set[str] = set()
    for choice in node.choices:
        text = " ".join(choice.text.lower().split())
        if not KEBAB_CASE.fullmatch(choice.id):
            yield _problem(scenario, f"choice id '{choice.id}' must be kebab-case", node.id, choice.line)
        if choice.id in ids:
            yield _problem(scenario, f"choice id '{choice.id}' is used twice in this node", node.id, choice.line)
        if text and text in texts:
            yield _problem(scenario, f"choice '{choice.id}' has the same text as another", node.id, choice.line)
        ids.add(choice.id)
        texts.add(text)


def _choice_problems(scenario: Scenario, node: Node, choice: Choice) -> Iterator[Problem]:
    if not choice.text.strip():
        yield _problem(scenario, f"choice '{choice.id}' has no text", node.id, choice.line)
    if not choice.feedback.strip():
        yield _problem(scenario, f"choice '{choice.id}' has no feedback", node.id, choice.line)
    if not choice.competencies:
        yield _problem(scenario, f"choice '{choice.id}' names no competency", node.id, choice.line)


def _write_problems(scenario: Scenario) -> Iterator[Problem]:
    for task in scenario.write_tasks:
        yield from _rubric_problems(scenario, task)
        if task.min_words > task.max_words:
            message = f"words: min {task.min_words} is more than max {task.max_words}"
            yield _problem(scenario, message, task.id, task.line)
        elif not task.model_answer.strip():
            yield _problem(scenario, "the model answer is empty", task.id, task.line)
        elif (fault := task.word_limit_problem(task.model_answer)) is not None:
            yield _problem(scenario, f"the model answer has {fault}", task.id, task.line)
        if not task.prompt.strip():
            yield _problem(scenario, "the prompt is empty", task.id, task.line)
        if not task.competencies:
            yield _problem(scenario, "the write task names no competency", task.id, task.line)


def _rubric_problems(scenario: Scenario, task: WriteTask) -> Iterator[Problem]:
    if len(task.rubric) < MIN_RUBRIC_CRITERIA:
        message = f"the rubric has {len(task.rubric)} criteria; it needs at least {MIN_RUBRIC_CRITERIA}"
        yield _problem(scenario, message, task.id, task.line)
    ids = Counter(criterion.id for criterion in task.rubric)
    for criterion in task.rubric:
        if len(criterion.levels) != RUBRIC_LEVELS:
            message = f"rubric '{criterion.id}' has {len(criterion.levels)} levels; give exactly {RUBRIC_LEVELS}"
            yield _problem(scenario, message, task.id, task.line)
        if criterion.anchors and len(criterion.anchors) != len(criterion.levels):
            message = f"rubric '{criterion.id}' has {len(criterion.anchors)} anchors; give one per level"
            yield _problem(scenario, message, task.id, task.line)
        if ids[criterion.id] > 1:
            yield _problem(scenario, f"rubric id '{criterion.id}' is used twice", task.id, task.line)
    for signal in task.signals:
        if signal.criterion not in ids:
            message = f"signal for '{signal.criterion}': no rubric criterion has that id"
            yield _problem(scenario, message, task.id, task.line)
        if signal.regex.search(task.model_answer) is None:
            message = (f"signal for '{signal.criterion}' does not match the model answer, so the model answer would be "
                       "judged weak")
            yield _problem(scenario, message, task.id, task.line)


def _ending_problems(scenario: Scenario) -> Iterator[Problem]:
    endings = scenario.endings
    if endings and endings[-1].when is not None:
        message = "the last ending must have no `when`: it is the fallback when no other ending holds"
        yield _problem(scenario, message, endings[-1].id, endings[-1].line)


def _competency_problems(scenario: Scenario, known: Set[str] | None) -> Iterator[Problem]:
    trained = {c for node in scenario.decisions for choice in node.choices for c in choice.competencies}
    trained |= {c for task in scenario.write_tasks for c in task.competencies}
    for competency in scenario.competencies:
        if competency not in trained:
            message = f"focus competency '{competency}' is trained by no choice or write task"
            yield _problem(scenario, message, line=scenario.key_lines.get("competencies"), level="warning")
    if known is None:
        return
    for node_id, line, competency in _competency_uses(scenario):
        if competency not in known:
            yield _problem(scenario, f"competency '{competency}' is not in competencies.yaml", node_id, line)


def _competency_uses(scenario: Scenario) -> Iterator[tuple[str | None, int | None, str]]:
    for competency in scenario.competencies:
        yield None, scenario.key_lines.get("competencies"), competency
    for node in scenario.decisions:
        for choice in node.choices:
            yield from ((node.id, choice.line, competency) for competency in choice.competencies)
    for task in scenario.write_tasks:
        yield from ((task.id, task.line, competency) for competency in task.competencies)


def _text_problems(scenario: Scenario) -> Iterator[Problem]:
    for node in scenario.nodes.values():
        if not node.text.strip():
            yield _problem(scenario, "the text is empty", node.id, node.line)
    for node_id, line, where, text in _texts(scenario):
        marker = TODO_MARKER.search(text)
        if marker is not None:
            yield _problem(scenario, f"{where} has a {marker.group()} marker", node_id, line, "warning")


def _texts(scenario: Scenario) -> Iterator[tuple[str | None, int | None, str, str]]:
    """Yield every text a learner reads, with where it is."""
    for key in ("title", "summary", "role"):
        yield None, scenario.key_lines.get(key), key, getattr(scenario, key)
    for node in scenario.nodes.values():
        yield node.id, node.line, "the text", node.text
        if isinstance(node, Ending):
            yield node.id, node.line, "the title", node.title
        elif isinstance(node, WriteTask):
            yield node.id, node.line, "the prompt", node.prompt
            yield node.id, node.line, "the model answer", node.model_answer
        else:
            for choice in node.choices:
                yield node.id, choice.line, f"choice '{choice.id}'", choice.text
                yield node.id, choice.line, f"the feedback of choice '{choice.id}'", choice.feedback
