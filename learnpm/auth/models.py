"""The account model."""

from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from learnpm.clock import utcnow
from learnpm.db import Base

ROLES = ("learner", "mentor", "admin")


class User(UserMixin, Base):
    """A person with a learnpm account: a learner, a mentor, or both."""

    __tablename__ = "users"
    # Lets `login_token` below be a plain attribute of the object rather than a column.
    __allow_unmapped__ = True

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(80))
    password_hash: Mapped[str] = mapped_column(String(255))
    is_learner: Mapped[bool] = mapped_column(Boolean, default=True)
    is_mentor: Mapped[bool] = mapped_column(Boolean, default=False)
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    # None until the owner follows the link mailed at registration (or resets the password by mail).
    email_confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)

    # The token of the login this request runs under, set at login and by the loader; never stored on the row.
    login_token: str | None = None
    # How many notifications were unread when the loader read the user (in the same query); None when not read.
    unread_at_load: int | None = None

    def get_id(self) -> str:
        """Return the login's token, which Flask-Login keeps in the session and the remember cookie."""
        if self.login_token is None:
            raise RuntimeError("Start a login session before logging the user in.")
        return self.login_token

    @property
    def roles(self) -> list[str]:
        """Return the names of the roles this user holds."""
        held = {"learner": self.is_learner, "mentor": self.is_mentor, "admin": self.is_admin}
        return [role for role in ROLES if held[role]]

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email}>"


class LoginSession(Base):
    """One login on one browser: its cookies carry the token, the server keeps its digest until logout."""

    __tablename__ = "login_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    remember: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class AccountToken(Base):
    """A mailed link that proves its reader holds the account's mailbox: reset the password, confirm the address."""

    __tablename__ = "account_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(String(16))
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
