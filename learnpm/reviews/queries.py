"""Reads and writes of reviews. Functions flush; the view commits."""

from __future__ import annotations

import functools
from collections.abc import Collection
from datetime import datetime
from typing import Any

from sqlalchemy import Integer, Select, bindparam, select
from sqlalchemy.orm import Session, joinedload, selectinload

from learnpm.auth.models import User
from learnpm.db import read
from learnpm.experience.models import Project
from learnpm.mentoring.models import MentorLink
from learnpm.pagination import NewestFirst, Page, newest_first, parse_time_cursor, time_cursor
from learnpm.reviews.models import Review, ReviewFeedback, ReviewRevision
from learnpm.scenarios.library import loaded
from learnpm.scenarios.models import Play, WriteAnswer

OPEN_STATES = ("submitted", "in_review", "changes_requested")
# What waits for the mentor, rather than for the learner or for no one.
WAITING_FOR_MENTOR = ("submitted", "in_review")


def own_answer(session: Session, answer_id: int, learner: User) -> WriteAnswer | None:
    """Return one of the learner's own written answers."""
    answer = session.get(WriteAnswer, answer_id)
    if answer is None or session.get(Play, answer.play_id).user_id != learner.id:
        return None
    return answer


def answer_mentors(session: Session, learner: User) -> list[MentorLink]:
    """Return the learner's active links whose mentor may read written answers, each with its mentor."""
    return list(session.scalars(select(MentorLink).options(joinedload(MentorLink.mentor)).where(
        MentorLink.learner_id == learner.id, MentorLink.revoked_at.is_(None), MentorLink.can_see_answers.is_(True))))


def experience_mentors(session: Session, learner: User) -> list[MentorLink]:
    """Return the learner's active links whose mentor may see projects (and so review their descriptions)."""
    return list(session.scalars(select(MentorLink).where(
        MentorLink.learner_id == learner.id, MentorLink.revoked_at.is_(None),
        MentorLink.can_see_experience.is_(True))))


def start_description_review(session: Session, project: Project, text: str, self_scores: dict[str, int],
                             mentor_id: int, now: datetime) -> tuple[Review, bool]:
    """Ask a mentor to review a project's description; return the review and whether it is new (else the open
    review of it already with them)."""
    existing = session.scalar(select(Review).where(
        Review.project_id == project.id, Review.mentor_id == mentor_id, Review.state.in_(OPEN_STATES)))
    if existing is not None:
        return existing, False
    review = Review(learner_id=project.user_id, mentor_id=mentor_id, project_id=project.id, created_at=now,
                    updated_at=now)
    review.revisions.append(ReviewRevision(number=1, text=text, self_scores=self_scores, created_at=now))
    session.add(review)
    session.flush()
    return review, True


def project_reviews(session: Session, project: Project) -> list[Review]:
    """Return the reviews of a project's description, the most recently changed first."""
    return list(session.scalars(select(Review).where(Review.project_id == project.id)
                                .order_by(Review.updated_at.desc(), Review.id.desc())))


def start_review(session: Session, answer: WriteAnswer, learner: User, mentor_id: int,
                 now: datetime) -> tuple[Review, bool]:
    """Ask a mentor to review an answer; return the review and whether it is new (else it was already with them)."""
    existing = session.scalar(select(Review).where(
        Review.answer_id == answer.id, Review.mentor_id == mentor_id, Review.state.in_(OPEN_STATES)))
    if existing is not None:
        return existing, False
    review = Review(learner_id=learner.id, mentor_id=mentor_id, answer_id=answer.id, created_at=now, updated_at=now)
    review.revisions.append(ReviewRevision(number=1, text=answer.text, self_scores=dict(answer.self_scores),
                                           created_at=now))
    session.add(review)
    session.flush()
    return review, True


