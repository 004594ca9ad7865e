"""The 24-hours-a-day rule holds when many entries for one day reach a served site at the same moment."""

from __future__ import annotations

import io
import re
from datetime import date
from decimal import Decimal
from functools import partial

from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage

from learnpm.experience.models import HoursEntry
from tests.concurrency.support import add_project, at_once, server_errors, statuses

WRITERS = 8
DAYS = ("2025-04-07", "2025-04-08", "2025-04-09")  # a few bursts, so that a lucky interleaving cannot hide a race
REFUSED = "a day holds at most 24"


def refused_at_the_hours_field(reply) -> bool:
    """Tell whether the page shows the daily limit as the hours field's error, the rest of the form kept."""
    error = re.search(r'<p class="error" id="hours-error">(.*?)</p>', reply.text, re.S)
    return error is not None and REFUSED in error[1] and 'value="Volunteer briefing"' in reply.text


def hours_logged(session, day: str) -> Decimal:
    session.expire_all()
    total = session.scalar(select(func.sum(HoursEntry.hours)).where(HoursEntry.day == date.fromisoformat(day)))
    return Decimal(total or 0)


def entry(project_id: int, day: str, hours: str = "4") -> dict:
    return {"project": project_id, "day": day, "hours": hours, "activity": "Volunteer briefing",
            "process_groups": ["EX"]}


def test_eight_simultaneous_entries_of_four_hours_store_exactly_twenty_four(member, session):
    learner = member()
    project_id = add_project(learner)
    token = learner.token("/experience/hours/new")
    for day in DAYS:
        writers = [learner.clone() for _ in range(WRITERS)]
        replies = at_once([partial(w.post, "/experience/hours/new", entry(project_id, day), token) for w in writers])
        assert not server_errors(replies)
        assert hours_logged(session, day) == 24
        assert statuses(replies) == [302] * 6 + [422] * 2
        assert all(refused_at_the_hours_field(r) for r in replies if r.status == 422)


def test_edits_that_each_fit_alone_cannot_together_overfill_a_day(member, session):
    learner = member()
    project_id = add_project(learner)
    day = DAYS[0]
    for _ in range(4):
        assert learner.post("/experience/hours/new", entry(project_id, day, "2")).status == 302
    ids = session.scalars(select(HoursEntry.id).order_by(HoursEntry.id)).all()
    # 4 × 2 h; raising each to 8 h fits alone (8 + 3 × 2 = 14) but not all four together (32).
    forms = [(f"/experience/hours/{i}/edit", learner.token(f"/experience/hours/{i}/edit")) for i in ids]
    replies = at_once([partial(learner.clone().post, url, entry(project_id, day, "8"), token) for url, token in forms])
    assert not server_errors(replies)
    assert hours_logged(session, day) == 8 + 8 + 2 + 2
    assert statuses(replies) == [302] * 2 + [422] * 2
    assert all(refused_at_the_hours_field(r) for r in replies if r.status == 422)


def test_imported_files_are_checked_against_each_other_when_they_arrive_together(member, session):
    learner = member()
    project_id = add_project(learner)
    day = DAYS[0]
    rows = f"project_ref,date,hours,activity,process_groups,domains,notes\np{project_id},{day},8,Briefing,EX,,\n"
    token = learner.token("/experience/import")

    def import_file() -> object:
        fields = {"kind": "entries", "action": "import", "file": FileStorage(io.BytesIO(rows.encode()), "entries.csv")}
        return learner.clone().upload("/experience/import", fields, token)

    replies = at_once([import_file] * 5)
    assert not server_errors(replies)
    assert hours_logged(session, day) == 24
    assert statuses(replies) == [302] * 3 + [422] * 2
    assert all(REFUSED in r.text for r in replies if r.status == 422)


def test_week_grids_saved_together_cannot_overfill_a_day(member, session):
    learner = member()
    projects = [add_project(learner, title=f"Project {n}") for n in range(5)]
    day = DAYS[0]
    token = learner.token(f"/experience/hours/week?day={day}")
    # Each grid puts 10 h on the day in its own project's row: alone each fits, but only two fit together.
    grids = [{"day": day, f"cell-{project_id}-{day}": "10"} for project_id in projects]
    replies = at_once([partial(learner.clone().post, "/experience/hours/week", grid, token) for grid in grids])
    assert not server_errors(replies)
    assert hours_logged(session, day) == 20
    assert statuses(replies) == [302] * 2 + [422] * 3
    assert all("would hold 30 h across your projects" in r.text for r in replies if r.status == 422)
