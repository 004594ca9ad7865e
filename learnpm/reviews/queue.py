"""The mentor's queue of reviews: what waits for them first, longest waiting first, then the rest, latest first.

It is asked on every visit of the mentor's dashboard, the reviews page and a mentee's page, so its statements are
built once, the mentor, learner, cursor and limit as parameters (building one cost more than running it).
"""

from __future__ import annotations

import functools
from datetime import datetime
from typing import Any

from sqlalchemy import Integer, Select, and_, bindparam, case, or_, select, tuple_
from sqlalchemy.orm import Session

from learnpm.auth.models import User
from learnpm.db import read
from learnpm.experience.models import Project
from learnpm.mentoring.models import MentorLink
from learnpm.pagination import Page, page_of, parse_time_cursor, time_cursor
from learnpm.reviews.models import Review
from learnpm.reviews.queries import WAITING_FOR_MENTOR, subject_label
from learnpm.scenarios.models import WriteAnswer


def reviews_for_mentor(session: Session, mentor: User, learner_id: int | None = None,
                       limit: int | None = None, waiting_only: bool = False) -> list[Review]:
    """Return the reviews the mentor may still read (their link is active and shares answers or projects), from
    every mentee or from one: first what waits for the mentor, longest waiting first, then the rest, latest first
    (the first `limit` when given; only those waiting for the mentor with `waiting_only`)."""
    query = _mentor_queue(learner_id is not None, waiting_only, limit is not None)
    return list(session.scalars(query, {"mentor_id": mentor.id, "learner_id": learner_id, "queue_limit": limit}))


def waiting_for_mentor(session: Session, mentor: User, limit: int) -> list[tuple[int, int, datetime, str]]:
    """Return the first `limit` reviews waiting for the mentor, longest waiting first, as (id, learner_id, updated_at,
    label): what each is about is read in the same query, not from its answer's or project's whole row."""
    rows = read(session, _WAITING_FOR_MENTOR, {"mentor_id": mentor.id, "queue_limit": limit})
    return [(review_id, learner_id, updated_at, subject_label(project_id is not None, scenario_id, title))
            for review_id, learner_id, updated_at, project_id, scenario_id, title in rows]


def mentor_queue_page(session: Session, mentor: User, cursor: str | None, size: int) -> Page[Review]:
    """Return a page of the mentor's reviews in the order of reviews_for_mentor, after `cursor` (which tells whether
    it stopped among the waiting ones, "w", or the rest, "r")."""
    segment, after = (cursor or " ")[0], parse_time_cursor((cursor or "")[1:])
    first = after is None or segment not in ("w", "r")
    values: dict[str, Any] = {"mentor_id": mentor.id, "queue_limit": size + 1}
    if not first:
        values["after_at"], values["after_id"] = after
    rows = list(session.scalars(_QUEUE_PAGES[" " if first else segment], values))
    return page_of(rows, size, _queue_cursor, first)


def _queue_cursor(review: Review) -> str:
    return ("w" if review.state in WAITING_FOR_MENTOR else "r") + time_cursor(review.updated_at, review.id)


@functools.cache
def _mentor_queue(one_learner: bool, waiting_only: bool, limited: bool) -> Select[tuple[Review]]:
    """Return the mentor's queue in its order, of one learner or all, waiting ones only or all, limited or not."""
    shared = ((Review.answer_id.is_not(None) & MentorLink.can_see_answers.is_(True))
              | (Review.project_id.is_not(None) & MentorLink.can_see_experience.is_(True)))
    waiting = Review.state.in_(WAITING_FOR_MENTOR)
    query = (select(Review).join(MentorLink, (MentorLink.learner_id == Review.learner_id)
                                 & (MentorLink.mentor_id == Review.mentor_id))
             .where(Review.mentor_id == bindparam("mentor_id"), MentorLink.revoked_at.is_(None), shared)
             .order_by(case((waiting, 0), else_=1), case((waiting, Review.updated_at)), case((waiting, Review.id)),
                       Review.updated_at.desc(), Review.id.desc()))
    if one_learner:
        query = query.where(Review.learner_id == bindparam("learner_id"))
    if waiting_only:
        query = query.where(waiting)
    return query.limit(bindparam("queue_limit", type_=Integer)) if limited else query


def _queue_pages() -> dict[str, Select[tuple[Review]]]:
    """Return the queue's page statements: the first page (" "), and after a cursor among the waiting ones ("w") or
    the rest ("r")."""
    query = _mentor_queue(False, False, True)
    key, waiting = tuple_(Review.updated_at, Review.id), Review.state.in_(WAITING_FOR_MENTOR)
    after = tuple_(bindparam("after_at", type_=Review.updated_at.type), bindparam("after_id", type_=Review.id.type))
    return {" ": query, "w": query.where(or_(and_(waiting, key > after), ~waiting)),
            "r": query.where(and_(~waiting, key < after))}


_QUEUE_PAGES = _queue_pages()
_WAITING_FOR_MENTOR = (
    _mentor_queue(False, True, False)
    .outerjoin(WriteAnswer, WriteAnswer.id == Review.answer_id).outerjoin(Project, Project.id == Review.project_id)
    .with_only_columns(Review.id, Review.learner_id, Review.updated_at, Review.project_id, WriteAnswer.scenario_id,
                       Project.title)
    .order_by(None).order_by(Review.updated_at, Review.id)  # the queue's order, when every one waits
    .limit(bindparam("queue_limit", type_=Integer)))
