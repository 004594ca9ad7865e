"""The order a play shows a decision's choices in: shuffled per play, the same on every visit. Pure functions."""

from __future__ import annotations

import random
import secrets

from learnpm.scenarios.core.content.scenario import Choice, Node

SEED_BYTES = 8  # 16 hex digits: two plays of one day share a seed with negligible probability


def new_seed() -> str:
    """Return a fresh random seed for a play."""
    return secrets.token_hex(SEED_BYTES)


def choice_order(node: Node, seed: str) -> tuple[Choice, ...]:
    """Return the node's choices in the order this play shows them: a function of (seed, node id) alone."""
    shuffled = list(node.choices)
    random.Random(f"{seed}:{node.id}").shuffle(shuffled)
    return tuple(shuffled)
