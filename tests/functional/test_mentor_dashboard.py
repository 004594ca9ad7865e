"""The mentor's dashboard: one row per mentee with only what they share, in a fixed number of queries."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import event

from learnpm.auth.models import User
from learnpm.clock import utcnow
from learnpm.experience.models import Course, HoursEntry, Project
from learnpm.mentoring.models import PERMISSIONS, MentorLink
from learnpm.reviews.models import Review
from learnpm.scenarios.models import Play, PlayDecision, WriteAnswer
from tests.support import AuthActions

SHARE_ALL = ("can_see_progress", "can_see_answers", "can_see_experience")
# Every kind of sharing appears in a mentor's list, so each list needs the same kinds of data.
SHARING_MIX = (SHARE_ALL, ("can_see_progress",), ("can_see_experience", "can_see_answers"), ())


def add_mentee(session, mentor: User, name: str, *, share=SHARE_ALL, quiet_days: int = 1, scale: int = 1,
               reviews: tuple[str, ...] = (), project_reviews: tuple[str, ...] = ()) -> None:
    """Link a new learner to the mentor, with `scale` x (a finished play, a project, a year of weekly hours).

    `reviews` are written answers, `project_reviews` project descriptions sent to the mentor, each in its state.
    """
    moment = utcnow() - timedelta(days=quiet_days)
    learner = User(email=f"{name.lower().replace(' ', '.')}@example.org", display_name=name, password_hash="!")
    session.add(learner)
    session.flush()
    session.add(MentorLink(learner_id=learner.id, mentor_id=mentor.id, created_at=moment,
                           **{permission: permission in share for permission in PERMISSIONS}))
    for _ in range(scale):
        add_practice(session, learner, moment)
        add_experience(session, learner, moment)
    for state in reviews:
        add_review(session, learner, mentor, state, moment)
    for state in project_reviews:
        add_project_review(session, learner, mentor, state, moment)
    session.commit()


def add_practice(session, learner: User, moment) -> Play:
    """Add a finished play of a real scenario with three scored decisions."""
    play = Play(user_id=learner.id, scenario_id="business-meets-engineering", state={}, node_id="same_word",
                ending_id="same_word", moves=3, started_at=moment, updated_at=moment)
    session.add(play)
    session.flush()
    session.add_all(PlayDecision(play_id=play.id, scenario_id=play.scenario_id, move=move, node_id=node,
                                 choice_id=choice, quality="best", score=1.0, created_at=moment)
                    for move, (node, choice) in enumerate([("fatima_email", "ask-about-decisions"),
                                                           ("lars_chat", "ask-for-numbers"),
                                                           ("fatima_call", "walk-through-yesterday")]))
    return play


def add_experience(session, learner: User, moment) -> Project:
    """Add a project of twelve months with a year of weekly hours, and a course."""
    start = date(2024, 1, 1)
    project = Project(user_id=learner.id, title="Food bank rota", organization="Food bank", job_title="Coordinator",
                      functional_reporting_area="other", organization_primary_focus="other", approach="agile",
                      team_size="other", budget="other", start_month=start, end_month=date(2024, 12, 1),
                      created_at=moment, updated_at=moment)
    session.add(project)
    session.flush()
    session.add_all(HoursEntry(user_id=learner.id, project_id=project.id, day=start + timedelta(weeks=week),
                               hours=Decimal("2.5"), process_groups=["EX"], domains=["process"], created_at=moment)
                    for week in range(52))
    session.add(Course(user_id=learner.id, title="PM basics", provider="College", start_month=start,
                       end_month=start, hours=Decimal("10")))
    return project


def add_review(session, learner: User, mentor: User, state: str, moment) -> None:
    """Ask the mentor to review a written answer; the review is left in `state`."""
    play = add_practice(session, learner, moment)
    answer = WriteAnswer(play_id=play.id, scenario_id=play.scenario_id, node_id="update", move=3, text="Dana, …",
                         self_scores={}, strong=False, created_at=moment)
    session.add(answer)
    session.flush()
    session.add(Review(learner_id=learner.id, mentor_id=mentor.id, answer_id=answer.id, state=state,
                       created_at=moment, updated_at=moment))


def add_project_review(session, learner: User, mentor: User, state: str, moment) -> None:
    """Ask the mentor to review a project's description; the review is left in `state`."""
    project = add_experience(session, learner, moment)
    session.add(Review(learner_id=learner.id, mentor_id=mentor.id, project_id=project.id, state=state,
                       created_at=moment, updated_at=moment))


