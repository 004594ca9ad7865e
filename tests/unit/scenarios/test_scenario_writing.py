"""Write tasks: word limits, self-scores that change nothing, outcomes judged by what the text contains."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from learnpm.scenarios.core.content.scenario import WriteTask, count_words
from learnpm.scenarios.core.play import engine, saves
from learnpm.scenarios.core.play.engine import PlayState, WriteError
from learnpm.scenarios.core.play.writing import missed_signals, sample_text, signal_checks

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
    ("text", "missed", "strong"),
    [
        ("Two options: the mock or Monday. Tell me by 14:00.", [], True),
        ("Either the mock or Monday; please decide BEFORE tomorrow.", [], True),
        ("Two options: the mock or Monday. Tell me soon.", ["ask"], False),
        ("Decide by Friday which way we go.", ["options"], False),
        ("Decide soon.", ["ask", "options"], False),
        ("optional extras by the way", ["ask", "options"], False),  # "by the", "optional": no deadline, no options
    ],
)
def test_a_message_is_strong_exactly_when_its_text_passes_every_check(text: str, missed: list[str], strong: bool) -> None:
    state, task = at_the_email()
    text = f"{text} " + " ".join(["filler"] * task.min_words)
    assert [signal.criterion for signal in missed_signals(task, text)] == missed
    assert engine.is_strong(task, text) is strong
    after = engine.submit_write(sandbox(), state, text, {criterion.id: 0 for criterion in task.rubric})
    outcome = task.strong if strong else task.weak
    for name, value in state.meters.items():
        assert after.meters[name] == max(0, min(100, value + outcome.effects.get(name, 0)))
    assert set(outcome.set_flags) <= after.flags
    assert after.clock == state.clock + task.minutes
    step = after.history[-1]
    assert (step.kind, step.node_id, step.strong, step.text) == ("write", task.id, strong, text)


def test_the_model_answer_passes_every_check() -> None:
    _, task = at_the_email()
    assert [passed for _, passed in signal_checks(task, task.model_answer)] == [True] * len(task.signals) == [True, True]


@pytest.mark.parametrize(("words", "strong"), [(39, None), (40, True), (150, True), (151, None)])
def test_a_task_without_checks_is_strong_when_its_length_fits(words: int, strong: bool | None) -> None:
    _, task = at_the_email()
    plain = replace(task, signals=())
    assert engine.is_strong(plain, " ".join(["word"] * words)) is bool(strong)


@settings(max_examples=80, deadline=None, database=None)
@given(levels=st.tuples(*[st.integers(0, 2)] * 3), other=st.tuples(*[st.integers(0, 2)] * 3), strong=st.booleans())
def test_the_self_score_never_changes_the_day(levels: tuple[int, ...], other: tuple[int, ...], strong: bool) -> None:
    state, task = at_the_email()
    text = sample_text(task, strong)
    scored = [dict(zip((c.id for c in task.rubric), chosen, strict=True)) for chosen in (levels, other)]
    first, second = (engine.submit_write(sandbox(), state, text, scores) for scores in scored)
    assert first == second == engine.hand_in(sandbox(), state, text)
    assert saves.to_dict(first) == saves.to_dict(second)


@pytest.mark.parametrize(
    ("text", "hinted"),
    [
        ("I need a decision by Friday between two options.", []),
        ("Please decide BY 14:00: either A or B.", []),
        ("Please decide before tomorrow.", ["options"]),
        ("Please decide soon.", ["ask", "options"]),
        ("", ["ask", "options"]),
    ],
)
def test_the_checks_say_what_the_text_lacks(text: str, hinted: list[str]) -> None:
    _, task = at_the_email()
    assert [signal.criterion for signal in missed_signals(task, text)] == hinted
    assert [signal.criterion for signal, passed in signal_checks(task, text) if not passed] == hinted
