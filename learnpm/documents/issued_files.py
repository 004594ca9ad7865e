"""Documents prepared in the background: asked for, rendered by a job, then kept for their owner to download again.

The PDF is kept in the database, so that whichever server answers the download has it, and is deleted with its
row a day after it was ready (by the hourly `documents.cleanup` run of the schedule). Functions flush; the caller
commits.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Date, DateTime, ForeignKey, Integer, LargeBinary, String, delete, select
from sqlalchemy.orm import InstrumentedAttribute, Mapped, Session, mapped_column

from learnpm.clock import aware, utcnow
from learnpm.db import Base

KEEP_FOR = timedelta(days=1)
# Beyond the wait for a renderer and the render's own deadline: the time a job may take to report its outcome.
REPORT_SLACK = timedelta(seconds=30)
STEPS = {"waiting": 1, "rendering": 2, "ready": 3, "failed": 3}


class PreparedDocument(Base):
    """A document asked for: waiting for a renderer, rendering, ready (its PDF kept until `expires_at`), or failed."""

    __tablename__ = "prepared_documents"

    id: Mapped[str] = mapped_column(String(24), primary_key=True, default=lambda: secrets.token_urlsafe(12))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    period_from: Mapped[date | None] = mapped_column(Date, default=None)
    period_to: Mapped[date | None] = mapped_column(Date, default=None)
    state: Mapped[str] = mapped_column(String(20), default="waiting")
    # How many times a job was started for it: a job lost with Redis or a dead worker is started once more.
    attempts: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    problem: Mapped[str] = mapped_column(String(300), default="")
    # The issued document, once ready (its id is printed on the PDF).
    document_id: Mapped[str | None] = mapped_column(ForeignKey("issued_documents.id", ondelete="SET NULL"),
                                                    default=None)
    pdf: Mapped[bytes | None] = mapped_column(LargeBinary, default=None, deferred=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    overdue_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)

    def shown_state(self, now: datetime) -> str:
        """Return the state the owner is shown: an unfinished render past its time is overdue."""
        if self.state in ("waiting", "rendering") and aware(self.overdue_at) <= now:
            return "overdue"
        return self.state


def ask_for(session: Session, user_id: int, kind: str, period: tuple[date | None, date | None], now: datetime,
            limits: Any) -> PreparedDocument:
    """Record that `user_id` asked for a document of `kind`; it is overdue once a render should have ended."""
    overdue = now + timedelta(seconds=limits.wait_seconds + limits.seconds) + REPORT_SLACK
    prepared = PreparedDocument(user_id=user_id, kind=kind, period_from=period[0], period_to=period[1],
                                state="waiting", attempts=1, problem="", created_at=now,
                                overdue_at=overdue)
    session.add(prepared)
    session.flush()
    return prepared


def in_progress(session: Session, user_id: int, kind: str, period: tuple[date | None, date | None],
                now: datetime) -> PreparedDocument | None:
    """Return the user's request for the same kind and period that is still waiting or rendering in its time."""
    query = select(PreparedDocument).where(
        PreparedDocument.user_id == user_id, PreparedDocument.kind == kind,
        PreparedDocument.state.in_(("waiting", "rendering")), PreparedDocument.overdue_at > now,
        _same(PreparedDocument.period_from, period[0]), _same(PreparedDocument.period_to, period[1]))
    return session.scalar(query.order_by(PreparedDocument.created_at.desc()).limit(1))


def _same(column: InstrumentedAttribute[date | None], day: date | None) -> Any:
    """Return the condition that `column` holds `day`, or nothing when `day` is None."""
    return column.is_(None) if day is None else column == day


def mark_ready(prepared: PreparedDocument, document_id: str, pdf: bytes, now: datetime) -> None:
    """Keep the PDF for its owner to download until it expires."""
    prepared.state, prepared.document_id, prepared.pdf = "ready", document_id, pdf
    prepared.finished_at, prepared.expires_at = now, now + KEEP_FOR


def mark_failed(prepared: PreparedDocument, problem: str, now: datetime) -> None:
    """Record why the document could not be made (nothing was issued)."""
    prepared.state, prepared.problem, prepared.finished_at = "failed", problem[:300], now


def forget_expired(session: Session, now: datetime) -> int:
    """Delete the kept PDFs that expired, and requests that ended long ago; return how many went."""
    result = session.execute(delete(PreparedDocument).where(
        (PreparedDocument.expires_at < now) | (PreparedDocument.created_at < now - 7 * KEEP_FOR)))
    return result.rowcount or 0
