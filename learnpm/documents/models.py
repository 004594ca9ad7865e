"""Every PDF learnpm issues is recorded, so that a printout can be checked at /verify/<id>."""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from learnpm.clock import utcnow
from learnpm.db import Base


def new_document_id() -> str:
    """Return a document id that is short enough to type and too long to guess."""
    return secrets.token_urlsafe(12)


class IssuedDocument(Base):
    """A PDF given to a learner: who it was for, when, and a digest of what it says."""

    __tablename__ = "issued_documents"

    id: Mapped[str] = mapped_column(String(24), primary_key=True, default=new_document_id)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    issued_to: Mapped[str] = mapped_column(String(120))
    digest: Mapped[str] = mapped_column(String(64))
    issued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
