"""The mentor's dashboard with 50 mentees, and one mentee's page, against a one-query route, with their SQL query
counts at 1x and 10x.

Run: .venv/bin/python benchmarks/mentoring.py
Floor: a bare Flask route that does one query, timed in turn with the dashboard at each scale.
Each mentee holds, per 1x: three plays with their decisions, two projects, three years of weekly hours, a course
and a review. The dashboard's SQL query count must grow neither with the data nor with the number of mentees: it is
printed at 1x and 10x, and for a mentor of 5 of the same mentees; the script exits with 1 when they differ. A
mentee's page (the first mentee, who shares everything) is timed in the same turns, with its own query count.
"""

from __future__ import annotations

import random
import sys
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy import insert

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import (  # noqa: E402
    FLOOR_PATH,
    SIGNED_IN_PATH,
    count_queries,
    interleaved_medians,
    make_app,
    median_seconds,
    print_ratios,
)

from learnpm.auth import queries as accounts  # noqa: E402
from learnpm.auth.models import User  # noqa: E402
from learnpm.clock import utcnow  # noqa: E402
from learnpm.db import get_session  # noqa: E402
from learnpm.experience import totals as hours_totals  # noqa: E402
from learnpm.experience.models import AcademicRecord, Course, HoursEntry, Project  # noqa: E402
from learnpm.mentoring.models import MentorLink  # noqa: E402
from learnpm.mentoring.queries import set_capacity  # noqa: E402
from learnpm.reviews.models import Review  # noqa: E402
from learnpm.scenarios import summaries as competency_totals  # noqa: E402
from learnpm.scenarios.library import loaded  # noqa: E402
from learnpm.scenarios.models import Play, PlayDecision, WriteAnswer  # noqa: E402

PASSWORD = "benchmarks run on quiet nights"
MENTEES, FEW_MENTEES = 50, 5
NOW = utcnow()  # the dashboard counts quiet days from the real clock, so the data is placed relative to it
TODAY = NOW.date()
REVIEW_STATES = ("submitted", "in_review", "changes_requested", "signed_off")


def sharing(index: int) -> dict[str, bool]:
    """Return what the index-th mentee shares: most share practice, many experience, half their answers."""
    if index % 10 == 9:
        return {"can_see_progress": False, "can_see_experience": False, "can_see_answers": False}
    return {"can_see_progress": True, "can_see_experience": index % 5 != 4, "can_see_answers": index % 2 == 0}


def seed_mentors(app) -> list[int]:
    """Create 50 learners, a mentor of them all and a mentor of the first five; return the learners' ids."""
    with app.app_context():
        session = get_session()
        learners = [User(email=f"mentee{index}@example.org", display_name=f"Mentee {index}", password_hash="!")
                    for index in range(MENTEES)]
        session.add_all(learners)
        for email, count in (("mentor@example.org", MENTEES), ("few@example.org", FEW_MENTEES)):
            mentor = accounts.create_user(session, email, "Bench Mentor", PASSWORD, ("mentor",))
            set_capacity(session, mentor, count)
            session.add_all(MentorLink(learner_id=learner.id, mentor_id=mentor.id,
                                       created_at=NOW - timedelta(days=400), **sharing(index))
                            for index, learner in enumerate(learners[:count]))
        session.commit()
        return [learner.id for learner in learners]


def seed_data(app, learner_ids: list[int], scale: int, seed: int) -> None:
    """Add `scale` x (3 plays with decisions, 2 projects, 3 years of weekly hours, a course, a review) per mentee."""
    rng = random.Random(seed)
    with app.app_context():
        session = get_session()
        scenarios = list(loaded().library.scenarios.values())
        mentor_id = accounts.user_by_email(session, "mentor@example.org").id
        for index, learner_id in enumerate(learner_ids):
            last = NOW - timedelta(days=index % 45, hours=rng.randrange(24))  # some mentees quiet, some silent
            for _ in range(scale):
                plays = [_add_play(session, learner_id, rng.choice(scenarios), rng, last) for _ in range(3)]
                _add_experience(session, learner_id, rng, last)
                _add_review(session, learner_id, mentor_id, plays[0], rng.choice(REVIEW_STATES), last)
        for learner_id in learner_ids:  # the rows above went in as bulk inserts: sum them as the site does
            hours_totals.rebuild(session, learner_id)
            competency_totals.rebuild(session, learner_id, loaded().library.scenarios)
        session.commit()


def _add_play(session, learner_id: int, scenario, rng: random.Random, last: datetime) -> Play:
    """Add a play of `scenario` with a decision at each of its decision points, finished two times in three."""
    finished = rng.random() < 0.67
    play = Play(user_id=learner_id, scenario_id=scenario.id, state={}, node_id=scenario.start, moves=0,
                ending_id=scenario.endings[0].id if finished else None, started_at=last - timedelta(hours=1),
                updated_at=last - timedelta(days=rng.randrange(0, 300)))
    session.add(play)
    session.flush()
    decisions = [{"play_id": play.id, "scenario_id": scenario.id, "move": move, "node_id": node.id,
                  "choice_id": (choice := rng.choice(node.choices)).id, "quality": choice.quality,
                  "score": {"best": 1.0, "acceptable": 0.5}.get(choice.quality, 0.0), "created_at": play.updated_at}
                 for move, node in enumerate(scenario.decisions)]
    if decisions:
        session.execute(insert(PlayDecision), decisions)
    return play


