"""Which characters a text may hold: no NUL or other control characters, which no one means to type.

Tab, newline and carriage return stay allowed where a text may span lines (notes, descriptions, answers).
"""

from __future__ import annotations

import re

_SINGLE_LINE = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")
_MULTI_LINE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def control_character(text: str, multiline: bool = False) -> str | None:
    """Name the first control character `text` holds ("an invisible control character (U+0000)"), or None."""
    found = (_MULTI_LINE if multiline else _SINGLE_LINE).search(text)
    if found is None:
        return None
    char = found.group()
    return "a line break" if char in "\n\r" else f"an invisible control character (U+{ord(char):04X})"


def control_character_problem(text: str, multiline: bool = False) -> str | None:
    """Return why `text` cannot be kept, naming the control character it holds, or None when it can."""
    what = control_character(text, multiline)
    return f"This holds {what}; remove it and try again." if what else None
