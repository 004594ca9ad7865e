"""Reads and writes of accounts. Functions flush; the caller commits."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from learnpm.auth.login_sessions import end_logins
from learnpm.auth.models import ROLES, User
from learnpm.clock import utcnow

# Checked against when the email is unknown, so both answers take the same time.
_DUMMY_HASH = generate_password_hash("learnpm: no such account")


class EmailTaken(Exception):
    """Raised when an account already uses the email."""


def normalise_email(email: str) -> str:
    """Return the form of an email address that accounts are stored and found by."""
    return email.strip().lower()


def user_by_email(session: Session, email: str) -> User | None:
    """Return the account with this email, if any."""
    return session.scalar(select(User).where(User.email == normalise_email(email)))


def create_user(
    session: Session, email: str, display_name: str, password: str, roles: tuple[str, ...] = ("learner",)
) -> User:
    """Create an account; raise EmailTaken when the email is in use."""
    if user_by_email(session, email) is not None:
        raise EmailTaken(email)
    user = User(
        email=normalise_email(email),
        display_name=display_name.strip(),
        password_hash=generate_password_hash(password),
    )
    set_roles(user, roles)
    session.add(user)
    session.flush()
    return user


def register(session: Session, email: str, display_name: str, password: str) -> User | None:
    """Create an account, or return None when the email is taken: both take as long, hashing the password."""
    try:
        return create_user(session, email, display_name, password)
    except EmailTaken:
        generate_password_hash(password)
        return None


def set_roles(user: User, roles: tuple[str, ...] | list[str]) -> None:
    """Give `user` exactly these roles."""
    unknown = set(roles) - set(ROLES)
    if unknown:
        raise ValueError(f"Unknown role(s): {', '.join(sorted(unknown))}")
    user.is_learner = "learner" in roles
    user.is_mentor = "mentor" in roles
    user.is_admin = "admin" in roles


def authenticate(session: Session, email: str, password: str) -> User | None:
    """Return the account if the password is right; take the same time whether or not it exists."""
    user = user_by_email(session, email)
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    if not check_password_hash(user.password_hash, password):
        return None
    user.last_login_at = utcnow()
    return user


def reset_password(session: Session, user: User, new_password: str, now: datetime) -> None:
    """Set a password chosen through a mailed link: every login ends, and the address is thereby confirmed."""
    user.password_hash = generate_password_hash(new_password)
    end_logins(session, user)
    confirm_email(user, now)


def confirm_email(user: User, now: datetime) -> None:
    """Record that the owner has shown the address is theirs."""
    if user.email_confirmed_at is None:
        user.email_confirmed_at = now


def check_password(user: User, password: str) -> bool:
    """Tell whether `password` is this user's password."""
    return check_password_hash(user.password_hash, password)


def change_password(session: Session, user: User, new_password: str) -> None:
    """Set a new password and end every other login of the user (this browser's stays)."""
    user.password_hash = generate_password_hash(new_password)
    end_logins(session, user, keep=user.login_token)


def delete_user(session: Session, user: User) -> None:
    """Delete the account and, through the foreign keys, every row that belongs to it."""
    session.delete(user)
    session.flush()
