"""Reads and writes of the experience log. Functions flush; the view commits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Row, Text, bindparam, case, cast, func, select, tuple_
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement

from learnpm.auth.models import User
from learnpm.clock import utcnow
from learnpm.db import read
from learnpm.experience.core.education import counted_contact_hours
from learnpm.experience.core.entries import Entry
from learnpm.experience.core.entry_order import DEFAULT_ENTRY_SORT
from learnpm.experience.core.labels import process_group_labels
from learnpm.experience.core.pdu import cycle_running
from learnpm.experience.core.summary import ProjectFacts
from learnpm.experience.core.totals import ALL
from learnpm.experience.models import (
    AcademicRecord,
    Certification,
    Course,
    ExamPlan,
    HoursEntry,
    HoursTotal,
    PduRecord,
    Project,
    Upload,
)
from learnpm.experience.values import path_of, project_facts
from learnpm.pagination import PAGE_SIZE, NewestFirst, Page, date_cursor, newest_first, page_of, parse_date_cursor
from learnpm.searching import holding_every_word
from learnpm.sorting import (
    Key,
    order_clauses,
    parse_day,
    parse_decimal,
    parse_id,
    read_cursor,
    rows_after,
    write_cursor,
)


def projects_of(session: Session, user: User) -> list[Project]:
    """Return the user's projects, the most recent first."""
    return list(session.scalars(_PROJECTS_OF, {"user_id": user.id}))


_PROJECTS_OF = (select(Project).where(Project.user_id == bindparam("user_id"))
                .order_by(Project.start_month.desc(), Project.id.desc()))


def project_choices(session: Session, user: User) -> list[Row[tuple[int, str]]]:
    """Return the id and title of each of the user's projects, in `projects_of`'s order: what a form offers to
    choose from, read as two columns (a project's row holds its whole description)."""
    return list(read(session, _PROJECT_CHOICES, {"user_id": user.id}))


_PROJECT_CHOICES = _PROJECTS_OF.with_only_columns(Project.id, Project.title)


def project_facts_of(session: Session, user: User) -> list[ProjectFacts]:
    """Return what the experience summary needs of each of the user's projects, the most recent first, read as
    plain columns (no ORM objects: a learner may hold hundreds of projects)."""
    rows = read(session, select(*Project.__table__.columns).where(Project.user_id == user.id)
                         .order_by(Project.start_month.desc(), Project.id.desc()))
    return [project_facts(row) for row in rows]  # type: ignore[arg-type]


def projects_page(session: Session, user: User, cursor: str | None, size: int = PAGE_SIZE) -> Page[Project]:
    """Return a page of the user's projects, the most recent first, after `cursor`."""
    return newest_first(session, _PROJECTS, {"owner": user.id}, parse_date_cursor(cursor), size,
                        lambda p: date_cursor(p.start_month, p.id))


_PROJECTS = NewestFirst.of(select(Project).where(Project.user_id == bindparam("owner")),
                           (Project.start_month, Project.id))


def project_count(session: Session, user: User) -> int:
    """Return how many projects the user has logged."""
    return read(session, select(func.count()).select_from(Project).where(Project.user_id == user.id)).scalar() or 0


def project_entries_page(session: Session, project: Project, cursor: str | None, size: int = PAGE_SIZE,
                         sort: str = DEFAULT_ENTRY_SORT, words: Sequence[str] = ()) -> Page[HoursEntry]:
    """Return a page of a project's entries in the asked order, after `cursor`, holding every word in their
    activity or notes (newest first with no words: the default)."""
    if sort == DEFAULT_ENTRY_SORT and not words:  # the page every visit opens: its statements are built once
        return newest_first(session, _PROJECT_ENTRIES, {"owner": project.id}, parse_date_cursor(cursor), size,
                            lambda e: date_cursor(e.day, e.id))
    query = select(HoursEntry).where(HoursEntry.project_id == project.id,
                                     *holding_every_word([HoursEntry.activity, HoursEntry.notes], words))
    if sort == DEFAULT_ENTRY_SORT:  # the index's own order, and the cursors of the addresses already out there
        after = parse_date_cursor(cursor)
        if after is not None:
            query = query.where(tuple_(HoursEntry.day, HoursEntry.id) < tuple_(*after))
        rows = list(session.scalars(query.order_by(HoursEntry.day.desc(), HoursEntry.id.desc()).limit(size + 1)))
        return page_of(rows, size, lambda e: date_cursor(e.day, e.id), after is None)
    keys = _entry_keys(sort)
    values = read_cursor(cursor, keys)
    if values is not None:
        query = query.where(rows_after(keys, values))
    rows = list(session.execute(query.add_columns(*(key.column for key in keys))
                                .order_by(*order_clauses(keys)).limit(size + 1)))
    page = page_of(rows, size, lambda row: write_cursor(row[1:], keys), values is None)
    return Page([row[0] for row in page.items], page.next_cursor, page.first)