@pytest.fixture
def mentor_factory(app, make_user):
    """Return a function that makes a mentor and a client logged in as them."""
    def make(email: str = "mentor@example.org"):
        client = app.test_client()
        client.user = make_user(email, roles=("mentor",), name="Meg Mentor")
        AuthActions(client).login(email)
        return client
    return make


def dashboard_row(page: str, name: str) -> str:
    """Return the table row of the mentee called `name`."""
    rows = re.findall(r"<tr>.*?</tr>", page, flags=re.S)
    matches = [row for row in rows if f">{name}</a>" in row]
    assert len(matches) == 1, f"no single row for {name}"
    return matches[0]


def count_queries(app, client, path: str) -> int:
    """Return how many SQL statements one request runs."""
    statements: list[str] = []
    engine = app.extensions["learnpm.engine"]

    def remember(_connection, _cursor, statement, *_args) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", remember)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", remember)
    return len(statements)


def test_the_mentoring_page_reads_every_mentee_name_in_one_query(app, session, mentor_factory):
    few, many = mentor_factory("few@example.org"), mentor_factory("many@example.org")
    add_mentee(session, few.user, "Few 0")
    for index in range(6):
        add_mentee(session, many.user, f"Many {index}")
    for client in (few, many):
        client.get("/mentoring/")
    assert count_queries(app, few, "/mentoring/") == count_queries(app, many, "/mentoring/")
    page = many.get("/mentoring/").get_data(as_text=True)
    assert all(f">Many {index}</a>" in page for index in range(6))


def test_the_query_count_does_not_grow_with_mentees_or_their_data(app, session, mentor_factory):
    few, many = mentor_factory("few@example.org"), mentor_factory("many@example.org")
    for index, share in enumerate(SHARING_MIX[:2]):
        add_mentee(session, few.user, f"Few {index}", share=share, reviews=("submitted",))
    for index in range(6):
        add_mentee(session, many.user, f"Many {index}", share=SHARING_MIX[index % len(SHARING_MIX)], scale=3,
                   reviews=("submitted", "in_review", "changes_requested"), project_reviews=("submitted",))
    for client in (few, many):
        client.get("/dashboard")  # the first request of a client may warm caches; count a later one
    assert count_queries(app, few, "/dashboard") == count_queries(app, many, "/dashboard")
    assert len(re.findall(r'href="/mentoring/mentees/\d+"', many.get("/dashboard").get_data(as_text=True))) == 6


def test_each_row_shows_what_is_shared_and_nothing_else(session, mentor_factory):
    mentor = mentor_factory()
    add_mentee(session, mentor.user, "Ada Open")
    add_mentee(session, mentor.user, "Bo Private", share=())
    page = mentor.get("/dashboard").get_data(as_text=True)
    shared = dashboard_row(page, "Ada Open")
    assert "1 day finished" in shared and "12 of 60 months" in shared and "not shared" not in shared
    private = dashboard_row(page, "Bo Private")
    assert private.count("not shared") == 3
    assert "finished" not in private and "months" not in private and "%" not in private


def test_competency_progress_needs_progress_and_eligibility_needs_experience(session, mentor_factory):
    mentor = mentor_factory()
    add_mentee(session, mentor.user, "Cy Practice", share=("can_see_progress",))
    add_mentee(session, mentor.user, "Di Experience", share=("can_see_experience",))
    page = mentor.get("/dashboard").get_data(as_text=True)
    practice, experience = dashboard_row(page, "Cy Practice"), dashboard_row(page, "Di Experience")
    assert "1 day finished" in practice and "100%" in practice and "months" not in practice
    assert "12 of 60 months" in experience and "finished" not in experience


@pytest.mark.parametrize(("quiet_days", "flag", "badge"), [
    (1, None, None),
    (13, None, None),
    (14, "14 days quiet", "in-progress"),
    (29, "29 days quiet", "in-progress"),
    (30, "30 days quiet", "rating-poor"),
    (90, "90 days quiet", "rating-poor"),
])
def test_a_quiet_mentee_is_flagged_after_14_days_and_loudly_after_30(session, mentor_factory, quiet_days, flag,
                                                                     badge):
    mentor = mentor_factory()
    add_mentee(session, mentor.user, "Ed Quiet", share=(), quiet_days=quiet_days)
    row = dashboard_row(mentor.get("/dashboard").get_data(as_text=True), "Ed Quiet")
    assert (utcnow() - timedelta(days=quiet_days)).strftime("%d %b %Y") in row
    if flag is None:
        assert "days quiet" not in row
    else:
        assert re.search(rf'<span class="badge {badge}">{flag}</span>', row)


