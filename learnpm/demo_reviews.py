"""Demo reviews and notifications: one description waiting for the mentor, one answer the mentor signed off."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from learnpm.auth.models import User
from learnpm.experience import queries as hours_queries
from learnpm.experience import values
from learnpm.experience.core.description import description_report
from learnpm.notifications.models import Notification
from learnpm.reviews.models import Review, ReviewFeedback, ReviewRevision
from learnpm.reviews.rubrics import description_rubric
from learnpm.scenarios.models import Play, WriteAnswer


def load_reviews(session: Session, mentor: User, student: User | None, volunteer: User | None) -> None:
    """Give the mentor a description to review and the student a signed-off answer, with their notifications."""
    if session.scalar(select(Review.id).where(Review.mentor_id == mentor.id).limit(1)) is not None:
        return
    if volunteer is not None:
        _description_waiting(session, mentor, volunteer)
    if student is not None:
        _answer_signed_off(session, mentor, student)


def _description_waiting(session: Session, mentor: User, volunteer: User) -> None:
    """The volunteer's latest project description, scored by the volunteer and waiting for the mentor."""
    projects = hours_queries.projects_of(session, volunteer)
    if not projects:
        return
    project = projects[0]
    text = description_report(values.description_parts(project)).text
    scores = {criterion.id: 1 if criterion.id == "outcome" else 2 for criterion in description_rubric().criteria}
    review = Review(learner_id=volunteer.id, mentor_id=mentor.id, project_id=project.id)
    review.revisions.append(ReviewRevision(number=1, text=text, self_scores=scores))
    session.add(review)
    session.flush()
    session.add(Notification(user_id=mentor.id, kind="review_waiting", path=f"/reviews/{review.id}",
                             text=f"{volunteer.display_name} sent the description of “{project.title}” for review."))


def _answer_signed_off(session: Session, mentor: User, student: User) -> None:
    """The student's message from their finished day, signed off with a comment on each criterion."""
    answer = session.scalar(select(WriteAnswer).join(Play, Play.id == WriteAnswer.play_id)
                            .where(Play.user_id == student.id, Play.finished_at.is_not(None)).limit(1))
    if answer is None:
        return
    review = Review(learner_id=student.id, mentor_id=mentor.id, answer_id=answer.id, state="signed_off")
    review.revisions.append(ReviewRevision(number=1, text=answer.text, self_scores=dict(answer.self_scores)))
    top = {criterion: 2 for criterion in answer.self_scores}
    comments = {criterion: "" for criterion in answer.self_scores}
    first = next(iter(comments), None)
    if first is not None:
        comments[first] = "You open with the impact, so a busy reader stops and acts. Keep doing that."
    review.feedback.append(ReviewFeedback(
        revision_number=1, scores=top, comments=comments, decision="signed_off",
        overall="Clear owner, clear date, clear ask. I would send this to a sponsor as it is."))
    session.add(review)
    session.flush()
    session.add(Notification(user_id=student.id, kind="review_done", path=f"/reviews/{review.id}",
                             text=f"{mentor.display_name} signed off your written answer from your finished day."))
