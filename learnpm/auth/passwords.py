"""The password policy: long enough, and not one that attackers try first."""

from __future__ import annotations

import re
from collections.abc import Iterable

from zxcvbn import zxcvbn

MIN_LENGTH = 12
MAX_LENGTH = 128
# zxcvbn's scale runs 0..4; 3 means "safely unguessable" by an offline attack on a slow hash.
MIN_STRENGTH = 3


def password_problem(password: str, personal: Iterable[str] = ()) -> str | None:
    """Return why `password` is refused, or None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters."
    if len(password) > MAX_LENGTH:
        return f"Use at most {MAX_LENGTH} characters."
    words = _personal_words(personal)
    lowered = password.lower()
    if any(len(word) >= 4 and word in lowered for word in words):
        return "Leave your name and email address out of your password."
    result = zxcvbn(password, user_inputs=words)
    if result["score"] >= MIN_STRENGTH:
        return None
    warning = result["feedback"].get("warning") or "This password is too easy to guess."
    return f"{warning.rstrip('.')}. Try a few unrelated words together."


def _personal_words(personal: Iterable[str]) -> list[str]:
    """Split names and emails into the words an attacker would try: the whole and its parts."""
    words: set[str] = set()
    for text in personal:
        text = text.strip().lower()
        if text:
            words.add(text)
            words.update(part for part in re.split(r"[\W_@]+", text.split("@")[0]) if part)
    return sorted(words)
