"""The competency totals added to with every move equal what the pure core computes from the stored moves, after
any plays; progress read from them is the progress read from every move; `learnpm db check` finds a drift."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import update

from learnpm.auth import queries as accounts
from learnpm.cli import cli
from learnpm.db import get_session
from learnpm.scenarios import queries
from learnpm.scenarios.core.content.scenario import WriteTask
from learnpm.scenarios.core.play import engine
from learnpm.scenarios.core.play.progress import learner_progress, progress_report
from learnpm.scenarios.library import loaded
from learnpm.scenarios.models import CompetencyTotal
from learnpm.scenarios.summaries import competency_drift, computed_sums

LEARNERS = itertools.count()
SCENARIOS = ("vendor-blocker-standup", "steering-committee-thursday", "half-time-engineer")

PLAY = st.tuples(st.sampled_from(SCENARIOS), st.lists(st.integers(0, 5), max_size=20), st.booleans())


def _play(session, user, scenario_id: str, picks: list[int], save_each_move: bool) -> None:
    """Play a day taking the picks-th choice at each decision, saving after each move or once at the end."""
    scenario = loaded().library.scenarios[scenario_id]
    state = engine.start(scenario)
    play = queries.start_play(session, user, scenario, state)
    for pick in picks:
        if state.finished:
            break
        node = engine.current_node(scenario, state)
        if isinstance(node, WriteTask):
            state = engine.hand_in(scenario, state, node.model_answer)
        else:
            state = engine.choose(scenario, state, node.choices[pick % len(node.choices)].id)
        if save_each_move:
            queries.save_state(session, play, scenario, state)
    queries.save_state(session, play, scenario, state)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plays=st.lists(PLAY, min_size=1, max_size=4))
def test_the_stored_competency_totals_equal_the_moves_after_any_plays(app, plays) -> None:
    with app.test_request_context():
        session, library = get_session(), loaded().library
        user = accounts.create_user(session, f"moves{next(LEARNERS)}@example.org", "Moves", "a long passphrase here")
        for scenario_id, picks, save_each_move in plays:
            _play(session, user, scenario_id, picks, save_each_move)
        session.commit()
        assert competency_drift(session, user.id, library.scenarios) == {}
        stored = progress_report(queries.play_tallies(session, user),
                                 queries.competency_totals(session, [user.id])[user.id], library.scenarios,
                                 library.competencies)
        from_rows = learner_progress(queries.plays_of(session, user), queries.decisions_of(session, user),
                                     library.scenarios, library.competencies)
        assert stored == from_rows


@pytest.fixture
def played(app):
    with app.test_request_context():
        session = get_session()
        user = accounts.create_user(session, "played@example.org", "Played", "a long passphrase here")
        _play(session, user, SCENARIOS[0], [0, 1, 2, 0, 1], True)
        session.commit()
        return user.id


def test_db_check_reports_a_drifted_competency_total_and_repairs_it(app, played) -> None:
    runner = app.test_cli_runner()
    assert runner.invoke(cli, ["db", "check"]).exit_code == 0
    with app.app_context():
        get_session().execute(update(CompetencyTotal).values(moves=CompetencyTotal.moves + 1))
        get_session().commit()
    result = runner.invoke(cli, ["db", "check"])
    assert result.exit_code == 1 and "Competency totals: 1 learner(s)" in result.output
    assert runner.invoke(cli, ["db", "check", "--repair"]).exit_code == 0
    assert runner.invoke(cli, ["db", "check"]).exit_code == 0
    with app.app_context():
        stored = queries.competency_totals(get_session(), [played])[played]
        assert stored == computed_sums(get_session(), played, loaded().library.scenarios)
