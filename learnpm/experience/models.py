"""What the experience logger stores: projects, hours, education, certificates, certifications and PDUs."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learnpm.clock import utcnow
from learnpm.db import Base

HOURS = Numeric(6, 2)


class Project(Base):
    """A project as PMI's application asks for it, with its description parts and its verifier."""

    __tablename__ = "projects"
    # The second index holds what a mentor's dashboard reads of each mentee's projects: their periods.
    __table_args__ = (Index("ix_projects_user_id_updated_at", "user_id", "updated_at"),
                      Index("ix_projects_user_id_start_month", "user_id", "start_month", "end_month"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # The learner's short name for the project in CSV files; entries.csv points at it.
    ref: Mapped[str | None] = mapped_column(String(40), default=None)
    title: Mapped[str] = mapped_column(String(200))
    organization: Mapped[str] = mapped_column(String(200))
    job_title: Mapped[str] = mapped_column(String(120))
    functional_reporting_area: Mapped[str] = mapped_column(String(60))
    organization_primary_focus: Mapped[str] = mapped_column(String(60))
    approach: Mapped[str] = mapped_column(String(60))
    team_size: Mapped[str] = mapped_column(String(60))
    budget: Mapped[str] = mapped_column(String(60))
    # The words PMI's form asks for when "Other" is chosen in these two lists.
    functional_reporting_area_other: Mapped[str] = mapped_column(String(200), default="")
    organization_primary_focus_other: Mapped[str] = mapped_column(String(200), default="")
    # The first day of the start and end months; PMI's form takes month and year only.
    start_month: Mapped[date] = mapped_column(Date)
    end_month: Mapped[date | None] = mapped_column(Date, default=None)
    objective: Mapped[str] = mapped_column(Text, default="")
    role: Mapped[str] = mapped_column(Text, default="")
    breakdown: Mapped[str] = mapped_column(String(20), default="process_group")
    sections: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    outcome: Mapped[str] = mapped_column(Text, default="")
    verifier_name: Mapped[str] = mapped_column(String(120), default="")
    verifier_title: Mapped[str] = mapped_column(String(120), default="")
    verifier_organization: Mapped[str] = mapped_column(String(200), default="")
    verifier_email: Mapped[str] = mapped_column(String(254), default="")
    verifier_phone: Mapped[str] = mapped_column(String(40), default="")
    verifier_relationship: Mapped[str] = mapped_column(String(120), default="")
    # How many things PMI's application still lacks (the core's project_shortfalls), kept with every write by
    # learnpm.experience.readiness so that the dashboard reads only the projects that lack something.
    shortfalls: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    entries: Mapped[list[HoursEntry]] = relationship(
        back_populates="project", cascade="all, delete-orphan", passive_deletes=True,
        order_by="(HoursEntry.day.desc(), HoursEntry.id.desc())",
    )

    @property
    def csv_ref(self) -> str:
        """Return the name entries.csv uses for this project."""
        return self.ref or f"p{self.id}"

    @property
    def in_progress(self) -> bool:
        """Tell whether the project is still running."""
        return self.end_month is None


class HoursEntry(Base):
    """Hours worked on a project on one day, tagged by process group and exam domain."""

    __tablename__ = "hours_entries"
    # A learner's latest entry, a learner's days (a week, a period) and a project's entries by day, from indexes.
    __table_args__ = (Index("ix_hours_entries_user_id_created_at", "user_id", "created_at"),
                      Index("ix_hours_entries_user_id_day", "user_id", "day"),
                      Index("ix_hours_entries_project_id_day", "project_id", "day", "id"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    hours: Mapped[Decimal] = mapped_column(HOURS)
    activity: Mapped[str] = mapped_column(String(200), default="")
    process_groups: Mapped[list[str]] = mapped_column(JSON, default=list)
    domains: Mapped[list[str]] = mapped_column(JSON, default=list)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    project: Mapped[Project] = relationship(back_populates="entries")


class Upload(Base):
    """A certificate or diploma the learner keeps for PMI's audit (PDF, PNG or JPEG, size-capped)."""

    __tablename__ = "uploads"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class AcademicRecord(Base):
    """A degree or diploma, which sets the learner's eligibility path."""

    __tablename__ = "academic_records"
    # What a mentor's dashboard reads of each mentee's degrees to find their path, from the index alone.
    __table_args__ = (Index("ix_academic_records_user_id_level", "user_id", "level", "gac_accredited"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    level: Mapped[str] = mapped_column(String(30))
    institution: Mapped[str] = mapped_column(String(200))
    country: Mapped[str] = mapped_column(String(80), default="")
    field_of_study: Mapped[str] = mapped_column(String(120), default="")
    start_year: Mapped[int | None] = mapped_column(Integer, default=None)
    end_year: Mapped[int | None] = mapped_column(Integer, default=None)
    gac_accredited: Mapped[bool] = mapped_column(Boolean, default=False)
    certificate_id: Mapped[int | None] = mapped_column(ForeignKey("uploads.id", ondelete="SET NULL"), default=None)

    certificate: Mapped[Upload | None] = relationship()


class Course(Base):
    """A course of project-management education, counted in contact hours."""

    __tablename__ = "courses"
    # What a mentor's dashboard sums of each mentee's courses, from the index alone.
    __table_args__ = (Index("ix_courses_user_id_end_month", "user_id", "end_month", "hours"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    provider: Mapped[str] = mapped_column(String(200))
    start_month: Mapped[date] = mapped_column(Date)
    end_month: Mapped[date] = mapped_column(Date)
    hours: Mapped[Decimal] = mapped_column(HOURS)
    certificate_id: Mapped[int | None] = mapped_column(ForeignKey("uploads.id", ondelete="SET NULL"), default=None)

    certificate: Mapped[Upload | None] = relationship()


class Certification(Base):
    """A certification the learner holds, which starts a cycle of PDUs."""

    __tablename__ = "certifications"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    cycle_start: Mapped[date] = mapped_column(Date)


class PduRecord(Base):
    """Professional development units claimed in a certification cycle."""

    __tablename__ = "pdu_records"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    certification_id: Mapped[int] = mapped_column(ForeignKey("certifications.id", ondelete="CASCADE"), index=True)
    category: Mapped[str] = mapped_column(String(40))
    amount: Mapped[Decimal] = mapped_column(HOURS)
    earned_on: Mapped[date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(200))


class ExamPlan(Base):
    """The day a learner plans to take the PMP exam, which picks the exam content outline they see."""

    __tablename__ = "exam_plans"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    planned_on: Mapped[date] = mapped_column(Date)


class ImportDraft(Base):
    """A file uploaded for import, kept between its preview and the learner's go-ahead (then deleted)."""

    __tablename__ = "import_drafts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ImportMemory(Base):
    """A choice the learner made in an import, remembered for the next file of the same kind or shape."""

    __tablename__ = "import_memories"
    __table_args__ = (UniqueConstraint("user_id", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # e.g. "columns:<shape>" (a spreadsheet's mapping) or "projects:clockify" (tracker project -> learnpm project)
    key: Mapped[str] = mapped_column(String(100))
    value: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)


class ImportedRow(Base):
    """An entry made by an import, known by its row's key, so that importing the row again adds nothing."""

    __tablename__ = "imported_rows"
    __table_args__ = (UniqueConstraint("user_id", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(64))
    entry_id: Mapped[int] = mapped_column(ForeignKey("hours_entries.id", ondelete="CASCADE"), index=True)


class HoursTotal(Base):
    """The hours of a project's entries in one month toward one tag, kept up to date with every entry written.

    The buckets are the pure core's (experience.core.totals); dashboards sum these rows instead of reading every
    entry, and `learnpm db check` recomputes them from the entries to show any drift.
    """

    __tablename__ = "hours_totals"
    # Dashboards sum a learner's rows of one tag by month, or all but ALL by tag: read from the index alone.
    __table_args__ = (Index("ix_hours_totals_user_id_tag", "user_id", "tag", "month", "hours"),)

    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True)
    month: Mapped[date] = mapped_column(Date, primary_key=True)  # the first day of the month
    tag: Mapped[str] = mapped_column(String(80), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    hours: Mapped[Decimal] = mapped_column(Numeric(12, 2))


class HoursMonthTotal(Base):
    """The hours of all of a learner's projects in one month toward one tag: hours_totals summed over projects,
    refreshed with them, so that a dashboard's cost does not grow with the number of projects either."""

    __tablename__ = "hours_month_totals"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    month: Mapped[date] = mapped_column(Date, primary_key=True)
    tag: Mapped[str] = mapped_column(String(80), primary_key=True)
    hours: Mapped[Decimal] = mapped_column(Numeric(12, 2))


# Keep hours_totals equal to the entries, and each project's shortfalls equal to its fields, on every flush,
# wherever the row is written from.
from learnpm.experience import readiness as _readiness  # noqa: E402,F401
from learnpm.experience import totals as _totals  # noqa: E402,F401
