"""Reads and writes of mailed account links. Functions flush; the caller commits."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from learnpm.auth.models import AccountToken, User
from learnpm.auth.tokens import LINK_LIFETIMES, new_token, token_digest
from learnpm.clock import aware


def issue_link(session: Session, user: User, purpose: str, now: datetime) -> str:
    """Record a new link of `purpose` for `user` and return its token, for the mail only."""
    token = new_token()
    session.add(AccountToken(user_id=user.id, purpose=purpose, token_digest=token_digest(token),
                             created_at=now, expires_at=now + LINK_LIFETIMES[purpose]))
    session.flush()
    return token


def holder_of_link(session: Session, token: str, purpose: str, now: datetime) -> User | None:
    """Return whose unused, unexpired link this is, without using it up."""
    link = session.scalar(select(AccountToken).where(
        AccountToken.token_digest == token_digest(token), AccountToken.purpose == purpose))
    if link is None or link.used_at is not None or aware(link.expires_at) <= now:
        return None
    return session.get(User, link.user_id)


def use_link(session: Session, token: str, purpose: str, now: datetime) -> User | None:
    """Use the link up and return its holder; None when it is unknown, used or expired.

    One conditional UPDATE marks it used, so of two requests with the same link exactly one gets the user.
    The holder's other links of the same purpose stop working too.
    """
    used = session.execute(
        update(AccountToken)
        .where(AccountToken.token_digest == token_digest(token), AccountToken.purpose == purpose,
               AccountToken.used_at.is_(None), AccountToken.expires_at > now)
        .values(used_at=now)
        .returning(AccountToken.user_id)
    ).scalar_one_or_none()
    if used is None:
        return None
    session.execute(update(AccountToken).where(
        AccountToken.user_id == used, AccountToken.purpose == purpose, AccountToken.used_at.is_(None)
    ).values(used_at=now))
    return session.get(User, used)