_PROJECT_ENTRIES = NewestFirst.of(select(HoursEntry).where(HoursEntry.project_id == bindparam("owner")),
                                  (HoursEntry.day, HoursEntry.id))


def _entry_keys(sort: str) -> list[Key]:
    """Return the columns an order of the entries sorts by, the id last so that every row has its place."""
    by_id = Key(HoursEntry.id, sort not in ("oldest", "fewest"), parse_id)
    if sort == "oldest":
        return [Key(HoursEntry.day, False, parse_day), by_id]
    if sort in ("most", "fewest"):
        return [Key(HoursEntry.hours, sort == "most", parse_decimal), by_id]
    return [Key(_process_group_rank(), False, parse_id), Key(HoursEntry.day, True, parse_day), by_id]


def _process_group_rank() -> ColumnElement[int]:
    """Return the place of an entry's earliest process group in the life cycle (entries without one last)."""
    tags = cast(HoursEntry.process_groups, Text)
    groups = list(process_group_labels())
    return case(*((tags.like(f'%"{group}"%'), rank) for rank, group in enumerate(groups)), else_=len(groups))


def project_hours(session: Session, project: Project) -> Decimal:
    """Return the hours logged on a project, from its monthly totals."""
    return Decimal(str(read(session, _PROJECT_HOURS, {"project_id": project.id}).scalar()))


_PROJECT_HOURS = select(func.coalesce(func.sum(HoursTotal.hours), 0)).where(
    HoursTotal.project_id == bindparam("project_id"), HoursTotal.tag == ALL)


def project_tally(session: Session, project: Project) -> tuple[int, Decimal]:
    """Return how many entries a project holds and their hours."""
    query = select(func.count(HoursEntry.id), func.coalesce(func.sum(HoursEntry.hours), 0)).where(
        HoursEntry.project_id == project.id)
    count, hours = read(session, query).one()
    return count, Decimal(str(hours))


def entries_of(session: Session, user: User, first: date | None = None, last: date | None = None) -> list[HoursEntry]:
    """Return the user's entries, newest first, optionally between two days."""
    query = select(HoursEntry).where(HoursEntry.user_id == user.id)
    if first is not None:
        query = query.where(HoursEntry.day >= first)
    if last is not None:
        query = query.where(HoursEntry.day <= last)
    return list(session.scalars(query.order_by(HoursEntry.day.desc(), HoursEntry.id.desc())))


def entry_rows(session: Session, user: User, first: date | None = None, last: date | None = None) -> list[Row[Any]]:
    """Return the user's entries, oldest first, optionally between two days, as plain columns (no ORM objects):
    day, project_id, hours, activity, process_groups and domains. A transcript reads thousands of them."""
    query = select(HoursEntry.day, HoursEntry.project_id, HoursEntry.hours, HoursEntry.activity,
                   HoursEntry.process_groups, HoursEntry.domains).where(HoursEntry.user_id == user.id)
    if first is not None:
        query = query.where(HoursEntry.day >= first)
    if last is not None:
        query = query.where(HoursEntry.day <= last)
    return list(read(session, query.order_by(HoursEntry.day, HoursEntry.id)))


def entry_count(session: Session, user: User, first: date | None = None, last: date | None = None) -> int:
    """Return how many entries the user logged, optionally between two days."""
    query = select(func.count(HoursEntry.id)).where(HoursEntry.user_id == user.id)
    if first is not None:
        query = query.where(HoursEntry.day >= first)
    if last is not None:
        query = query.where(HoursEntry.day <= last)
    return read(session, query).scalar() or 0


