"""The demo accounts and their data, created only by `learnpm demo` or `learnpm serve --demo`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from learnpm.auth import queries
from learnpm.auth.models import User
from learnpm.clock import utcnow
from learnpm.demo_experience import load_certification, load_experience
from learnpm.demo_reviews import load_reviews
from learnpm.experience import queries as hours_queries
from learnpm.mentoring.models import MentorLink
from learnpm.mentoring.queries import mentees_of, set_permissions
from learnpm.paths import content_dir
from learnpm.scenarios import queries as play_queries
from learnpm.scenarios.core.content.loader import load_library
from learnpm.scenarios.core.content.scenario import Choice, Node, Scenario, WriteTask
from learnpm.scenarios.core.play import engine

DEMO_PASSWORD = "learnpm-demo"


@dataclass(frozen=True)
class DemoAccount:
    """One demo login."""

    email: str
    display_name: str
    roles: tuple[str, ...]


DEMO_ACCOUNTS = (
    DemoAccount("student@demo.learnpm", "Sol Student", ("learner",)),
    DemoAccount("volunteer@demo.learnpm", "Vera Volunteer", ("learner",)),
    DemoAccount("mentor@demo.learnpm", "Meg Mentor", ("mentor",)),
)


# The student's finished day and the day they left half-way: scenario id, and how many moves to make.
DEMO_PLAYS = (("vendor-blocker-standup", None), ("weekly-cross-department-meeting", 4))


def load_demo(session: Session) -> list[str]:
    """Create whatever demo data is missing; return the emails of accounts created now."""
    created = []
    for account in DEMO_ACCOUNTS:
        if queries.user_by_email(session, account.email) is None:
            user = queries.create_user(session, account.email, account.display_name, DEMO_PASSWORD, account.roles)
            queries.confirm_email(user, utcnow())
            created.append(account.email)
    student = queries.user_by_email(session, DEMO_ACCOUNTS[0].email)
    if student is not None and not play_queries.plays_of(session, student):
        _demo_plays(session, student)
    volunteer = queries.user_by_email(session, DEMO_ACCOUNTS[1].email)
    if volunteer is not None and not hours_queries.projects_of(session, volunteer):
        load_experience(session, volunteer, date.today())
    mentor = queries.user_by_email(session, DEMO_ACCOUNTS[2].email)
    if mentor is not None and not hours_queries.certifications(session, mentor):
        load_certification(session, mentor)
    if mentor is not None and not mentees_of(session, mentor):
        _demo_links(session, mentor, [student, volunteer])
    if mentor is not None:
        session.flush()
        load_reviews(session, mentor, student, volunteer)
    return created


def _demo_links(session: Session, mentor: User, learners: list[User | None]) -> None:
    """Link the mentor to both demo learners: the student shares practice, the volunteer experience too."""
    shared = ({"can_see_progress", "can_see_answers"}, {"can_see_progress", "can_see_experience", "can_see_documents"})
    for learner, permissions in zip(learners, shared, strict=True):
        if learner is not None:
            link = MentorLink(learner_id=learner.id, mentor_id=mentor.id)
            set_permissions(link, permissions)
            session.add(link)


def _demo_plays(session: Session, student: User) -> None:
    """Give the student a finished day (with a written message) and one left half-way."""
    scenarios = load_library(content_dir()).scenarios
    for scenario_id, moves in DEMO_PLAYS:
        if scenario_id in scenarios:
            _play(session, student, scenarios[scenario_id], moves)


def _play(session: Session, student: User, scenario: Scenario, moves: int | None) -> None:
    """Play a scenario as a fair beginner: mostly good choices, one shortcut, an honest self-score."""
    state = engine.start(scenario)
    play = play_queries.start_play(session, student, scenario, state)
    for move in range(moves if moves is not None else 200):
        node = engine.current_node(scenario, state)
        if isinstance(node, WriteTask):
            scores = {c.id: len(c.levels) - (2 if index == 0 else 1) for index, c in enumerate(node.rubric)}
            state = engine.submit_write(scenario, state, node.model_answer, scores)
            play_queries.record_answer(session, play, node.id, node.model_answer.strip(), scores,
                                       engine.is_strong(node, node.model_answer))
        elif isinstance(node, Node):
            state = engine.choose(scenario, state, _beginner_choice(node, move).id)
        else:
            break
        play_queries.save_state(session, play, scenario, state)


def _beginner_choice(node: Node, move: int) -> Choice:
    """Pick the best choice, but every third move an acceptable one that leads to the same place."""
    best = next((c for c in node.choices if c.quality == "best"), node.choices[0])
    if move % 3 == 2:
        return next((c for c in node.choices if c.quality == "acceptable" and c.next == best.next), best)
    return best
