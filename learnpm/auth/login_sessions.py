"""Reads and writes of login sessions: one row per browser logged in. Functions flush; the caller commits."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, delete, func, select
from sqlalchemy.orm import Session

from learnpm.auth.models import LoginSession, User
from learnpm.auth.tokens import REMEMBER_LIFETIME, SESSION_LIFETIME, new_token, token_digest
from learnpm.clock import aware
from learnpm.notifications.queries import unread_count_of


def start_login(session: Session, user: User, remember: bool, now: datetime) -> str:
    """Record a new login of `user` and return its token, which the cookies will carry."""
    session.execute(delete(LoginSession).where(LoginSession.user_id == user.id, LoginSession.expires_at < now))
    token = new_token()
    lifetime = REMEMBER_LIFETIME if remember else SESSION_LIFETIME
    session.add(LoginSession(user_id=user.id, token_digest=token_digest(token), remember=remember,
                             created_at=now, expires_at=now + lifetime))
    session.flush()
    user.login_token = token
    return token


def login_of(session: Session, token: str, now: datetime) -> LoginSession | None:
    """Return the live login whose token this is, or None once it has ended or expired."""
    login = session.scalar(select(LoginSession).where(LoginSession.token_digest == token_digest(token)))
    if login is None or aware(login.expires_at) <= now:
        return None
    return login


# Every page a signed-in user opens runs this query: built once, its statement is not composed again each time.
_USER_OF_DIGEST = (select(User, LoginSession.expires_at, unread_count_of(User.id))
                   .join(LoginSession, LoginSession.user_id == User.id)
                   .where(LoginSession.token_digest == bindparam("digest")))


def user_of_login(session: Session, token: str, now: datetime) -> User | None:
    """Return the user a session or remember cookie speaks for, while its login lives, with their unread
    notifications counted (one query: every page a signed-in user opens asks it, and shows the count)."""
    found = session.execute(_USER_OF_DIGEST, {"digest": token_digest(token)}).first()
    if found is None or aware(found.expires_at) <= now:
        return None
    user = found[0]
    user.login_token, user.unread_at_load = token, found[2]
    return user


def renew_login(session: Session, user: User, now: datetime) -> str | None:
    """Give the current login a new token (the old one stops working) and a new lifetime; return the token."""
    login = login_of(session, user.login_token or "", now)
    if login is None:
        return None
    token = new_token()
    login.token_digest = token_digest(token)
    login.expires_at = now + (REMEMBER_LIFETIME if login.remember else SESSION_LIFETIME)
    session.flush()
    user.login_token = token
    return token


def end_login(session: Session, token: str) -> None:
    """End one login: its cookies, and every copy of them, open nothing any more."""
    session.execute(delete(LoginSession).where(LoginSession.token_digest == token_digest(token)))


def end_logins(session: Session, user: User, keep: str | None = None) -> None:
    """End every login of `user`, except the one whose token is `keep`."""
    query = delete(LoginSession).where(LoginSession.user_id == user.id)
    if keep is not None:
        query = query.where(LoginSession.token_digest != token_digest(keep))
    session.execute(query)


def count_logins(session: Session, user: User, now: datetime) -> int:
    """Return on how many browsers the user is logged in."""
    query = select(func.count()).where(LoginSession.user_id == user.id, LoginSession.expires_at > now)
    return session.scalar(query) or 0
