"""The scheduled reminder: a learner whose verifier has not answered for a while is told they may send a reminder.

The learner decides whether the verifier is mailed again (the resend button and its limits stay theirs); the
schedule only tells them, once per send, when the wait is over. Functions flush; the caller commits.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from learnpm.auth.models import User
from learnpm.experience.models import Project
from learnpm.notifications.queries import notify
from learnpm.verification.models import VerificationRequest
from learnpm.verification.tokens import MAX_SENDS, RESEND_AFTER


def remind_learners(session: Session, now: datetime) -> int:
    """Tell each learner whose request waits unanswered past the resend delay, once per send; return how many."""
    waiting = session.scalars(select(VerificationRequest).where(
        VerificationRequest.answered_at.is_(None), VerificationRequest.voided_at.is_(None),
        VerificationRequest.expires_at > now, VerificationRequest.sent_count < MAX_SENDS,
        VerificationRequest.last_sent_at <= now - RESEND_AFTER,
        or_(VerificationRequest.learner_reminded_at.is_(None),
            VerificationRequest.learner_reminded_at < VerificationRequest.last_sent_at))).all()
    for request in waiting:
        project = session.get(Project, request.project_id)
        notify(session, session.get(User, request.learner_id), "verification_waiting",
               f"{request.verifier_name} has not answered for “{project.title}” yet: you can send a reminder.",
               "experience.show_project", project_id=request.project_id)
        request.learner_reminded_at = now
    return len(waiting)
