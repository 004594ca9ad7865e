"""Texts that tell the truth about the path: parts shown only when their condition holds."""

from __future__ import annotations

from pathlib import Path

from learnpm.scenarios.core.content.loader import load_library
from learnpm.scenarios.core.content.scenario import text_for
from tests.unit.scenarios.tells_days import content_folder, day


def test_a_text_shows_the_parts_whose_condition_holds(tmp_path: Path) -> None:
    data = day("texts")
    data["flags"] = ["sponsor_told"]
    data["nodes"]["d1"]["choices"][1]["set"] = ["sponsor_told"]
    data["nodes"]["good_day"]["text"] = ["The demo held.", {"when": "sponsor_told", "text": "Dana backed you."},
                                         {"when": "not sponsor_told", "text": "Dana heard it last."}]
    scenario = load_library(content_folder(tmp_path, data)).scenarios["texts"]
    ending = scenario.nodes["good_day"]
    assert ending.text == "The demo held."
    meters = {"trust": 80}
    assert text_for(ending.text_parts, meters, frozenset({"sponsor_told"}), 600) == "The demo held.\n\nDana backed you."
    assert text_for(ending.text_parts, meters, frozenset(), 600) == "The demo held.\n\nDana heard it last."
