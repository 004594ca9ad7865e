"""Invitations from learners and the links they create with mentors, with what each mentor may see."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learnpm.auth.models import User
from learnpm.clock import utcnow
from learnpm.db import Base

PERMISSIONS = {
    "can_see_progress": "Scenario progress and debriefs",
    "can_see_answers": "Written answers in scenarios",
    "can_see_experience": "Projects, hours and eligibility",
    "can_see_documents": "Documents (PDFs)",
}


class Invitation(Base):
    """A one-time code a learner gives to the mentor they choose."""

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_digest: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)


class MentorLink(Base):
    """A learner's consent for one mentor to follow them; the learner sets what is shared."""

    __tablename__ = "mentor_links"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    mentor_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    can_see_progress: Mapped[bool] = mapped_column(Boolean, default=True)
    can_see_answers: Mapped[bool] = mapped_column(Boolean, default=False)
    can_see_experience: Mapped[bool] = mapped_column(Boolean, default=False)
    can_see_documents: Mapped[bool] = mapped_column(Boolean, default=False)

    learner: Mapped[User] = relationship(foreign_keys=[learner_id])
    mentor: Mapped[User] = relationship(foreign_keys=[mentor_id])

    @property
    def active(self) -> bool:
        """Tell whether the learner still shares with this mentor."""
        return self.revoked_at is None


class MentorSettings(Base):
    """How many mentees a mentor takes on."""

    __tablename__ = "mentor_settings"

    mentor_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    capacity: Mapped[int] = mapped_column(Integer, default=8)