def test_a_mentee_without_any_activity_is_not_yet_active(session, mentor_factory):
    mentor = mentor_factory()
    learner = User(email="new@example.org", display_name="Fay New", password_hash="!")
    session.add(learner)
    session.flush()
    session.add(MentorLink(learner_id=learner.id, mentor_id=mentor.user.id))
    session.commit()
    row = dashboard_row(mentor.get("/dashboard").get_data(as_text=True), "Fay New")
    assert "Not yet" in row and "days quiet" not in row


def test_reviews_waiting_counts_this_mentors_submitted_and_in_review_answers(app, session, mentor_factory):
    mentor, other = mentor_factory(), mentor_factory("other@example.org")
    add_mentee(session, mentor.user, "Gus Writer",
               reviews=("submitted", "in_review", "in_review", "changes_requested", "signed_off"))
    add_mentee(session, mentor.user, "Hal Done", reviews=("signed_off",), project_reviews=("changes_requested",))
    add_mentee(session, mentor.user, "Ida Hidden", share=("can_see_progress",), reviews=("submitted",))
    gus = session.query(User).filter_by(display_name="Gus Writer").one()
    add_review(session, gus, other.user, "submitted", utcnow())  # asked of another mentor: not this one's to do
    session.commit()
    page = mentor.get("/dashboard").get_data(as_text=True)
    assert re.search(r'<a href="/reviews/">3 waiting</a>', dashboard_row(page, "Gus Writer"))
    assert "None waiting" in dashboard_row(page, "Hal Done")
    hidden = dashboard_row(page, "Ida Hidden")  # answers no longer shared: the mentor cannot open them
    assert "waiting" not in hidden and "not shared" in hidden


def test_project_descriptions_waiting_count_while_the_mentee_shares_projects(session, mentor_factory):
    mentor = mentor_factory()
    add_mentee(session, mentor.user, "Jo Projects", share=("can_see_experience",),
               reviews=("submitted",), project_reviews=("submitted", "in_review", "signed_off"))
    add_mentee(session, mentor.user, "Kim Answers", share=("can_see_answers",),
               reviews=("submitted",), project_reviews=("submitted",))
    page = mentor.get("/dashboard").get_data(as_text=True)
    assert ">2 waiting</a>" in dashboard_row(page, "Jo Projects")  # the answer sent earlier is no longer shared
    assert ">1 waiting</a>" in dashboard_row(page, "Kim Answers")  # and the description is not shared here


def mentee_page(mentor, session, name: str) -> str:
    learner = session.query(User).filter_by(display_name=name).one()
    link = session.query(MentorLink).filter_by(learner_id=learner.id, mentor_id=mentor.user.id).one()
    return mentor.get(f"/mentoring/mentees/{link.id}").get_data(as_text=True)


def test_a_mentees_page_lists_what_they_sent_this_mentor_in_the_mentors_words(session, mentor_factory):
    mentor, other = mentor_factory(), mentor_factory("other@example.org")
    add_mentee(session, mentor.user, "Lou Sender", reviews=("submitted", "in_review", "signed_off"),
               project_reviews=("changes_requested",))
    lou = session.query(User).filter_by(display_name="Lou Sender").one()
    add_review(session, lou, other.user, "submitted", utcnow())  # asked of another mentor
    add_mentee(session, mentor.user, "Max Quiet")
    add_mentee(session, mentor.user, "Ned Private", share=("can_see_progress",), reviews=("submitted",))
    session.commit()

    page = mentee_page(mentor, session, "Lou Sender")
    assert 'id="reviews-title"' in page
    reviews = page.split('id="reviews-title"', 1)[1].split("</section>", 1)[0]
    assert "Reviews: 2 waiting for you" in reviews
    assert reviews.count('href="/reviews/') == 5  # four reviews, then the whole list
    assert reviews.count("Sent to you, not opened yet") == 1 and reviews.count("You are reviewing it") == 1
    assert "Signed off" in reviews and "Changes requested" in reviews and "description of “" in reviews
    assert "Your mentor" not in reviews
    assert "has sent you nothing to review yet" in mentee_page(mentor, session, "Max Quiet")
    assert 'id="reviews-title"' not in mentee_page(mentor, session, "Ned Private")  # answers are not shared


