"""The life of a review, and the differences between two revisions. Pure functions."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

# A draft is a written answer or a project description never sent; it has no review row yet.
STATES = {
    "draft": "Draft: not sent yet",
    "submitted": "Waiting for your mentor",
    "in_review": "Your mentor is reviewing it",
    "changes_requested": "Changes requested",
    "signed_off": "Signed off",
}
# The same states as the mentor reads them.
MENTOR_STATES = {**STATES, "submitted": "Sent to you, not opened yet", "in_review": "You are reviewing it"}
# Who may move a review from one state to the next.
LEARNER_MOVES = {("draft", "submitted"), ("changes_requested", "submitted")}
MENTOR_MOVES = {("submitted", "in_review"), ("in_review", "changes_requested"), ("in_review", "signed_off"),
                ("submitted", "changes_requested"), ("submitted", "signed_off")}


def can_move(state: str, new_state: str, by_mentor: bool) -> bool:
    """Tell whether the learner (or the mentor) may move a review from `state` to `new_state`."""
    return (state, new_state) in (MENTOR_MOVES if by_mentor else LEARNER_MOVES)


@dataclass(frozen=True)
class DiffPart:
    """A run of words that stayed, was added or was removed between two revisions."""

    kind: str  # "same" | "added" | "removed"
    text: str


def word_diff(before: str, after: str) -> list[DiffPart]:
    """Return the word-level differences between two texts, in reading order."""
    old, new = before.split(), after.split()
    parts: list[DiffPart] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if tag == "equal":
            parts.append(DiffPart("same", " ".join(old[i1:i2])))
            continue
        if i2 > i1:
            parts.append(DiffPart("removed", " ".join(old[i1:i2])))
        if j2 > j1:
            parts.append(DiffPart("added", " ".join(new[j1:j2])))
    return parts
