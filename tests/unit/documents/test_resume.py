"""A document whose job was lost is started again once within its deadline, otherwise reported as not made."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from learnpm.documents.core.resume import next_step

NOW = datetime(2026, 12, 2, 8, 0, tzinfo=UTC)
LATER = NOW + timedelta(seconds=60)
EARLIER = NOW - timedelta(seconds=1)


@pytest.mark.parametrize(
    ("state", "alive", "attempts", "overdue_at", "expected"),
    [
        ("waiting", True, 1, LATER, "wait"),  # still on the queue
        ("rendering", True, 1, LATER, "wait"),  # a worker has it
        ("waiting", False, 1, LATER, "again"),  # Redis lost it before a worker took it
        ("rendering", False, 1, LATER, "again"),  # the worker died during the render
        ("waiting", False, 2, LATER, "fail"),  # lost a second time
        ("rendering", False, 2, LATER, "fail"),
        ("rendering", False, 5, LATER, "fail"),
        ("waiting", False, 1, EARLIER, "fail"),  # lost, and its time is up
        ("waiting", False, 1, NOW, "fail"),
        ("waiting", True, 2, EARLIER, "wait"),  # alive: its own deadline will end it
        ("ready", False, 1, LATER, "wait"),
        ("failed", False, 1, LATER, "wait"),
        ("ready", False, 2, EARLIER, "wait"),
    ],
)
def test_next_step(state, alive, attempts, overdue_at, expected):
    assert next_step(state, alive, attempts, NOW, overdue_at) == expected
