"""What the mentor's dashboard reads of each mentee's practice, summed by the database in one row per mentee, equals
what the pure core computes from the mentee's tallies of plays and stored competency sums."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from learnpm.auth.models import User
from learnpm.db import get_session
from learnpm.mentoring import queries
from learnpm.scenarios.core.play.progress import practice_glance
from learnpm.scenarios.models import CompetencyTotal, Play
from learnpm.scenarios.queries import competency_totals

EMAILS = itertools.count()
COMPETENCIES = ("risk.identification", "communication.clarity", "stakeholders.sponsor", "agile.ceremonies",
                "planning.schedule", "leadership.conflict", "scope.change")
PLAY = st.tuples(st.sampled_from(("vendor-blocker-standup", "half-time-engineer", "steering-committee-thursday")),
                 st.booleans())
# A stored sum: how many choices trained the competency and how many halves of a point they scored (at most two
# each); no choice yet is a row of zero moves.
TOTAL = st.integers(0, 400).flatmap(lambda moves: st.tuples(st.just(moves), st.integers(0, 2 * moves)))
LEARNER = st.tuples(st.lists(PLAY, max_size=12), st.dictionaries(st.sampled_from(COMPETENCIES), TOTAL))


def _add_learner(session, plays: list[tuple[str, bool]], totals: dict[str, tuple[int, int]]) -> int:
    """Add a learner with these plays (finished or not) and these stored competency sums; return their id."""
    user = User(email=f"practice{next(EMAILS)}@example.org", display_name="Practice", password_hash="!")
    session.add(user)
    session.flush()
    session.add_all(Play(user_id=user.id, scenario_id=scenario_id, state={}, node_id="start",
                         ending_id="done" if finished else None) for scenario_id, finished in plays)
    session.add_all(CompetencyTotal(user_id=user.id, competency=competency, score_sum=halves / 2, moves=moves)
                    for competency, (moves, halves) in totals.items())
    session.flush()
    return user.id


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(learners=st.lists(LEARNER, min_size=1, max_size=5))
def test_the_dashboards_practice_figures_equal_the_cores_from_the_tallies(app, learners) -> None:
    with app.app_context():
        session = get_session()
        ids = [_add_learner(session, plays, totals) for plays, totals in learners]
        summed = queries.practice_by_learner(session, ids)
        tallies, sums = queries.play_tallies_by_learner(session, ids), competency_totals(session, ids)
        for learner_id in ids:
            computed = practice_glance(tallies.get(learner_id, []), sums[learner_id])
            shown = summed.get(learner_id)
            assert shown is not None
            assert (shown.attempts, shown.finished, shown.competencies, shown.percent) == \
                (computed.attempts, computed.finished, computed.competencies, computed.percent)
            assert round(shown.score_total, 9) == round(computed.score_total, 9)
        session.rollback()