def test_a_mentor_counts_a_mentees_education_and_capm_as_the_mentee_does(session, mentor_factory):
    mentor = mentor_factory()
    add_mentee(session, mentor.user, "Lee Leap")
    learner = session.query(User).filter_by(display_name="Lee Leap").one()
    this_month = date.today().replace(day=1)
    # A course that ends this month may still be running: it counts from next month, on both sides.
    session.add(Course(user_id=learner.id, title="PMP prep", provider="College", start_month=this_month,
                       end_month=this_month, hours=Decimal("25")))
    # A CAPM whose cycle began on 29 February: its end is computed without choking on a common year.
    from learnpm.experience.models import Certification
    session.add(Certification(user_id=learner.id, kind="capm", cycle_start=date(2024, 2, 29)))
    session.commit()
    link = session.query(MentorLink).filter_by(learner_id=learner.id).one()

    assert mentor.get("/dashboard").status_code == 200
    page = mentor.get(f"/mentoring/mentees/{link.id}").get_data(as_text=True)
    assert "10 of 35 contact hours" in page


@pytest.mark.parametrize(("sort", "order", "stated"), [
    ("", ["Zoe Busy", "Ada Quiet", "Mo Private"], "when they became your mentee, the first first"),
    ("name", ["Ada Quiet", "Mo Private", "Zoe Busy"], "name, A to Z"),
    ("quiet", ["Ada Quiet", "Mo Private", "Zoe Busy"], "last active, the quietest first"),
    ("recent", ["Zoe Busy", "Mo Private", "Ada Quiet"], "last active, the most recent first"),
    ("waiting", ["Zoe Busy", "Ada Quiet", "Mo Private"], "reviews waiting, the most first"),  # Mo shares none
    ("readiness", ["Zoe Busy", "Ada Quiet", "Mo Private"], "eligibility, the closest to eligible first"),
    ("upside-down", ["Zoe Busy", "Ada Quiet", "Mo Private"], "when they became your mentee, the first first"),
])
def test_the_mentees_come_in_the_order_the_mentor_asks(session, mentor_factory, sort, order, stated):
    mentor = mentor_factory()
    add_mentee(session, mentor.user, "Zoe Busy", quiet_days=2, reviews=("submitted", "submitted", "in_review"))
    add_mentee(session, mentor.user, "Ada Quiet", quiet_days=40, reviews=("submitted",))
    add_mentee(session, mentor.user, "Mo Private", share=(), quiet_days=10)
    response = mentor.get(f"/dashboard?sort={sort}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert re.findall(r'<a href="/mentoring/mentees/\d+">([^<]+)</a>', page) == order
    assert f"Sorted by {stated}." in page
    assert page.count("aria-sort=") == (sort in ("name", "quiet", "recent", "waiting", "readiness"))


def test_the_reviews_waiting_list_the_longest_waiting_first_with_a_count_of_all(app, session, mentor_factory):
    mentor, other = mentor_factory(), mentor_factory("other@example.org")
    add_mentee(session, mentor.user, "Noa Answers", share=("can_see_answers",), quiet_days=9,
               reviews=("submitted", "in_review", "signed_off", "submitted"), project_reviews=("submitted",))
    add_mentee(session, mentor.user, "Oli Projects", share=("can_see_experience",), quiet_days=3,
               reviews=("submitted",), project_reviews=("submitted", "in_review", "changes_requested"))
    add_mentee(session, mentor.user, "Pat Private", share=("can_see_progress",), quiet_days=1, reviews=("submitted",))
    noa = session.query(User).filter_by(display_name="Noa Answers").one()
    add_review(session, noa, other.user, "submitted", utcnow() - timedelta(days=20))  # another mentor's to do
    session.commit()
    page = mentor.get("/dashboard").get_data(as_text=True)
    waiting = re.search(r"<h3>Waiting for your review</h3>\s*<ul>(.*?)</ul>", page, flags=re.S)
    assert waiting is not None
    items = re.findall(r'<li><a href="/reviews/\d+">([^<]+)</a> from ([^,]+), waiting', waiting[1])
    assert items == [("Written answer in “Two meanings of &#34;real-time&#34;”", "Noa Answers")] * 3 + \
        [("Description of “Food bank rota”", "Oli Projects")] * 2  # the other mentor's and the unshared left out
    assert "All 5 waiting" not in page  # every one is listed
    add_mentee(session, mentor.user, "Quin Late", share=SHARE_ALL, quiet_days=0, reviews=("in_review",))
    page = mentor.get("/dashboard").get_data(as_text=True)
    assert '<a href="/reviews/">All 6 waiting</a>' in page
