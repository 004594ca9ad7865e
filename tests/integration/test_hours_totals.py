"""The hours totals kept beside the entries equal what the pure core computes from the entries, after any writes;
`learnpm db check` says so, and finds and repairs a sum that drifted."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select, update

from learnpm.auth import queries as accounts
from learnpm.cli import cli
from learnpm.db import get_session
from learnpm.experience.core.totals import LogTotals
from learnpm.experience.models import HoursEntry, HoursTotal, Project
from learnpm.experience.queries import entry_values
from learnpm.experience.totals import computed_buckets, drift, log_totals, stored_buckets

FIRST_DAY = date(2025, 11, 20)  # a span over a month end and a year end, so that writes move entries across months
LEARNERS = itertools.count()
GROUPS, DOMAINS = ["IN", "PL", "EX", "MC", "CL"], ["people", "process", "business_environment"]

WRITE = st.one_of(
    st.tuples(st.just("add"), st.integers(0, 2), st.integers(0, 70), st.integers(1, 32),
              st.sets(st.sampled_from(GROUPS)), st.sets(st.sampled_from(DOMAINS))),
    st.tuples(st.just("move"), st.integers(0, 99), st.integers(0, 2), st.integers(0, 70)),
    st.tuples(st.just("retag"), st.integers(0, 99), st.integers(1, 32), st.sets(st.sampled_from(GROUPS)),
              st.sets(st.sampled_from(DOMAINS))),
    st.tuples(st.just("delete"), st.integers(0, 99)),
    st.tuples(st.just("drop project"), st.integers(0, 2)),
)


def _project(session, user_id: int, number: int) -> Project:
    project = Project(user_id=user_id, title=f"Project {number}", organization="Org", job_title="PM",
                      functional_reporting_area="other", organization_primary_focus="other", approach="agile",
                      team_size="other", budget="other", start_month=date(2025, 1, 1), end_month=None)
    session.add(project)
    session.flush()
    return project


def _apply(session, user_id: int, projects: list[Project], write: tuple) -> None:
    """Make one write through the ORM, as the site's pages and imports do, then flush it."""
    entries = list(session.scalars(select(HoursEntry).where(HoursEntry.user_id == user_id).order_by(HoursEntry.id)))
    kind = write[0]
    if kind == "add":
        _, project, offset, quarters, groups, domains = write
        session.add(HoursEntry(user_id=user_id, project_id=projects[project].id,
                               day=FIRST_DAY + timedelta(days=offset), hours=Decimal(quarters) / 4,
                               process_groups=sorted(groups), domains=sorted(domains)))
    elif kind == "drop project":
        session.delete(projects[write[1]])
        session.flush()
        session.expunge_all()  # its entries went with it, by the database's cascade
        projects[write[1]] = _project(session, user_id, write[1])
    elif entries:
        entry = entries[write[1] % len(entries)]
        if kind == "move":
            entry.project_id, entry.day = projects[write[2]].id, FIRST_DAY + timedelta(days=write[3])
        elif kind == "retag":
            entry.hours, entry.process_groups, entry.domains = Decimal(write[2]) / 4, sorted(write[3]), sorted(write[4])
        else:
            session.delete(entry)
    session.flush()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(writes=st.lists(WRITE, min_size=1, max_size=25))
def test_the_stored_totals_equal_the_entries_after_any_writes(app, writes: list[tuple]) -> None:
    with app.app_context():
        session = get_session()
        user = accounts.create_user(session, f"totals{next(LEARNERS)}@example.org", "Totals", "a long passphrase here")
        projects = [_project(session, user.id, number) for number in range(3)]
        for write in writes:
            _apply(session, user.id, projects, write)
        session.commit()
        assert stored_buckets(session, user.id) == computed_buckets(session, user.id)
        assert drift(session, user.id) == {}  # the monthly rollup included
        assert log_totals(session, user.id) == LogTotals.of(entry_values(session, user))
        session.execute(delete(Project).where(Project.user_id == user.id))
        session.commit()


@pytest.fixture
def run(app):
    runner = app.test_cli_runner()
    return lambda *args: runner.invoke(cli, list(args))


@pytest.fixture
def logged(app):
    """A learner with two entries in one month."""
    with app.app_context():
        session = get_session()
        user = accounts.create_user(session, "check@example.org", "Check", "a long passphrase here")
        project = _project(session, user.id, 1)
        session.add_all([HoursEntry(user_id=user.id, project_id=project.id, day=date(2026, 3, day), hours=Decimal(2),
                                    process_groups=["EX"], domains=[]) for day in (2, 9)])
        session.commit()
        return user.id


def test_db_check_finds_every_sum_equal_to_its_entries(run, logged) -> None:
    result = run("db", "check")
    assert result.exit_code == 0 and "every sum equals its entries" in result.output


def test_db_check_reports_a_drifted_sum_and_repairs_it(app, run, logged) -> None:
    with app.app_context():
        get_session().execute(update(HoursTotal).where(HoursTotal.tag == "group:EX").values(hours=Decimal(3)))
        get_session().commit()
    result = run("db", "check")
    assert result.exit_code == 1
    assert "2026-03, group:EX: stored 3.00, entries give 4.00" in result.output
    assert "Hours totals: 1 learner(s)" in result.output and "--repair" in result.output
    repaired = run("db", "check", "--repair")
    assert repaired.exit_code == 0 and "repaired" in repaired.output
    assert run("db", "check").exit_code == 0
    with app.app_context():
        assert log_totals(get_session(), logged).by_process_group(GROUPS).hours["EX"] == Decimal(4)