def visible_review(session: Session, review_id: int, user: User) -> tuple[Review, bool] | None:
    """Return the review and whether the user sees it as its mentor; None when they may not see it."""
    review = session.scalars(_REVIEW, {"review_id": review_id}).first()
    if review is None:
        return None
    if review.learner_id == user.id:
        return review, False
    link = read(session, _SHARING_LINK[review.of_description], {"learner_id": review.learner_id, "mentor_id": user.id})
    return (review, True) if link.first() is not None and review.mentor_id == user.id else None


def _sharing_link(permission: Any) -> Select[Any]:
    return select(MentorLink.id).where(
        MentorLink.learner_id == bindparam("learner_id"), MentorLink.mentor_id == bindparam("mentor_id"),
        MentorLink.revoked_at.is_(None), permission.is_(True))


# A mentor's link that shares what the review is about: the experience for a project's description, else answers.
_SHARING_LINK = {True: _sharing_link(MentorLink.can_see_experience), False: _sharing_link(MentorLink.can_see_answers)}


# A review's page reads it with its revisions and rounds of feedback, which the page shows: built once.
_REVIEW = (select(Review).options(selectinload(Review.revisions), selectinload(Review.feedback))
           .where(Review.id == bindparam("review_id")))


def add_revision(review: Review, text: str, self_scores: dict[str, int], now: datetime) -> None:
    """Keep a new revision and send the review back to the mentor."""
    review.revisions.append(ReviewRevision(number=len(review.revisions) + 1, text=text, self_scores=self_scores,
                                           created_at=now))
    review.state, review.updated_at = "submitted", now


def add_feedback(review: Review, scores: dict[str, int], comments: dict[str, str], overall: str, decision: str,
                 now: datetime) -> None:
    """Record the mentor's scores and comments on the latest revision, and their decision."""
    review.feedback.append(ReviewFeedback(revision_number=len(review.revisions), scores=scores, comments=comments,
                                          overall=overall, decision=decision, created_at=now))
    review.state, review.updated_at = decision, now


def reviews_of_learner(session: Session, learner: User, limit: int | None = None,
                       state: str | None = None) -> list[Review]:
    """Return the learner's reviews (in `state` when given), the most recently changed first (the `limit` latest
    when given)."""
    query = _learner_reviews(state is not None, limit is not None)
    return list(session.scalars(query, {"learner_id": learner.id, "state": state, "reviews_limit": limit}))


@functools.cache
def _learner_reviews(in_state: bool, limited: bool) -> Select[tuple[Review]]:
    query = select(Review).where(Review.learner_id == bindparam("learner_id"))
    if in_state:
        query = query.where(Review.state == bindparam("state"))
    query = query.order_by(Review.updated_at.desc(), Review.id.desc())
    return query.limit(bindparam("reviews_limit", type_=Integer)) if limited else query


def learner_reviews_page(session: Session, learner: User, cursor: str | None, size: int) -> Page[Review]:
    """Return a page of the learner's reviews, the most recently changed first, after `cursor`."""
    return newest_first(session, _LEARNER_REVIEWS, {"owner": learner.id}, parse_time_cursor(cursor), size,
                        lambda review: time_cursor(review.updated_at, review.id))


_LEARNER_REVIEWS = NewestFirst.of(select(Review).where(Review.learner_id == bindparam("owner")),
                                  (Review.updated_at, Review.id))


def drafts(session: Session, learner: User,
           limit: int | None = None) -> tuple[list[tuple[WriteAnswer, Play]], list[Project]]:
    """Return what the learner could send for review and never has: answers in finished days, and projects (the
    `limit` latest of each when given)."""
    answer_query, project_query = _drafts(limit is not None)
    values = {"learner_id": learner.id, "drafts_limit": limit}
    answers = session.execute(answer_query, values).all()
    projects = session.scalars(project_query, values)
    return [(answer, play) for answer, play in answers], list(projects)


