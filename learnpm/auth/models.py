"""The account model."""

from __future__ import annotations

import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from learnpm.clock import utcnow
from learnpm.db import Base

ROLES = ("learner", "mentor", "admin")


def new_session_token() -> str:
    """Return a fresh random token that identifies a user's logins."""
    return secrets.token_urlsafe(24)


class User(UserMixin, Base):
    """A person with a learnpm account: a learner, a mentor, or both."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(80))
    password_hash: Mapped[str] = mapped_column(String(255))
    # Changing it signs the user out everywhere: sessions and remember cookies carry it.
    session_token: Mapped[str] = mapped_column(String(64), unique=True, default=new_session_token)
    is_learner: Mapped[bool] = mapped_column(Boolean, default=True)
    is_mentor: Mapped[bool] = mapped_column(Boolean, default=False)
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)

    def get_id(self) -> str:
        """Return the token Flask-Login stores in the session and the remember cookie."""
        return self.session_token

    @property
    def roles(self) -> list[str]:
        """Return the names of the roles this user holds."""
        held = {"learner": self.is_learner, "mentor": self.is_mentor, "admin": self.is_admin}
        return [role for role in ROLES if held[role]]

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email}>"
