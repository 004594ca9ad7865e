"""Reviews of written answers and project descriptions: each revision submitted and each round of feedback."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learnpm.clock import utcnow
from learnpm.db import Base


class Review(Base):
    """A written answer or a project description a learner asked one mentor to review (exactly one of the two)."""

    __tablename__ = "reviews"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    mentor_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    answer_id: Mapped[int | None] = mapped_column(
        ForeignKey("write_answers.id", ondelete="CASCADE"), index=True, default=None)
    project_id: Mapped[int | None] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True, default=None)
    state: Mapped[str] = mapped_column(String(20), default="submitted")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    revisions: Mapped[list[ReviewRevision]] = relationship(
        back_populates="review", cascade="all, delete-orphan", passive_deletes=True, order_by="ReviewRevision.number")
    feedback: Mapped[list[ReviewFeedback]] = relationship(
        back_populates="review", cascade="all, delete-orphan", passive_deletes=True, order_by="ReviewFeedback.id")

    # The indexes let a mentor's dashboard count what waits per mentee, and list the longest waiting, from the index.
    __table_args__ = (CheckConstraint("(answer_id IS NULL) <> (project_id IS NULL)", name="one_subject"),
                      Index("ix_reviews_mentor_id_state", "mentor_id", "state", "learner_id", "answer_id",
                            "project_id"),
                      Index("ix_reviews_mentor_id_updated_at", "mentor_id", "updated_at", "id"))

    @property
    def of_description(self) -> bool:
        """Tell whether this is a review of a project description (else of a written answer)."""
        return self.project_id is not None


class ReviewRevision(Base):
    """The text as the learner submitted it, with their own rubric scores."""

    __tablename__ = "review_revisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    self_scores: Mapped[dict[str, int]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    review: Mapped[Review] = relationship(back_populates="revisions")


class ReviewFeedback(Base):
    """A mentor's scores and comments on one revision, with their decision."""

    __tablename__ = "review_feedback"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"), index=True)
    revision_number: Mapped[int] = mapped_column(Integer)
    scores: Mapped[dict[str, int]] = mapped_column(JSON)
    comments: Mapped[dict[str, str]] = mapped_column(JSON)
    overall: Mapped[str] = mapped_column(Text, default="")
    decision: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    review: Mapped[Review] = relationship(back_populates="feedback")
