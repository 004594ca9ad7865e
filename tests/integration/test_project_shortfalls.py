"""Each project's stored shortfall count equals what the core's rule finds in its fields, after any writes;
`learnpm db check` says so, and finds and repairs a count that drifted; the dashboard's "still missing" list
built from the stored counts equals the one built from every project."""

from __future__ import annotations

import itertools
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, update

from learnpm.auth import queries as accounts
from learnpm.cli import cli
from learnpm.db import get_session
from learnpm.experience.core.summary import project_shortfalls, readiness_of, summarise
from learnpm.experience.core.totals import LogTotals
from learnpm.experience.models import Project
from learnpm.experience.queries import project_facts_of
from learnpm.experience.readiness import dashboard_readiness, readiness_drift

LEARNERS = itertools.count()
LONG_TEXT = " ".join(["word"] * 80)
SHORT_VALUE = st.sampled_from(["", "  ", "Something"])
WRITE = st.one_of(
    st.tuples(st.just("add"), st.integers(0, 30)),
    st.tuples(st.just("set"), st.integers(0, 99),
              st.sampled_from(["organization", "job_title", "verifier_name", "verifier_email", "approach"]),
              SHORT_VALUE),
    st.tuples(st.just("set"), st.integers(0, 99), st.sampled_from(["objective", "role", "outcome"]),
              st.sampled_from(["", "  ", "Something", LONG_TEXT])),
    st.tuples(st.just("sections"), st.integers(0, 99), st.sampled_from([{}, {"EX": LONG_TEXT}, {"bogus": "x"}])),
    st.tuples(st.just("delete"), st.integers(0, 99)),
)


def _apply(session, user_id: int, write: tuple) -> None:
    """Make one write through the ORM, as the site's pages and imports do, then flush it."""
    projects = list(session.scalars(select(Project).where(Project.user_id == user_id).order_by(Project.id)))
    if write[0] == "add":
        session.add(Project(user_id=user_id, title=f"Project {len(projects)}", organization="Org", job_title="",
                            functional_reporting_area="other", organization_primary_focus="other",
                            approach="agile", team_size="other", budget="other",
                            start_month=date(2020 + write[1] % 6, write[1] % 12 + 1, 1), end_month=None))
    elif projects:
        project = projects[write[1] % len(projects)]
        if write[0] == "set":
            setattr(project, write[2], write[3])
        elif write[0] == "sections":
            project.sections = write[2]
        else:
            session.delete(project)
    session.flush()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(writes=st.lists(WRITE, min_size=1, max_size=20))
def test_the_stored_counts_equal_the_rule_after_any_writes(app, writes: list[tuple]) -> None:
    with app.app_context():
        session = get_session()
        user = accounts.create_user(session, f"ready{next(LEARNERS)}@example.org", "Ready", "a long passphrase here")
        for write in writes:
            _apply(session, user.id, write)
        session.commit()
        assert readiness_drift(session) == {}
        every = project_facts_of(session, user)
        stored = dashboard_readiness(session, user.id, 12)
        assert stored.shortfalls == sum(len(project_shortfalls(project)) for project in every)
        full = summarise(every, LogTotals(), 0, "degree", False, date(2026, 11, 25))
        bounded = summarise(stored, LogTotals(), 0, "degree", False, date(2026, 11, 25))
        assert bounded.missing_count == full.missing_count == len(full.missing)
        assert bounded.missing[:12] == full.missing[:12]
        assert bounded.calendar == full.calendar and bounded.path == full.path
        assert readiness_of(every).shortfalls == stored.shortfalls
        for project in session.scalars(select(Project).where(Project.user_id == user.id)):
            session.delete(project)
        session.commit()


def test_db_check_reports_a_drifted_count_and_repairs_it(app) -> None:
    runner = app.test_cli_runner()
    with app.app_context():
        session = get_session()
        user = accounts.create_user(session, "drift@example.org", "Drift", "a long passphrase here")
        _apply(session, user.id, ("add", 3))
        session.commit()
        assert "every count equals" in runner.invoke(cli, ["db", "check"]).output
        project_id = session.scalar(select(Project.id).where(Project.user_id == user.id))
        right = session.get(Project, project_id).shortfalls
        session.execute(update(Project).values(shortfalls=right + 5).execution_options(synchronize_session=False))
        session.commit()
    result = runner.invoke(cli, ["db", "check"])
    assert result.exit_code == 1
    assert f"project {project_id}: stored {right + 5} shortfalls, its fields give {right}" in result.output
    repaired = runner.invoke(cli, ["db", "check", "--repair"])
    assert repaired.exit_code == 0 and "repaired" in repaired.output
    assert runner.invoke(cli, ["db", "check"]).exit_code == 0
