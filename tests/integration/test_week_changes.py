"""Saving a week of changed cells writes the entries and keeps the hours totals equal to them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select

from learnpm.auth import queries as accounts
from learnpm.db import get_session
from learnpm.experience import queries, week_queries
from learnpm.experience.core.months import Month
from learnpm.experience.core.totals import LogTotals
from learnpm.experience.core.week_grid import CellChange
from learnpm.experience.models import HoursEntry, Project
from learnpm.experience.totals import drift, log_totals


def project(session, user_id: int, title: str) -> Project:
    found = Project(user_id=user_id, title=title, organization="Org", job_title="PM",
                    functional_reporting_area="other", organization_primary_focus="other", approach="agile",
                    team_size="other", budget="other", start_month=date(2025, 1, 1), end_month=None)
    session.add(found)
    session.flush()
    return found


def test_new_changed_and_removed_cells_are_written_and_summed(app) -> None:
    with app.app_context():
        session = get_session()
        user = accounts.create_user(session, "week@example.org", "Week", "a long passphrase here")
        shelter, fair = project(session, user.id, "Shelter"), project(session, user.id, "Fair")
        kept = HoursEntry(user_id=user.id, project_id=shelter.id, day=date(2025, 3, 31), hours=Decimal(2),
                          activity="Rota", process_groups=["PL"], domains=["people"], notes="Long notes")
        gone = HoursEntry(user_id=user.id, project_id=fair.id, day=date(2025, 4, 1), hours=Decimal(1))
        session.add_all([kept, gone])
        session.commit()
        week_queries.save_week_changes(session, user, (
            CellChange(str(shelter.id), date(2025, 3, 31), Decimal("3.5"), kept.id),
            CellChange(str(shelter.id), date(2025, 4, 2), Decimal("1.25"), None),
            CellChange(str(fair.id), date(2025, 4, 1), None, gone.id),
        ))
        session.commit()
        entries = list(session.scalars(select(HoursEntry).order_by(HoursEntry.day)))
        assert [(e.project_id, e.day, e.hours) for e in entries] == [
            (shelter.id, date(2025, 3, 31), Decimal("3.5")), (shelter.id, date(2025, 4, 2), Decimal("1.25"))]
        new = entries[1]
        assert (new.activity, new.process_groups, new.domains, new.notes) == ("Rota", ["PL"], ["people"], "")
        assert drift(session, user.id) == {}
        assert log_totals(session, user.id) == LogTotals.of(queries.entry_values(session, user))
        assert log_totals(session, user.id).months == {Month(2025, 3): Decimal("3.5"), Month(2025, 4): Decimal("1.25")}


def test_a_change_naming_another_learner_s_entry_is_skipped(app) -> None:
    with app.app_context():
        session = get_session()
        owner = accounts.create_user(session, "owner@example.org", "Owner", "a long passphrase here")
        other = accounts.create_user(session, "other@example.org", "Other", "a long passphrase here")
        theirs = project(session, owner.id, "Theirs")
        entry = HoursEntry(user_id=owner.id, project_id=theirs.id, day=date(2025, 4, 1), hours=Decimal(1))
        session.add(entry)
        session.commit()
        week_queries.save_week_changes(session, other, (CellChange(str(theirs.id), date(2025, 4, 1), None, entry.id),))
        session.commit()
        assert session.get(HoursEntry, entry.id) is not None
