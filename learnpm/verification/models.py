"""Requests to verify a project, and the append-only log of who saw or confirmed what."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text, event
from sqlalchemy.orm import Mapped, Session, mapped_column

from learnpm.clock import utcnow
from learnpm.db import Base

ANSWERS = {"verified": "Verified", "adjusted": "Verified with an adjustment", "disputed": "Disputed"}


class VerificationRequest(Base):
    """One project sent to its verifier; the link works once, for 30 days, for the project as sent."""

    __tablename__ = "verification_requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    verifier_name: Mapped[str] = mapped_column(String(120))
    verifier_email: Mapped[str] = mapped_column(String(254))
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    project_digest: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    sent_count: Mapped[int] = mapped_column(Integer, default=1)
    last_sent_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    viewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    answered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    answer: Mapped[str | None] = mapped_column(String(20), default=None)
    adjusted_figure: Mapped[str] = mapped_column(String(200), default="")
    comment: Mapped[str] = mapped_column(Text, default="")
    voided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    # When the learner was last told that the verifier has not answered (the schedule does it once per send).
    learner_reminded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)

    @property
    def status(self) -> str:
        """Return where the request stands, in the words the learner sees."""
        if self.voided_at is not None:
            return "Void: the project changed after it was sent"
        if self.answer:
            return ANSWERS[self.answer]
        return "Viewed, not answered yet" if self.viewed_at else "Sent, not opened yet"


class AuditEvent(Base):
    """Something a mentor or verifier did with a learner's data. Rows are only ever added."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    actor: Mapped[str] = mapped_column(String(300))
    action: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    # Whether a read was already recorded lately looks at the learner's last hour only, however long the log.
    __table_args__ = (Index("ix_audit_events_learner_id_created_at", "learner_id", "created_at"),)


@event.listens_for(Session, "before_flush")
def _audit_is_append_only(session: Session, _context: object, _instances: object) -> None:
    """Refuse any change or deletion of an audit event made through the ORM."""
    for instance in (*session.dirty, *session.deleted):
        if isinstance(instance, AuditEvent):
            raise PermissionError("audit events are never changed or deleted")