def entry_values(session: Session, user: User) -> list[Entry]:
    """Return the user's entries as the pure core's values, read as plain columns (no ORM objects)."""
    rows = read(session,
        select(HoursEntry.project_id, HoursEntry.day, HoursEntry.hours, HoursEntry.process_groups, HoursEntry.domains)
        .where(HoursEntry.user_id == user.id)
    )
    return [Entry(str(project_id), day, hours, "", frozenset(groups or ()), frozenset(domains or ()))
            for project_id, day, hours, groups, domains in rows]


def last_entry(session: Session, user: User) -> HoursEntry | None:
    """Return the entry the user logged most recently."""
    query = select(HoursEntry).where(HoursEntry.user_id == user.id).order_by(HoursEntry.id.desc()).limit(1)
    return session.scalar(query)


def hours_on_day(session: Session, user: User, day: date, leave_out: int | None = None) -> Decimal:
    """Return the hours the user has logged on `day` across all projects, without entry `leave_out`."""
    query = select(func.coalesce(func.sum(HoursEntry.hours), 0)).where(HoursEntry.user_id == user.id,
                                                                       HoursEntry.day == day)
    if leave_out is not None:
        query = query.where(HoursEntry.id != leave_out)
    return Decimal(str(read(session, query).scalar()))


def contact_hours(session: Session, user: User, today: date) -> Decimal:
    """Return the contact hours of every course completed by `today`, as the rule set reads "completed"."""
    rows = read(session, _COURSE_HOURS, {"user_id": user.id})
    return counted_contact_hours(((end, Decimal(hours)) for end, hours in rows), today)


# The experience dashboard asks these on every visit: built once, the learner as a parameter.
_COURSE_HOURS = select(Course.end_month, Course.hours).where(Course.user_id == bindparam("user_id"))
_ACADEMIC = (select(AcademicRecord).where(AcademicRecord.user_id == bindparam("user_id"))
             .order_by(AcademicRecord.id))
_CERTIFICATIONS = (select(Certification).where(Certification.user_id == bindparam("user_id"))
                   .order_by(Certification.cycle_start.desc()))
_EXAM_DAY = select(ExamPlan.planned_on).where(ExamPlan.user_id == bindparam("user_id"))


def academic_records(session: Session, user: User) -> list[AcademicRecord]:
    """Return the user's degrees and diplomas."""
    return list(session.scalars(_ACADEMIC, {"user_id": user.id}))


def courses(session: Session, user: User) -> list[Course]:
    """Return the user's courses, newest first."""
    return list(session.scalars(select(Course).where(Course.user_id == user.id)
                                .order_by(Course.end_month.desc(), Course.id.desc())))


def eligibility_path(session: Session, user: User) -> str:
    """Return the PMP path the user's education opens."""
    return path_of(academic_records(session, user))


def certifications(session: Session, user: User) -> list[Certification]:
    """Return the certifications the user holds."""
    return list(session.scalars(_CERTIFICATIONS, {"user_id": user.id}))


def has_active_capm(session: Session, user: User, today: date) -> bool:
    """Tell whether the user holds a CAPM whose cycle is running on `today` (29 February starts included)."""
    return any(c.kind == "capm" and cycle_running("capm", c.cycle_start, today) for c in certifications(session, user))


def pdu_records(session: Session, certification: Certification) -> list[PduRecord]:
    """Return the PDUs claimed in a certification's cycle."""
    return list(session.scalars(select(PduRecord).where(PduRecord.certification_id == certification.id)
                                .order_by(PduRecord.earned_on.desc(), PduRecord.id.desc())))


def store_upload(session: Session, user: User, filename: str, content_type: str, data: bytes) -> Upload:
    """Keep an uploaded certificate."""
    upload = Upload(user_id=user.id, filename=filename[:200], content_type=content_type, size=len(data), data=data)
    session.add(upload)
    session.flush()
    return upload


def touch(project: Project) -> None:
    """Record that a project changed."""
    project.updated_at = utcnow()


def planned_exam_day(session: Session, user: User) -> date | None:
    """Return the day the user plans to take the exam, if they said."""
    return read(session, _EXAM_DAY, {"user_id": user.id}).scalar()


def plan_exam(session: Session, user: User, day: date | None) -> None:
    """Record the day the user plans to take the exam, or forget it when `day` is None."""
    plan = session.get(ExamPlan, user.id)
    if day is None:
        if plan is not None:
            session.delete(plan)
    elif plan is None:
        session.add(ExamPlan(user_id=user.id, planned_on=day))
    else:
        plan.planned_on = day
    session.flush()
