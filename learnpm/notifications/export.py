"""The notifications part of a user's data download."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from learnpm.account.export import export_section
from learnpm.auth.models import User
from learnpm.notifications.models import Notification, NotificationSettings


@export_section("notifications")
def notifications(session: Session, user: User) -> dict[str, Any]:
    """Return the user's notification settings and every notification kept for them."""
    settings = session.get(NotificationSettings, user.id)
    rows = session.scalars(select(Notification).where(Notification.user_id == user.id).order_by(Notification.id))
    return {
        "email_each": settings.email_each if settings else True,
        "weekly_digest": settings.weekly_digest if settings else False,
        "items": [{"kind": n.kind, "text": n.text, "path": n.path, "created_at": n.created_at.isoformat(),
                   "read_at": n.read_at.isoformat() if n.read_at else None} for n in rows],
    }
