"""What the home page reads about a user: a few counts per feature, never their rows one by one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from learnpm.auth.models import User
from learnpm.db import read
from learnpm.documents.models import IssuedDocument
from learnpm.experience.core.eligibility import PathStatus, experience_months, path_status
from learnpm.experience.models import Project
from learnpm.main.core.mentee_order import MenteeFacts
from learnpm.main.core.next_step import Eligibility, HomeFacts, Waiting
from learnpm.mentoring import queries as mentoring
from learnpm.mentoring.mentee import MenteeView, mentee_views
from learnpm.mentoring.models import MentorLink
from learnpm.mentoring.queries import MenteeLink
from learnpm.reviews import queries as reviews
from learnpm.reviews import queue
from learnpm.reviews.models import Review
from learnpm.scenarios.core.content.loader import Library
from learnpm.scenarios.dashboard import PracticeSummary, practice_summary
from learnpm.scenarios.models import Play

WAITING_SHOWN = 5  # reviews waiting for a mentor listed on their dashboard, the longest waiting first


@dataclass(frozen=True)
class Home:
    """Everything the home page shows: the facts the next step is chosen from, and the panels' details."""

    facts: HomeFacts
    practice: PracticeSummary | None
    eligibility_label: str | None
    months: tuple[int, int] | None  # counted, required
    contact_hours: tuple[Decimal, Decimal] | None  # counted, required
    mentees: list[tuple[MenteeLink, MenteeView]]


def _count(column: Any, *where: Any) -> Any:
    return select(func.count(column)).where(*where).scalar_subquery()


# A learner's figures, counted by the database in one query: built once, as every visit of the home page asks it.
_LEARNER_COUNTS = select(
    _count(Play.id, Play.user_id == bindparam("user")).label("plays"),
    _count(Project.id, Project.user_id == bindparam("user")).label("projects"),
    _count(IssuedDocument.id, IssuedDocument.user_id == bindparam("user"),
           IssuedDocument.revoked_at.is_(None)).label("documents"),
    _count(MentorLink.id, MentorLink.learner_id == bindparam("user"), MentorLink.revoked_at.is_(None)).label("mentors"))


def read_home(session: Session, user: User, library: Library, today: date) -> Home:
    """Read what the home page needs of each feature the user uses."""
    counts = read(session, _LEARNER_COUNTS, {"user": user.id}).one() if user.is_learner else None
    practice = practice_summary(session, user, counts.plays) if counts else None
    projects = counts.projects if counts else 0
    status = _path_status(session, user, today) if projects else None  # nothing to count before a first project
    mentees = mentee_views(session, mentoring.mentee_links(session, user), today) if user.is_mentor else []
    facts = HomeFacts(
        is_learner=user.is_learner, is_mentor=user.is_mentor,
        resume=_resume(practice, library), attempts=practice.attempts if practice else 0,
        next_scenario=_next_scenario(practice.finished, library) if practice else None,
        projects=projects,
        eligibility=Eligibility(status.months_missing, status.contact_hours_missing) if status else None,
        documents=counts.documents if counts else 0,
        mentors=counts.mentors if counts else 0,
        mentees=len(mentees),
        to_review=_to_review(session, user, mentees) if user.is_mentor else (),
        # Every review the mentor may open is counted in their mentees' rows, one aggregate for them all.
        to_review_count=sum(view.reviews_waiting or 0 for _, view in mentees),
        to_revise=_to_revise(session, user) if user.is_learner else (),
    )
    return Home(facts, practice, status.label if status else None,
                (status.months_counted, status.months_required) if status else None,
                (status.contact_hours, status.contact_hours_required) if status else None, mentees)


def mentee_facts(mentee: tuple[MenteeLink, MenteeView]) -> MenteeFacts:
    """Return what the dashboard's orders compare of a mentee, as far as the mentee shares it."""
    link, view = mentee
    eligibility = view.eligibility
    return MenteeFacts(link.learner_name, view.last_active, view.reviews_waiting,
                       eligibility.months_counted if eligibility else None,
                       eligibility.months_required if eligibility else None)


def _path_status(session: Session, user: User, today: date) -> PathStatus:
    """Return how far the user is from their PMP path, read the way a mentor's dashboard reads it."""
    ids = [user.id]
    periods = mentoring.project_periods_by_learner(session, ids)[user.id]
    contact = mentoring.contact_hours_by_learner(session, ids, today).get(user.id)
    return path_status(mentoring.paths_by_learner(session, ids)[user.id], experience_months(periods, today),
                       contact if contact is not None else Decimal(0),
                       user.id in mentoring.active_capm_learners(session, ids, today))


def _resume(practice: PracticeSummary | None, library: Library) -> tuple[int, str] | None:
    if practice is None or practice.resume is None or practice.resume.scenario_id not in library.scenarios:
        return None
    return practice.resume.id, library.scenarios[practice.resume.scenario_id].title


def _next_scenario(finished: frozenset[str], library: Library) -> tuple[str, str] | None:
    """Return a day the user has not finished, standalone days first (a week's days are played from the week)."""
    in_weeks = {day for week in library.weeks.values() for day in week.days}
    for scenario_id, scenario in library.scenarios.items():
        if scenario_id not in finished and scenario_id not in in_weeks:
            return scenario_id, scenario.title
    return None


def _to_review(session: Session, mentor: User,
               mentees: list[tuple[MenteeLink, MenteeView]]) -> tuple[Waiting, ...]:
    names = {link.learner_id: link.learner_name for link, _ in mentees}
    return tuple(Waiting(review_id, label, names.get(learner_id, "?"), since)
                 for review_id, learner_id, since, label in queue.waiting_for_mentor(session, mentor, WAITING_SHOWN))


def _to_revise(session: Session, learner: User) -> tuple[Waiting, ...]:
    asked = reviews.reviews_of_learner(session, learner, state="changes_requested")
    if not asked:  # nothing to revise: no names or subjects to read
        return ()
    asked.sort(key=lambda review: review.updated_at)
    names = reviews.names_of(session, {review.mentor_id for review in asked})
    return _waiting(session, asked, names, "mentor")


def _waiting(session: Session, queue: list[Review], names: dict[int, str], whose: str) -> tuple[Waiting, ...]:
    labels = reviews.subject_labels(session, queue)
    return tuple(Waiting(review.id, labels[review.id],
                         names.get(review.learner_id if whose == "learner" else review.mentor_id, "?"),
                         review.updated_at) for review in queue)
