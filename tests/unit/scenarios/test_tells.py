"""The tells: how a day gives its answer away, measured on generated days whose figures are known."""

from __future__ import annotations

from pathlib import Path

import pytest

from learnpm.scenarios.core.checks.tells import day_tells, library_tells, specifics, tells_problems
from learnpm.scenarios.core.content.loader import load_library
from tests.unit.scenarios.tells_days import content_folder, day


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("Ask the team what they need.", 0),
        ("Call Priya at 10:30 about the 12,000 households.", 3),
        ("Escalate to the sponsor before 14:00 with two options.", 1),
        ("Tell Dana and Tomasz; the budget is £40,000.", 3),
    ],
)
def test_specifics_count_times_numbers_and_names_but_not_a_first_word(text: str, count: int) -> None:
    assert specifics(text) == count


def load(tmp_path: Path, **variant: bool):
    folder = content_folder(tmp_path, day("generated", **variant))
    return load_library(folder).scenarios["generated"]


def test_an_even_handed_day_shows_no_tell(tmp_path: Path) -> None:
    tells = day_tells(load(tmp_path))
    assert tells.share("best_longest") == 0 and tells.share("balanced") == 1
    assert tells.share("branches") == 0.5 and tells.share("dilemma") == 0.5 and tells.share("costly_best") == 1
    assert tells.acceptable_ending == "mixed" and "good" not in tells.strategy_endings.values()
    assert 0.15 <= tells.random_good <= 1
    assert tells_problems(library_tells([load(tmp_path)]), "lib") == []


def test_a_longest_best_choice_is_found_by_the_naive_learner(tmp_path: Path) -> None:
    tells = day_tells(load(tmp_path, best_longest=True))
    assert tells.strategy_endings["longest"] == "good"
    assert tells.share("best_longest") == 0.5 and tells.share("balanced") == 0.5


def test_a_day_where_every_choice_joins_the_same_scene_does_not_branch(tmp_path: Path) -> None:
    tells = day_tells(load(tmp_path, branching=False))
    assert tells.share("branches") == 0
    misses = [problem.message for problem in tells_problems(library_tells([load(tmp_path, branching=False)]), "x")]
    assert misses == ["decisions that branch by choice: 0 %, the target is at least 40 %"]

