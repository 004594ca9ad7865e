"""Reads and writes of verification requests and of the audit log. Functions flush; the view commits."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from learnpm.clock import aware
from learnpm.db import read
from learnpm.experience.core.description import description_report
from learnpm.experience.core.fields import TEXT_FIELDS
from learnpm.experience.models import Project
from learnpm.experience.values import description_parts
from learnpm.pagination import Page, id_page, parse_id_cursor
from learnpm.verification.models import AuditEvent, VerificationRequest
from learnpm.verification.tokens import VALID_FOR, new_token, project_digest, token_digest

READ_RECORDED_FOR = timedelta(hours=1)  # a read already in the log this recently is not added again
AUDIT_PAGE = 50  # lines of the audit log a page shows; older ones are a page away


def project_fields(project: Project) -> dict[str, Any]:
    """Return the project as the verifier is asked to confirm it."""
    return {
        **{name: getattr(project, name) for name in TEXT_FIELDS},
        "start": project.start_month.strftime("%B %Y"),
        "end": project.end_month.strftime("%B %Y") if project.end_month else "in progress",
        "description": description_report(description_parts(project)).text,
    }


def latest_request(session: Session, project: Project) -> VerificationRequest | None:
    """Return the newest verification request of a project."""
    return session.scalars(_LATEST_REQUEST, {"project_id": project.id}).first()


_LATEST_REQUEST = (select(VerificationRequest).where(VerificationRequest.project_id == bindparam("project_id"))
                   .order_by(VerificationRequest.id.desc()).limit(1))


def waiting_request(session: Session, project: Project, now: datetime) -> VerificationRequest | None:
    """Return the request the project's verifier holds a working link for, or None."""
    request = latest_request(session, project)
    if request is None or request.answered_at or request.voided_at or aware(request.expires_at) <= now:
        return None
    same_verifier = request.verifier_email.strip().lower() == (project.verifier_email or "").strip().lower()
    return request if same_verifier else None


def request_verification(session: Session, project: Project, now: datetime) -> tuple[VerificationRequest, str]:
    """Create a request for the project's verifier, voiding any earlier open one; return it and its token."""
    void_open_requests(session, project, now)
    token = new_token()
    request = VerificationRequest(
        learner_id=project.user_id, project_id=project.id, verifier_name=project.verifier_name,
        verifier_email=project.verifier_email, token_digest=token_digest(token),
        project_digest=project_digest(project_fields(project)), created_at=now, expires_at=now + VALID_FOR,
        last_sent_at=now)
    session.add(request)
    session.flush()
    return request, token


def renew_token(request: VerificationRequest, now: datetime) -> str:
    """Give the request a fresh link for a reminder (the earlier link stops working)."""
    token = new_token()
    request.token_digest = token_digest(token)
    request.sent_count += 1
    request.last_sent_at = now
    request.expires_at = now + VALID_FOR
    return token


def void_open_requests(session: Session, project: Project, now: datetime) -> int:
    """Void the project's unanswered requests; return how many."""
    open_requests = session.scalars(select(VerificationRequest).where(
        VerificationRequest.project_id == project.id, VerificationRequest.answered_at.is_(None),
        VerificationRequest.voided_at.is_(None)))
    count = 0
    for request in open_requests:
        request.voided_at = now
        count += 1
    return count


def void_if_changed(session: Session, project: Project, now: datetime) -> bool:
    """After an edit, void requests (answered or not) made for an earlier version of the project."""
    request = latest_request(session, project)
    if request is None or request.voided_at is not None:
        return False
    if request.project_digest == project_digest(project_fields(project)):
        return False
    request.voided_at = now
    return True


def open_request_of(session: Session, request_id: int, learner: Any) -> VerificationRequest | None:
    """Return the learner's own request while it waits for an answer, or None."""
    found = session.get(VerificationRequest, request_id)
    if found is None or found.learner_id != learner.id or found.answered_at or found.voided_at:
        return None
    return found


def request_by_token(session: Session, token: str) -> VerificationRequest | None:
    """Return the request a link's token belongs to."""
    return session.scalar(select(VerificationRequest).where(VerificationRequest.token_digest == token_digest(token)))


def link_problem(request: VerificationRequest | None, project: Project | None, now: datetime) -> str | None:
    """Return why a verification link cannot be used now, or None."""
    if request is None or project is None:
        return "unknown"
    if request.voided_at is not None or request.project_digest != project_digest(project_fields(project)):
        return "changed"
    if request.answered_at is not None:
        return "answered"
    if aware(request.expires_at) <= now:
        return "expired"
    return None


def record(session: Session, learner_id: int, actor: str, action: str) -> None:
    """Add a line to the learner's audit log."""
    session.add(AuditEvent(learner_id=learner_id, actor=actor[:300], action=action[:300]))


# Asked on every visit of a mentor to a mentee's page or a review: built once.
_READ_SEEN = select(AuditEvent.id).where(
    AuditEvent.learner_id == bindparam("learner_id"), AuditEvent.created_at >= bindparam("since"),
    AuditEvent.actor == bindparam("actor"), AuditEvent.action == bindparam("action")).limit(1)


def record_read(session: Session, learner_id: int, actor: str, action: str, now: datetime) -> bool:
    """Add a read to the learner's audit log unless the same one is there from the last hour; tell whether it was.

    A mentor who reloads a page, or comes back to it within the hour, is one line of the log, not one per click."""
    actor, action = actor[:300], action[:300]
    seen = read(session, _READ_SEEN, {"learner_id": learner_id, "since": now - READ_RECORDED_FOR, "actor": actor,
                                      "action": action}).first()
    if seen is not None:
        return False
    session.add(AuditEvent(learner_id=learner_id, actor=actor, action=action, created_at=now))
    return True


def audit_log(session: Session, learner_id: int, cursor: str | None = None,
              size: int = AUDIT_PAGE) -> Page[AuditEvent]:
    """Return a page of the learner's audit log, newest first, after `cursor`."""
    query = select(AuditEvent).where(AuditEvent.learner_id == learner_id)
    after = parse_id_cursor(cursor)
    if after is not None:
        query = query.where(AuditEvent.id < after)
    return id_page(list(session.scalars(query.order_by(AuditEvent.id.desc()).limit(size + 1))), size, after is None)
