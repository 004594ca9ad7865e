"""The hours totals stay equal to the entries when entries of one month are added and deleted at the same moment."""

from __future__ import annotations

from functools import partial

from sqlalchemy import select

from learnpm.experience.models import HoursEntry
from learnpm.experience.totals import drift
from tests.concurrency.support import add_project, at_once, server_errors


def entry(project_id: int, day: str) -> dict:
    return {"project": project_id, "day": day, "hours": "1.5", "activity": "Sorting donations",
            "process_groups": ["EX"], "domains": ["process"]}


def test_entries_added_and_deleted_together_leave_every_sum_equal_to_its_entries(member, session):
    learner = member()
    project_id = add_project(learner)
    for day in ("2025-04-01", "2025-04-02", "2025-04-03"):
        assert learner.post("/experience/hours/new", entry(project_id, day)).status == 302
    ids = session.scalars(select(HoursEntry.id).order_by(HoursEntry.id)).all()
    token = learner.token("/experience/hours/new")
    adds = [partial(learner.clone().post, "/experience/hours/new", entry(project_id, f"2025-04-{day:02d}"), token)
            for day in range(10, 16)]
    deletes = [partial(learner.clone().post, f"/experience/hours/{entry_id}/delete", {}, token) for entry_id in ids]
    replies = at_once(adds + deletes)
    assert not server_errors(replies)
    session.expire_all()
    assert len(session.scalars(select(HoursEntry.id)).all()) == 6
    assert drift(session, learner.user.id) == {}
