"""How a written message is judged: by what the text contains, never by the learner's own scores. Pure functions."""

from __future__ import annotations

from collections.abc import Mapping

from learnpm.scenarios.core.content.scenario import Signal, WriteTask


def signal_checks(task: WriteTask, text: str) -> tuple[tuple[Signal, bool], ...]:
    """Return each of the task's checks with whether the text passes it (its pattern matches, in any case)."""
    return tuple((signal, signal.regex.search(text) is not None) for signal in task.signals)


def missed_signals(task: WriteTask, text: str) -> tuple[Signal, ...]:
    """Return the checks the text does not pass."""
    return tuple(signal for signal, passed in signal_checks(task, text) if not passed)


def is_strong(task: WriteTask, text: str) -> bool:
    """Return whether the text earns the strong outcome: it passes every check (without checks: it fits the
    word limits)."""
    if task.signals:
        return not missed_signals(task, text)
    return task.word_limit_problem(text) is None


def score_problem(task: WriteTask, self_scores: Mapping[str, int]) -> str | None:
    """Return what is wrong with a set of self-scores (one level index per criterion), or None."""
    expected = {criterion.id: len(criterion.levels) for criterion in task.rubric}
    missing = sorted(expected.keys() - self_scores.keys())
    unknown = sorted(str(key) for key in self_scores.keys() - expected.keys())
    if missing or unknown:
        return f"score every criterion once: missing {missing}, unknown {unknown}"
    for key, level in self_scores.items():
        if type(level) is not int or not 0 <= level < expected[key]:
            return f"the score for '{key}' must be a level from 0 to {expected[key] - 1}"
    return None


def sample_text(task: WriteTask, strong: bool) -> str:
    """Return a text for simulated plays: the model answer, or filler of the fewest words allowed."""
    return task.model_answer if strong else " ".join(["word"] * task.min_words)
