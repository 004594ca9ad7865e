"""A text may hold no NUL or other control character; multi-line texts keep their tabs and line breaks."""

from __future__ import annotations

import pytest

from learnpm.core.text import control_character_problem


@pytest.mark.parametrize(("text", "multiline"), [
    ("Food bank rota", False),
    ("Tab\tseparated", False),
    ("Two\nlines\r\nand a\ttab", True),
    ("Ω≈ç√∫ 😀 \u202eright-to-left", False),
    ("", False),
    ("\u00a0non-breaking space", False),
])
def test_ordinary_text_is_kept(text: str, multiline: bool) -> None:
    assert control_character_problem(text, multiline) is None


@pytest.mark.parametrize(("text", "multiline", "message"), [
    ("a\x00b", False, "This holds an invisible control character (U+0000); remove it and try again."),
    ("a\x00b", True, "This holds an invisible control character (U+0000); remove it and try again."),
    ("\x1b[31mred", True, "This holds an invisible control character (U+001B); remove it and try again."),
    ("bell\x07", False, "This holds an invisible control character (U+0007); remove it and try again."),
    ("delete\x7f", True, "This holds an invisible control character (U+007F); remove it and try again."),
    ("next line\x85", True, "This holds an invisible control character (U+0085); remove it and try again."),
    ("\x9f", False, "This holds an invisible control character (U+009F); remove it and try again."),
    ("form\x0cfeed", True, "This holds an invisible control character (U+000C); remove it and try again."),
    ("one\ntwo", False, "This holds a line break; remove it and try again."),
    ("one\rtwo", False, "This holds a line break; remove it and try again."),
])
def test_a_control_character_is_named(text: str, multiline: bool, message: str) -> None:
    assert control_character_problem(text, multiline) == message
