"""Reads and writes of notifications. Functions flush at most; the caller commits, and mail queued here leaves on commit."""

from __future__ import annotations

from datetime import datetime

from flask import url_for
from sqlalchemy import ColumnElement, ScalarSelect, bindparam, event, func, select, update
from sqlalchemy.orm import Session

from learnpm.auth.models import User
from learnpm.clock import aware, utcnow
from learnpm.db import read
from learnpm.locks import lock_accounts
from learnpm.mail.queries import queue_mail
from learnpm.notifications.kinds import DIGEST_EVERY, KINDS, Item, digest_due, digest_mail, message_mail
from learnpm.notifications.models import Notification, NotificationSettings
from learnpm.pagination import NewestFirst, Page, newest_first, parse_time_cursor, time_cursor
from learnpm.urls import public_url

CHANGED = "notifications_changed"  # set in a session's info once it writes notifications

# The list page shows this many at a time; older ones are a page away, and all are in the data download.
LIST_LIMIT = 50


def settings_of(session: Session, user_id: int) -> NotificationSettings:
    """Return the user's settings (the defaults, not stored, until they change them)."""
    # Not stored on reading: two requests notifying the same user at once would both insert the row.
    found = session.scalars(_SETTINGS, {"user_id": user_id}).first()
    return found or NotificationSettings(user_id=user_id, email_each=True, weekly_digest=False, last_digest_at=None)


_SETTINGS = select(NotificationSettings).where(NotificationSettings.user_id == bindparam("user_id"))


def settings_to_change(session: Session, user_id: int) -> NotificationSettings:
    """Return the user's stored settings, made from the defaults if they have none yet."""
    lock_accounts(session, user_id)  # two first saves at once would both insert the row
    settings = settings_of(session, user_id)
    session.add(settings)
    return settings


def notify(session: Session, user: User, kind: str, text: str, endpoint: str, **values: object) -> Notification:
    """Tell `user` about something on the page of `endpoint`; by mail too if they want each one."""
    if kind not in KINDS:
        raise ValueError(f"unknown notification kind {kind!r}")
    notification = Notification(user_id=user.id, kind=kind, text=text[:400], path=url_for(endpoint, **values))
    session.add(notification)
    # An address its owner has not confirmed may be someone else's: it gets no mail until then.
    if settings_of(session, user.id).email_each and user.email_confirmed_at is not None:
        item = Item(kind, notification.text, public_url(endpoint, **values), utcnow())
        subject, body = message_mail(user.display_name, item, public_url("notifications.index"))
        queue_mail(session, user.email, subject, body)
    return notification


def unread_count(session: Session, user_id: int) -> int:
    """Return how many of the user's notifications are unread."""
    return read(session, _UNREAD, {"user_id": user_id}).scalar() or 0


def unread_count_of(user_id: int | ColumnElement[int]) -> ScalarSelect[int]:
    """Return the count of a user's unread notifications as a column, to read along with the user."""
    return (select(func.count(Notification.id)).where(Notification.user_id == user_id, Notification.read_at.is_(None))
            .scalar_subquery())


_UNREAD = select(unread_count_of(bindparam("user_id")))


def unread_badge(session: Session, user_id: int, counted: int | None) -> int:
    """Return the unread count for the page's badge: `counted` (read with the user when the request began) unless
    this request has written notifications since, or it was not read."""
    if counted is None or session.info.get(CHANGED):
        return unread_count(session, user_id)
    return counted


@event.listens_for(Session, "before_flush")
def _note_written(session: Session, _context: object, _instances: object) -> None:
    """Remember that this session wrote notifications, so that the badge counts them again."""
    if any(isinstance(obj, Notification) for obj in (*session.new, *session.dirty, *session.deleted)):
        session.info[CHANGED] = True


def recent(session: Session, user_id: int, cursor: str | None = None, size: int = LIST_LIMIT) -> Page[Notification]:
    """Return a page of the user's notifications, newest first, after `cursor`."""
    return newest_first(session, _NOTIFICATIONS, {"owner": user_id}, parse_time_cursor(cursor), size,
                        lambda n: time_cursor(n.created_at, n.id))


_NOTIFICATIONS = NewestFirst.of(select(Notification).where(Notification.user_id == bindparam("owner")),
                                (Notification.created_at, Notification.id))


def mark_all_read(session: Session, user_id: int, now: datetime) -> int:
    """Mark every unread notification of the user as read; return how many there were."""
    session.info[CHANGED] = True
    result = session.execute(update(Notification).where(
        Notification.user_id == user_id, Notification.read_at.is_(None)).values(read_at=now))
    return result.rowcount or 0


def resolve(session: Session, user_id: int, now: datetime, endpoint: str, **values: object) -> int:
    """Mark read the user's notifications about the page of `endpoint`, now that what they announced is handled.

    A notification's page is its subject (a review, a project): once the review is done or its answer seen, the
    badge must not go on asking for attention. Return how many there were."""
    session.info[CHANGED] = True
    session.flush()  # notifications written in this request are resolved too
    result = session.connection().execute(_RESOLVE, {"owner": user_id, "page": url_for(endpoint, **values), "now": now})
    return result.rowcount or 0


# A project's or a review's page resolves its notifications on every visit: built once.
_RESOLVE = (update(Notification).where(Notification.user_id == bindparam("owner"), Notification.read_at.is_(None),
                                       Notification.path == bindparam("page"))
            .values(read_at=bindparam("now")).execution_options(synchronize_session=False))


def send_digests(session: Session, now: datetime, base_url: str) -> int:
    """Mail a digest of unread notifications to each user who asked for one and is due; return how many went.

    A digest covers what arrived since the last one (or in the last week) and is still unread.
    """
    sent, base = 0, base_url.rstrip("/")
    subscribers = session.execute(select(NotificationSettings, User).join(User, User.id == NotificationSettings.user_id)
                                  .where(NotificationSettings.weekly_digest.is_(True),
                                         User.email_confirmed_at.is_not(None))).all()
    for settings, user in subscribers:
        last = aware(settings.last_digest_at) if settings.last_digest_at else None
        if not digest_due(last, now):
            continue
        since = last or now - DIGEST_EVERY
        unread = session.scalars(select(Notification).where(
            Notification.user_id == user.id, Notification.read_at.is_(None))).all()
        items = [Item(n.kind, n.text, base + n.path, aware(n.created_at)) for n in unread
                 if aware(n.created_at) > since]
        if not items:
            continue
        subject, body = digest_mail(user.display_name, items, base + "/notifications/")
        queue_mail(session, user.email, subject, body)
        settings.last_digest_at = now
        sent += 1
    return sent
