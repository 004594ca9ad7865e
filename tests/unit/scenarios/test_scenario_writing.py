"""Write tasks: word limits, self-scores against the rubric, strong and weak outcomes, and hints."""

from __future__ import annotations

from typing import Any

import pytest

from learnpm.scenarios.core.content.scenario import WriteTask, count_words
from learnpm.scenarios.core.play import engine
from learnpm.scenarios.core.play.engine import PlayState, WriteError

from ._support import play, sandbox, top_scores

TO_THE_EMAIL = ("log-ticket", "ask-owner-and-date", "mock-service", "answer-now")


def at_the_email() -> tuple[PlayState, WriteTask]:
    state = play(sandbox(), *TO_THE_EMAIL)
    task = engine.current_node(sandbox(), state)
    assert isinstance(task, WriteTask)
    return state, task


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", 0),
        ("one", 1),
        ("  two   words \n", 2),
        ("Status: amber — the vendor owns it.", 6),
        ("by 14:00 today", 3),
        ("- - \u2014 \u2013", 0),  # hyphens, an em dash and an en dash
        ("e-mail isn't two words", 4),
    ],
)
def test_count_words(text: str, words: int) -> None:
    assert count_words(text) == words


@pytest.mark.parametrize(("offset_from_min", "accepted"), [(-1, False), (0, True)])
def test_the_minimum_word_count_is_enforced(offset_from_min: int, accepted: bool) -> None:
    state, task = at_the_email()
    text = " ".join(["word"] * (task.min_words + offset_from_min))
    check_submission(state, task, text, accepted)


@pytest.mark.parametrize(("offset_from_max", "accepted"), [(0, True), (1, False)])
def test_the_maximum_word_count_is_enforced(offset_from_max: int, accepted: bool) -> None:
    state, task = at_the_email()
    text = " ".join(["word"] * (task.max_words + offset_from_max))
    check_submission(state, task, text, accepted)


def check_submission(state: PlayState, task: WriteTask, text: str, accepted: bool) -> None:
    if accepted:
        assert engine.submit_write(sandbox(), state, text, top_scores(task)).node_id == task.next
        return
    with pytest.raises(WriteError) as caught:
        engine.submit_write(sandbox(), state, text, top_scores(task))
    assert f"{count_words(text)} words" in str(caught.value)
    assert f"between {task.min_words} and {task.max_words}" in str(caught.value)


@pytest.mark.parametrize(
    ("scores", "says"),
    [
        ({"bluf": 2, "ask": 2}, "missing ['options']"),
        ({"bluf": 2, "ask": 2, "options": 2, "tone": 1}, "unknown ['tone']"),
        ({"bluf": 3, "ask": 2, "options": 2}, "'bluf' must be a level from 0 to 2"),
        ({"bluf": -1, "ask": 2, "options": 2}, "'bluf' must be a level from 0 to 2"),
        ({"bluf": True, "ask": 2, "options": 2}, "'bluf' must be a level"),
        ({"bluf": "2", "ask": 2, "options": 2}, "'bluf' must be a level"),
        ({}, "missing ['ask', 'bluf', 'options']"),
    ],
)
def test_self_scores_must_cover_the_rubric_with_valid_levels(scores: dict[str, Any], says: str) -> None:
    state, task = at_the_email()
    with pytest.raises(WriteError) as caught:
        engine.submit_write(sandbox(), state, task.model_answer, scores)
    assert says in str(caught.value)


@pytest.mark.parametrize(
    ("levels", "strong"),
    [
        ((2, 2, 2), True),
        ((2, 2, 0), True),
        ((2, 1, 1), True),
        ((2, 1, 0), False),
        ((1, 1, 1), False),
        ((0, 0, 0), False),
    ],
)
def test_strong_means_two_thirds_of_the_maximum(levels: tuple[int, int, int], strong: bool) -> None:
    state, task = at_the_email()
    scores = dict(zip((criterion.id for criterion in task.rubric), levels, strict=True))
    assert engine.is_strong(task, scores) is strong
    after = engine.submit_write(sandbox(), state, task.model_answer, scores)
    outcome = task.strong if strong else task.weak
    for name, value in state.meters.items():
        assert after.meters[name] == max(0, min(100, value + outcome.effects.get(name, 0)))
    assert set(outcome.set_flags) <= after.flags
    assert after.clock == state.clock + task.minutes
    step = after.history[-1]
    assert (step.kind, step.node_id, step.strong, dict(step.scores or {})) == ("write", task.id, strong, scores)


@pytest.mark.parametrize(
    ("text", "hinted"),
    [
        ("I need a decision by Friday.", []),
        ("Please decide BY 14:00.", []),
        ("Please decide before tomorrow.", []),
        ("Please decide soon.", ["ask"]),
        ("", ["ask"]),
    ],
)
def test_signals_prompt_when_the_text_lacks_what_they_look_for(text: str, hinted: list[str]) -> None:
    _, task = at_the_email()
    assert [signal.criterion for signal in engine.signals(task, text)] == hinted


def test_signals_never_grade() -> None:
    state, task = at_the_email()
    text = " ".join(["soon"] * task.min_words)
    assert engine.signals(task, text)
    assert engine.submit_write(sandbox(), state, text, top_scores(task)).history[-1].strong is True


def test_score_write_applies_scores_without_a_text() -> None:
    state, task = at_the_email()
    with_text = engine.submit_write(sandbox(), state, task.model_answer, top_scores(task))
    assert engine.score_write(sandbox(), state, top_scores(task)) == with_text
