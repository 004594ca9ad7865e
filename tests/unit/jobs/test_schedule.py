"""Periods of scheduled jobs: every moment belongs to exactly one period, and periods of a week start on Mondays."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from learnpm.jobs.core.schedule import period_start

HOUR, DAY, WEEK = timedelta(hours=1), timedelta(days=1), timedelta(weeks=1)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.mark.parametrize(("now", "every", "start"), [
    ("2026-12-02 04:00:00", HOUR, "2026-12-02 04:00:00"),
    ("2026-12-02 04:59:59.999999", HOUR, "2026-12-02 04:00:00"),
    ("2026-12-02 05:00:00", HOUR, "2026-12-02 05:00:00"),
    ("2026-12-31 23:30:00", HOUR, "2026-12-31 23:00:00"),
    ("2026-12-02 00:00:00", DAY, "2026-12-02 00:00:00"),
    ("2026-12-02 23:59:59", DAY, "2026-12-02 00:00:00"),
    ("2024-02-29 12:00:00", DAY, "2024-02-29 00:00:00"),
    ("2026-12-02 04:00:00", WEEK, "2026-11-30 00:00:00"),  # a Wednesday: the week began on Monday
    ("2026-11-30 00:00:00", WEEK, "2026-11-30 00:00:00"),
    ("2026-11-29 23:59:59", WEEK, "2026-11-23 00:00:00"),  # Sunday night still belongs to the week before
    ("2026-12-02 04:07:52", timedelta(minutes=15), "2026-12-02 04:00:00"),
    ("2026-12-02 04:15:00", timedelta(minutes=15), "2026-12-02 04:15:00"),
])
def test_each_moment_falls_in_the_period_that_starts_at_or_before_it(now, every, start):
    assert period_start(at(now), every) == at(start)


@pytest.mark.parametrize("every", [HOUR, DAY, WEEK, timedelta(minutes=7)])
def test_the_next_period_starts_exactly_one_length_later(every):
    now = at("2026-12-02 04:07:52")
    start = period_start(now, every)
    assert start <= now < start + every
    assert period_start(start + every, every) == start + every


@pytest.mark.parametrize("every", [timedelta(0), timedelta(seconds=-1)])
def test_a_period_of_no_length_is_refused(every):
    with pytest.raises(ValueError):
        period_start(at("2026-12-02 04:00:00"), every)