@functools.cache
def _drafts(limited: bool) -> tuple[Select[Any], Select[tuple[Project]]]:
    """Return the queries of drafts, built once (the reviews page asks them on every visit)."""
    learner = bindparam("learner_id")
    reviewed_answers = select(Review.answer_id).where(Review.learner_id == learner, Review.answer_id.is_not(None))
    reviewed_projects = select(Review.project_id).where(Review.learner_id == learner, Review.project_id.is_not(None))
    answers = (select(WriteAnswer, Play).join(Play, Play.id == WriteAnswer.play_id)
               .where(Play.user_id == learner, Play.finished_at.is_not(None), WriteAnswer.id.not_in(reviewed_answers))
               .order_by(WriteAnswer.created_at.desc()))
    projects = (select(Project).where(Project.user_id == learner, Project.id.not_in(reviewed_projects))
                .order_by(Project.start_month.desc()))
    if not limited:
        return answers, projects
    limit = bindparam("drafts_limit", type_=Integer)
    return answers.limit(limit), projects.limit(limit)


def subjects_of(session: Session, reviews: list[Review]) -> tuple[dict[int, WriteAnswer], dict[int, Project]]:
    """Return the answers and the projects the reviews are about, by id, in one query for each kind (always both,
    so that a page asks as many questions whatever its reviews are about)."""
    answer_ids = {review.answer_id for review in reviews if review.answer_id is not None}
    project_ids = {review.project_id for review in reviews if review.project_id is not None}
    answers = session.scalars(_ANSWERS_OF, {"ids": list(answer_ids)}).all()
    projects = session.scalars(_PROJECTS_OF, {"ids": list(project_ids)}).all()
    return {answer.id: answer for answer in answers}, {project.id: project for project in projects}


_ANSWERS_OF = select(WriteAnswer).where(WriteAnswer.id.in_(bindparam("ids", expanding=True)))
_PROJECTS_OF = select(Project).where(Project.id.in_(bindparam("ids", expanding=True)))


def names_of(session: Session, user_ids: Collection[int]) -> dict[int, str]:
    """Return the display names of these users, by id."""
    return dict(read(session, _NAMES, {"ids": list(user_ids)}).all())


_NAMES = select(User.id, User.display_name).where(User.id.in_(bindparam("ids", expanding=True)))


def review_label(review: Review, answer: WriteAnswer | None, project: Project | None) -> str:
    """Return what a review is about in a few words, even when its scenario has changed since."""
    return subject_label(review.of_description, answer.scenario_id if answer else None,
                         project.title if project else None)


def subject_label(of_description: bool, scenario_id: str | None, project_title: str | None) -> str:
    """Return what a review is about from its project's title or its answer's scenario (None when either is gone)."""
    if of_description:
        return f"description of “{'?' if project_title is None else project_title}”"
    scenario = loaded().library.scenarios.get(scenario_id) if scenario_id is not None else None
    return f"written answer in “{scenario.title if scenario else '?' if scenario_id is None else scenario_id}”"


def subject_labels(session: Session, reviews: list[Review]) -> dict[int, str]:
    """Return what each review is about, reading its answers and projects in one query per kind, not per row."""
    answers, projects = subjects_of(session, reviews)
    return {review.id: review_label(review, answers.get(review.answer_id or 0), projects.get(review.project_id or 0))
            for review in reviews}


def reviewed_messages(session: Session, learner_ids: Collection[int]) -> dict[int, list[Any]]:
    """Return, per learner, the scores mentors gave their written answers: the latest round of each review, as
    (scenario_id, node_id, scores) rows."""
    latest = {row.review_id: row for row in read(session, _REVIEWED, {"ids": list(learner_ids)})}
    by_learner: dict[int, list[Any]] = {learner_id: [] for learner_id in learner_ids}
    for row in latest.values():
        by_learner[row.learner_id].append(row)
    return by_learner


_REVIEWED = (select(Review.learner_id, Review.id.label("review_id"), WriteAnswer.scenario_id, WriteAnswer.node_id,
                    ReviewFeedback.scores)
             .join(Review, Review.id == ReviewFeedback.review_id).join(WriteAnswer, WriteAnswer.id == Review.answer_id)
             .where(Review.learner_id.in_(bindparam("ids", expanding=True))).order_by(ReviewFeedback.id))
