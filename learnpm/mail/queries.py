"""Reads and writes of the outbox. Functions flush at most (a claim that lost a race rolls back); the caller commits."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from flask import current_app
from sqlalchemy import ColumnElement, and_, case, delete, func, or_, select, update
from sqlalchemy.orm import Session

from learnpm.clock import utcnow
from learnpm.mail.core.retry import KEEP_SENT, LEASE, gives_up, new_message_id, retry_delay
from learnpm.mail.models import OutgoingMail

# Message ids queued in a session and not yet committed: delivered as soon as the commit is done.
QUEUED_KEY = "learnpm.mail.queued"


def queue_mail(session: Session, to: str, subject: str, body: str) -> OutgoingMail:
    """Add a message to the outbox in the session's transaction: it leaves if and only if the transaction commits."""
    now = utcnow()
    one_line = " ".join(subject.split())[:300]  # a name with a line break in it must not break the header
    mail = OutgoingMail(message_id=new_message_id(current_app.config["MAIL_FROM"]), recipient=to.strip()[:254],
                        subject=one_line, body=body, created_at=now, next_attempt_at=now, attempts=0,
                        last_error="")
    session.add(mail)
    session.info.setdefault(QUEUED_KEY, []).append(mail.message_id)
    return mail


def _due(now: datetime) -> ColumnElement[bool]:
    """Return the condition of a message to send now: not sent, not given up, due, and claimed by nobody."""
    return and_(OutgoingMail.sent_at.is_(None), OutgoingMail.failed_at.is_(None), OutgoingMail.next_attempt_at <= now,
                or_(OutgoingMail.claimed_until.is_(None), OutgoingMail.claimed_until <= now))


def claim_next(session: Session, now: datetime, message_ids: Collection[str] | None = None) -> OutgoingMail | None:
    """Claim the next due message (of `message_ids`, when given) for one sender; None when none is left.

    PostgreSQL skips rows another sender has locked; on SQLite, whose writers take turns, the UPDATE's own
    condition makes sure that of two senders who picked the same row only one claims it.
    """
    query = select(OutgoingMail.id).where(_due(now)).order_by(OutgoingMail.next_attempt_at, OutgoingMail.id)
    if message_ids is not None:
        query = query.where(OutgoingMail.message_id.in_(list(message_ids)))
    for _race in range(10):
        mail_id = session.scalar(query.limit(1).with_for_update(skip_locked=True))
        if mail_id is None:
            return None
        claimed = session.execute(update(OutgoingMail).where(OutgoingMail.id == mail_id, _due(now)).values(
            claimed_until=now + LEASE, attempts=OutgoingMail.attempts + 1))
        if claimed.rowcount == 1:
            return session.get(OutgoingMail, mail_id, populate_existing=True)
        session.rollback()  # another sender claimed it between our read and our write
    return None


def mark_sent(mail: OutgoingMail, now: datetime) -> None:
    """Record that the mail server accepted the message, and forget its body."""
    mail.sent_at, mail.claimed_until, mail.body = now, None, ""


def mark_failed(mail: OutgoingMail, now: datetime, error: str, permanent: bool = False) -> None:
    """Record a failed attempt: try again after a longer wait, or give up after the last attempt."""
    mail.last_error, mail.claimed_until = error[:500], None
    if permanent or gives_up(mail.attempts):
        mail.failed_at = now
    else:
        mail.next_attempt_at = now + retry_delay(mail.attempts)


def forget_old_sent(session: Session, now: datetime) -> None:
    """Delete the record of messages sent long ago."""
    session.execute(delete(OutgoingMail).where(OutgoingMail.sent_at < now - KEEP_SENT))


def state_counts(session: Session) -> dict[str, int]:
    """Return how many messages are waiting, retrying, sent and failed."""
    state = case((OutgoingMail.sent_at.is_not(None), "sent"), (OutgoingMail.failed_at.is_not(None), "failed"),
                 (OutgoingMail.attempts > 0, "retrying"), else_="waiting")
    counts = dict(session.execute(select(state, func.count()).group_by(state)).all())
    return {name: counts.get(name, 0) for name in ("waiting", "retrying", "sent", "failed")}


def unsent(session: Session, limit: int = 50) -> list[OutgoingMail]:
    """Return the messages not sent yet or given up on, the oldest first."""
    query = select(OutgoingMail).where(OutgoingMail.sent_at.is_(None))
    return list(session.scalars(query.order_by(OutgoingMail.created_at, OutgoingMail.id).limit(limit)))


def retry_failed(session: Session, now: datetime) -> int:
    """Put every message delivery gave up on back in line, with a fresh count of attempts; return how many."""
    result = session.execute(update(OutgoingMail).where(OutgoingMail.failed_at.is_not(None)).values(
        failed_at=None, attempts=0, next_attempt_at=now, claimed_until=None))
    return result.rowcount or 0
