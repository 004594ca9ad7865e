"""What learners' plays leave in the database: the saved state, each decision, each written answer."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learnpm.clock import utcnow
from learnpm.db import Base
from learnpm.scenarios.core.play.modes import COACHED, Mode, mode_of
from learnpm.scenarios.core.play.order import new_seed


class Play(Base):
    """One attempt at a scenario by one learner, saved after every move."""

    __tablename__ = "plays"
    # A learner's latest moment and their plays counted per scenario, read from indexes.
    __table_args__ = (Index("ix_plays_user_id_updated_at", "user_id", "updated_at"),
                      Index("ix_plays_user_id_scenario_id", "user_id", "scenario_id", "ending_id"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    scenario_id: Mapped[str] = mapped_column(String(80), index=True)
    state: Mapped[dict[str, Any]] = mapped_column(JSON)
    # How many moves the learner has made; a form carries it so a replayed or stale form changes nothing.
    moves: Mapped[int] = mapped_column(Integer, default=0)
    node_id: Mapped[str] = mapped_column(String(80))
    draft_text: Mapped[str | None] = mapped_column(Text, default=None)
    ending_id: Mapped[str | None] = mapped_column(String(80), default=None)
    ending_rating: Mapped[str | None] = mapped_column(String(10), default=None)
    # Fixes the order of every decision's choices for this play (a retry keeps its parent's).
    seed: Mapped[str] = mapped_column(String(32), default=new_seed)
    # "coached" (verdicts after each choice) or "on_the_job" (verdicts in the debrief); a retry keeps its parent's.
    mode: Mapped[str] = mapped_column(String(12), default=COACHED)
    # Seconds each decision may take before the day moves on without the learner; None when untimed.
    decision_seconds: Mapped[int | None] = mapped_column(Integer, default=None)
    retry_of_id: Mapped[int | None] = mapped_column(ForeignKey("plays.id", ondelete="SET NULL"), default=None)
    # A day of a project week: the run it belongs to, and its place in the week (1 for the first day).
    week_run_id: Mapped[int | None] = mapped_column(ForeignKey("week_runs.id", ondelete="SET NULL"), default=None,
                                                    index=True)
    week_day: Mapped[int | None] = mapped_column(Integer, default=None)
    week_run: Mapped[WeekRun | None] = relationship(foreign_keys=[week_run_id], viewonly=True)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)

    decisions: Mapped[list[PlayDecision]] = relationship(
        back_populates="play", cascade="all, delete-orphan", passive_deletes=True, order_by="PlayDecision.move"
    )
    answers: Mapped[list[WriteAnswer]] = relationship(
        back_populates="play", cascade="all, delete-orphan", passive_deletes=True, order_by="WriteAnswer.move"
    )

    @property
    def finished(self) -> bool:
        """Tell whether the day reached an ending."""
        return self.ending_id is not None

    @property
    def play_mode(self) -> Mode:
        """Return the way this attempt is played."""
        return mode_of(self.mode)


class WeekRun(Base):
    """One attempt at a project week: its days are plays, each starting from what the day before left."""

    __tablename__ = "week_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    week_id: Mapped[str] = mapped_column(String(80), index=True)
    mode: Mapped[str] = mapped_column(String(12), default=COACHED)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)

    days: Mapped[list[Play]] = relationship(order_by="Play.week_day", viewonly=True)


class PlayDecision(Base):
    """One move of a play, kept as a row so that progress and author analytics are plain queries."""

    __tablename__ = "play_decisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    play_id: Mapped[int] = mapped_column(ForeignKey("plays.id", ondelete="CASCADE"), index=True)
    scenario_id: Mapped[str] = mapped_column(String(80), index=True)
    move: Mapped[int] = mapped_column(Integer)
    node_id: Mapped[str] = mapped_column(String(80))
    choice_id: Mapped[str | None] = mapped_column(String(80), default=None)
    quality: Mapped[str | None] = mapped_column(String(12), default=None)
    # 0..1: best 1, acceptable 0.5, poor 0; for a write task, the self-score's share of the maximum.
    score: Mapped[float] = mapped_column(Float)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    play: Mapped[Play] = relationship(back_populates="decisions")


class WriteAnswer(Base):
    """A message the learner wrote in a play, with their own rubric scores."""

    __tablename__ = "write_answers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    play_id: Mapped[int] = mapped_column(ForeignKey("plays.id", ondelete="CASCADE"), index=True)
    scenario_id: Mapped[str] = mapped_column(String(80))
    node_id: Mapped[str] = mapped_column(String(80))
    move: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    self_scores: Mapped[dict[str, int]] = mapped_column(JSON)
    strong: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    play: Mapped[Play] = relationship(back_populates="answers")


class CompetencyTotal(Base):
    """A learner's sum of scores and count of choices per competency, added to with every move saved, so that
    progress pages and mentors' dashboards need not read every move (`learnpm db check` recomputes them)."""

    __tablename__ = "competency_totals"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    competency: Mapped[str] = mapped_column(String(80), primary_key=True)
    score_sum: Mapped[float] = mapped_column(Float)
    moves: Mapped[int] = mapped_column(Integer)


# Adds every move stored to its learner's competency totals, wherever the move is stored from.
from learnpm.scenarios import tallying as _tallying  # noqa: E402,F401