def _add_experience(session, learner_id: int, rng: random.Random, last: datetime, weekday: int = 0) -> None:
    """Add two projects over the last three years with weekly hours (on the same day of the week, `weekday` days
    after the first), a course and a degree."""
    first_week = TODAY - timedelta(weeks=156)
    starts = [first_week.replace(day=1), (first_week + timedelta(weeks=78)).replace(day=1)]
    ends = [(first_week + timedelta(weeks=77)).replace(day=1), None]  # the first hands over to the second
    projects = [Project(user_id=learner_id, title=f"Project {number}", organization="Charity", job_title="Coordinator",
                        functional_reporting_area="other", organization_primary_focus="other", approach="hybrid",
                        team_size="other", budget="other", start_month=starts[number],
                        end_month=ends[number], created_at=last,
                        updated_at=last - timedelta(days=rng.randrange(0, 60)))
                for number in range(2)]
    session.add_all(projects)
    session.flush()
    session.execute(insert(HoursEntry), [
        {"user_id": learner_id, "project_id": projects[week * 2 // 156].id,
         "day": first_week + timedelta(weeks=week, days=weekday),
         "hours": Decimal(rng.randrange(4, 33)) / 4, "activity": "Weekly coordination", "process_groups": ["EX"],
         "domains": ["process"], "notes": "", "created_at": last - timedelta(weeks=156 - week)}
        for week in range(156)])
    session.add(Course(user_id=learner_id, title="PM foundations", provider="College",
                       start_month=date(2024, 1, 1), end_month=date(2024, 3, 1), hours=Decimal("12")))
    session.add(AcademicRecord(user_id=learner_id, level=rng.choice(["secondary", "bachelor"]),
                               institution="University"))


def _add_review(session, learner_id: int, mentor_id: int, play: Play, state: str, last: datetime) -> None:
    """Add a written answer of the play and a review of it by the mentor, left in `state`."""
    answer = WriteAnswer(play_id=play.id, scenario_id=play.scenario_id, node_id=play.node_id, move=0,
                         text="An update to the sponsor.", self_scores={}, strong=False, created_at=last)
    session.add(answer)
    session.flush()
    session.add(Review(learner_id=learner_id, mentor_id=mentor_id, answer_id=answer.id, state=state,
                       created_at=last, updated_at=last))


def logged_in(app, email: str):
    """Return a test client logged in as `email`."""
    client = app.test_client()
    client.post("/login", data={"email": email, "password": PASSWORD})
    return client


def dashboard_figures() -> bool:
    """Time the dashboard with 50 mentees at 1x and 10x their data; return whether the query counts match."""
    app = make_app()
    learner_ids = seed_mentors(app)
    seed_data(app, learner_ids, 1, seed=1)
    client, few = logged_in(app, "mentor@example.org"), logged_in(app, "few@example.org")
    assert client.get("/dashboard").get_data(as_text=True).count("/mentoring/mentees/") == MENTEES
    queries_few = count_queries(app, few, "/dashboard")
    # Each scale's dashboard is timed in turn with the floor and a signed-in page with no data, so that load from
    # elsewhere on the machine hits them alike; each ratio is to the floor of its own turn.
    mentee = f"/mentoring/mentees/{learner_ids[0]}"
    in_turn = [lambda: client.get(FLOOR_PATH), lambda: client.get(SIGNED_IN_PATH), lambda: client.get("/dashboard"),
               lambda: client.get(mentee)]
    median_seconds(in_turn[2], repeat=2, warmup=1)
    floor, frame, small, page = interleaved_medians(in_turn, repeat=15)
    queries_1x, page_queries_1x = count_queries(app, client, "/dashboard"), count_queries(app, client, mentee)
    seed_data(app, learner_ids, 9, seed=2)  # now 10x the plays, projects, hours and reviews
    median_seconds(in_turn[2], repeat=2, warmup=1)
    floor_10x, frame_10x, large, page_10x = interleaved_medians(in_turn, repeat=15)
    queries_10x, page_queries_10x = count_queries(app, client, "/dashboard"), count_queries(app, client, mentee)
    print_ratios(f"Mentor dashboard, {MENTEES} mentees (each scale timed in turn with the floor)",
                 "bare route, one query", floor,
                 [("a signed-in page with no data (the site's frame around nothing)", frame),
                  ("GET /dashboard at 1x (3 plays, 156 entries per mentee)", small),
                  ("GET /dashboard at 10x (30 plays, 1,560 entries per mentee), to its own floor",
                   large * floor / floor_10x)])
    print(f"  10x against 1x, each to its own floor: {large / floor_10x / (small / floor):.2f}x")
    same = queries_1x == queries_10x == queries_few
    print(f"  SQL queries per dashboard request: {queries_1x} at 1x, {queries_10x} at 10x, {queries_few} with"
          f" {FEW_MENTEES} mentees at 1x ({'the same' if same else 'DIFFERENT'})")
    print_ratios("A mentee's page (each scale timed in turn with the floor)", "bare route, one query", 1.0,
                 [("GET /mentoring/mentees/<id> at 1x", page / floor),
                  ("GET /mentoring/mentees/<id> at 10x, to its own floor", page_10x / floor_10x)])
    print(f"  10x against 1x, each to its own floor: {page_10x / floor_10x / (page / floor):.2f}x")
    print(f"  SQL queries per request: {page_queries_1x} at 1x, {page_queries_10x} at 10x"
          f" ({'the same' if page_queries_1x == page_queries_10x else 'DIFFERENT'})")
    return same and page_queries_1x == page_queries_10x


if __name__ == "__main__":
    sys.exit(0 if dashboard_figures() else 1)
