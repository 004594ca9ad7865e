"""Reads and writes of invitations and mentor links. Functions flush; the view commits."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Protocol

from sqlalchemy import BindParameter, Integer, Row, Select, bindparam, func, select, update
from sqlalchemy.orm import Session, joinedload

from learnpm.auth.models import User
from learnpm.clock import aware
from learnpm.db import read
from learnpm.experience.core.education import Qualification, counted_contact_hours, path_for
from learnpm.experience.core.pdu import cycle_running
from learnpm.experience.core.totals import LogTotals
from learnpm.experience.models import AcademicRecord, Certification, Course, HoursEntry, Project
from learnpm.experience.totals import log_totals
from learnpm.locks import lock_accounts
from learnpm.mentoring.codes import code_digest, expires_at, new_code
from learnpm.mentoring.models import PERMISSIONS, Invitation, MentorLink, MentorSettings
from learnpm.reviews.models import Review
from learnpm.scenarios.core.play.progress import PracticeGlance
from learnpm.scenarios.models import CompetencyTotal, Play

DEFAULT_CAPACITY = 8
# The reviews a mentor has to act on: the learner has sent them and is waiting.
WAITING_STATES = ("submitted", "in_review")


# A learner rarely asks more than a few people at once; an unbounded number of live codes is only a target.
MAX_OPEN_INVITATIONS = 5


class TooManyInvitations(Exception):
    """The learner has as many open invitations as they may hold; the message says what to do."""


class InvitationRefused(Exception):
    """A code that cannot be accepted; the message says why, for the person who typed it."""


def create_invitation(session: Session, learner: User, now: datetime) -> tuple[Invitation, str]:
    """Create an invitation; return it and its code, which is shown once and never stored.

    Raise TooManyInvitations when the learner already has MAX_OPEN_INVITATIONS waiting to be used.
    """
    if open_invitations(session, learner, now) >= MAX_OPEN_INVITATIONS:
        raise TooManyInvitations(
            f"You have {MAX_OPEN_INVITATIONS} invitations waiting to be used. Withdraw them if you no longer need "
            "them, or wait until they expire (after 7 days).")
    code = new_code()
    invitation = Invitation(learner_id=learner.id, code_digest=code_digest(code), created_at=now,
                            expires_at=expires_at(now))
    session.add(invitation)
    session.flush()
    return invitation, code


def accept_invitation(session: Session, mentor: User, code: str, now: datetime) -> MentorLink:
    """Link the mentor to the learner who made the code; raise InvitationRefused with the reason."""
    invitation = _invitation(session, code)
    if invitation is not None:
        # Both sides locked: the code is used once, and the mentor's mentees are counted with no one joining meanwhile.
        lock_accounts(session, mentor.id, invitation.learner_id)
        invitation = _invitation(session, code)
    if invitation is None or invitation.withdrawn_at is not None:
        raise InvitationRefused("That code does not match an invitation. Check it with the person who sent it.")
    if invitation.used_at is not None:
        raise InvitationRefused("That code has already been used. Ask for a new invitation.")
    if aware(invitation.expires_at) <= now:
        raise InvitationRefused("That invitation has expired (codes work for 7 days). Ask for a new one.")
    if invitation.learner_id == mentor.id:
        raise InvitationRefused("That is your own invitation: give it to the mentor you have chosen.")
    if active_link(session, invitation.learner_id, mentor.id) is not None:
        raise InvitationRefused("You already mentor this learner.")
    if len(mentees_of(session, mentor)) >= capacity_of(session, mentor):
        raise InvitationRefused("You have reached the number of mentees you set. Raise it, or end a mentorship first.")
    invitation.used_at = now
    link = MentorLink(learner_id=invitation.learner_id, mentor_id=mentor.id, created_at=now)
    session.add(link)
    session.flush()
    return link


def _invitation(session: Session, code: str) -> Invitation | None:
    """Return the invitation a code belongs to."""
    return session.scalar(select(Invitation).where(Invitation.code_digest == code_digest(code)))


def active_link(session: Session, learner_id: int, mentor_id: int) -> MentorLink | None:
    """Return the active link between a learner and a mentor, if any."""
    return session.scalar(select(MentorLink).where(
        MentorLink.learner_id == learner_id, MentorLink.mentor_id == mentor_id, MentorLink.revoked_at.is_(None)))


def mentees_of(session: Session, mentor: User) -> list[MentorLink]:
    """Return the mentor's active links, oldest first, each with its learner (read in the same query)."""
    return list(session.scalars(_MENTEES, {"mentor_id": mentor.id}))


def mentors_of(session: Session, learner: User) -> list[MentorLink]:
    """Return the learner's links, active first, each with its mentor (read in the same query)."""
    return list(session.scalars(_MENTORS, {"learner_id": learner.id}))


def open_invitations(session: Session, learner: User, now: datetime) -> int:
    """Return how many of the learner's invitations can still be used."""
    rows = read(session, _OPEN_INVITATIONS, {"learner_id": learner.id}).scalars()
    return sum(1 for expires in rows if aware(expires) > now)


# The mentoring page asks these on every visit: built once.
_MENTEES = (select(MentorLink).options(joinedload(MentorLink.learner))
            .where(MentorLink.mentor_id == bindparam("mentor_id"), MentorLink.revoked_at.is_(None))
            .order_by(MentorLink.id))
_MENTORS = (select(MentorLink).options(joinedload(MentorLink.mentor))
            .where(MentorLink.learner_id == bindparam("learner_id"))
            .order_by(MentorLink.revoked_at.is_not(None), MentorLink.id))
_OPEN_INVITATIONS = select(Invitation.expires_at).where(
    Invitation.learner_id == bindparam("learner_id"), Invitation.used_at.is_(None), Invitation.withdrawn_at.is_(None))
_CAPACITY = select(MentorSettings.capacity).where(MentorSettings.mentor_id == bindparam("mentor_id"))


def withdraw_invitations(session: Session, learner: User, now: datetime) -> int:
    """Withdraw every invitation of the learner that has not been used; return how many were open."""
    withdrawn = open_invitations(session, learner, now)
    session.execute(update(Invitation).where(
        Invitation.learner_id == learner.id, Invitation.used_at.is_(None), Invitation.withdrawn_at.is_(None)
    ).values(withdrawn_at=now))
    return withdrawn


def link_of_learner(session: Session, link_id: int, learner: User) -> MentorLink | None:
    """Return an active link of this learner; a revoked or foreign link is as good as missing."""
    link = session.get(MentorLink, link_id)
    return link if link is not None and link.learner_id == learner.id and link.active else None


def link_of_mentor(session: Session, link_id: int, mentor: User) -> MentorLink | None:
    """Return an active link of this mentor, with its learner; a revoked or foreign link is as good as missing."""
    link = session.scalars(_LINK_OF_MENTOR, {"link_id": link_id, "mentor_id": mentor.id}).first()
    return link if link is not None and link.active else None


# A mentee's page asks it on every visit: built once.
_LINK_OF_MENTOR = (select(MentorLink).options(joinedload(MentorLink.learner))
                   .where(MentorLink.id == bindparam("link_id"), MentorLink.mentor_id == bindparam("mentor_id")))


def set_permissions(link: MentorLink, granted: set[str]) -> None:
    """Share exactly the permissions named with the link's mentor."""
    for name in PERMISSIONS:
        setattr(link, name, name in granted)


def capacity_of(session: Session, mentor: User) -> int:
    """Return how many mentees the mentor takes on."""
    capacity = read(session, _CAPACITY, {"mentor_id": mentor.id}).scalar()
    return capacity if capacity is not None else DEFAULT_CAPACITY


def set_capacity(session: Session, mentor: User, capacity: int) -> None:
    """Record how many mentees the mentor takes on."""
    lock_accounts(session, mentor.id)  # two first saves at once would both insert the row
    settings = session.get(MentorSettings, mentor.id) or MentorSettings(mentor_id=mentor.id)
    settings.capacity = capacity
    session.add(settings)


# What the mentor's dashboard reads of many mentees at once: one query per kind of data, whatever their number.
# Each query is built once, with the learners' ids as a parameter: building a statement and its cache key again on
# every request cost more than the database takes to answer it.

def _learners() -> BindParameter[Any]:
    """Return the parameter that the dashboard's queries take the learners' ids in."""
    return bindparam("learner_ids", expanding=True)


def _of_learners(learner_ids: Collection[int], **values: object) -> dict[str, object]:
    return {"learner_ids": list(learner_ids), **values}


class SharedLink(Protocol):
    """A link as the mentor's views of mentees read it (a MentorLink, or a MenteeLink of the dashboard)."""

    learner_id: int
    mentor_id: int
    can_see_progress: bool
    can_see_answers: bool
    can_see_experience: bool


@dataclass(frozen=True)
class MenteeLink:
    """One of a mentor's active links as their dashboard lists it: what it shares and the learner's name."""

    id: int
    learner_id: int
    mentor_id: int
    can_see_progress: bool
    can_see_answers: bool
    can_see_experience: bool
    learner_name: str


def mentee_links(session: Session, mentor: User) -> list[MenteeLink]:
    """Return the mentor's active links, oldest first, with their learners' names: the columns the dashboard shows,
    not two whole rows per mentee."""
    return [MenteeLink(*row) for row in read(session, _MENTEE_LINKS, {"mentor_id": mentor.id})]


_MENTEE_LINKS = (select(MentorLink.id, MentorLink.learner_id, MentorLink.mentor_id, MentorLink.can_see_progress,
                        MentorLink.can_see_answers, MentorLink.can_see_experience, User.display_name)
                 .join(User, User.id == MentorLink.learner_id)
                 .where(MentorLink.mentor_id == bindparam("mentor_id"), MentorLink.revoked_at.is_(None))
                 .order_by(MentorLink.id))


def last_activity_by_learner(session: Session, learner_ids: Collection[int]) -> dict[int, datetime]:
    """Return when each learner last played, logged hours or changed a project.

    One latest moment per learner and table, each read from the end of an index on (learner, moment), so the
    cost does not grow with how much the learners have done."""
    latest: dict[int, datetime] = {}
    for learner_id, *moments in read(session, _LAST_ACTIVITY, _of_learners(learner_ids)):
        known = [aware(moment) for moment in moments if moment is not None]
        if known:
            latest[learner_id] = max(known)
    return latest


_LAST_ACTIVITY = select(User.id, *(select(func.max(moment)).where(column_of_user == User.id).scalar_subquery()
                                   for column_of_user, moment in ((Play.user_id, Play.updated_at),
                                                                  (HoursEntry.user_id, HoursEntry.created_at),
                                                                  (Project.user_id, Project.updated_at)))
                        ).where(User.id.in_(_learners()))


def plays_by_learner(session: Session, learner_ids: Collection[int],
                     limit: int | None = None) -> dict[int, list[Row[Any]]]:
    """Return each learner's plays (scenario, mode, moves, ending), newest first; with `limit` (for one learner's
    page), the latest ones only."""
    query = _PLAYS if limit is None else _LATEST_PLAYS
    return _by_learner(read(session, query, _of_learners(learner_ids, plays_limit=limit)))


def play_tallies_by_learner(session: Session, learner_ids: Collection[int]) -> dict[int, list[Row[Any]]]:
    """Return, per learner and scenario, how many plays were started and how many finished, counted by the database."""
    return _by_learner(read(session, _PLAY_TALLIES, _of_learners(learner_ids)))


_PLAYS = (select(Play.user_id, Play.scenario_id, Play.ending_id, Play.ending_rating, Play.mode, Play.moves,
                 Play.started_at)
          .where(Play.user_id.in_(_learners())).order_by(Play.updated_at.desc(), Play.id.desc()))
_LATEST_PLAYS = _PLAYS.limit(bindparam("plays_limit", type_=Integer))
_PLAY_TALLIES = (select(Play.user_id, Play.scenario_id, func.count(Play.id).label("attempts"),
                        func.count(Play.ending_id).label("finished"))
                 .where(Play.user_id.in_(_learners())).group_by(Play.user_id, Play.scenario_id))


def practice_by_learner(session: Session, learner_ids: Collection[int]) -> dict[int, PracticeGlance]:
    """Return what the dashboard shows of each learner's practice, one row per learner whatever they played: plays
    started and finished, and the competencies practised with the sum of their average scores, all summed by the
    database (the core's `practice_glance` computes the same from tallies and sums; a test holds them equal)."""
    glances = {}
    for learner_id, attempts, finished, competencies, score_total in read(session,
            _PRACTICE, _of_learners(learner_ids)):
        glances[learner_id] = PracticeGlance(attempts or 0, finished or 0, competencies or 0, score_total or 0.0)
    return glances


def _practice_statement() -> Select[Any]:
    """Return the query of practice_by_learner: plays counted and competency averages summed per learner."""
    learners = _learners()
    plays = (select(Play.user_id, func.count(Play.id).label("attempts"), func.count(Play.ending_id).label("finished"))
             .where(Play.user_id.in_(learners)).group_by(Play.user_id).subquery())
    scores = (select(CompetencyTotal.user_id, func.count().label("competencies"),
                     func.sum(CompetencyTotal.score_sum / CompetencyTotal.moves).label("score_total"))
              .where(CompetencyTotal.user_id.in_(learners), CompetencyTotal.moves > 0)
              .group_by(CompetencyTotal.user_id).subquery())
    return (select(User.id, plays.c.attempts, plays.c.finished, scores.c.competencies, scores.c.score_total)
            .outerjoin(plays, plays.c.user_id == User.id).outerjoin(scores, scores.c.user_id == User.id)
            .where(User.id.in_(learners)))


_PRACTICE = _practice_statement()


def project_periods_by_learner(session: Session,
                               learner_ids: Collection[int]) -> dict[int, list[tuple[date, date | None]]]:
    """Return each learner's distinct project periods (start and end months): a month counts once, so projects
    over the same months need to be read only once for eligibility."""
    periods: dict[int, list[tuple[date, date | None]]] = defaultdict(list)
    for learner_id, start, end in read(session, _PERIODS, _of_learners(learner_ids)):
        periods[learner_id].append((start, end))
    return periods


_PERIODS = (select(Project.user_id, Project.start_month, Project.end_month)
            .where(Project.user_id.in_(_learners())).distinct())


def totals_by_learner(session: Session, learner_ids: Collection[int]) -> dict[int, LogTotals]:
    """Return the sums of each learner's hours (by month, project and tag), read from the hours totals."""
    return {learner_id: log_totals(session, learner_id) for learner_id in learner_ids}


CENTS = Decimal("0.01")  # hours are stored to the hundredth


def contact_hours_by_learner(session: Session, learner_ids: Collection[int], today: date) -> dict[int, Decimal]:
    """Return the contact hours of each learner's courses that count on `today`, as the learner's own page counts
    them (learners without any are left out)."""
    # Summed per end month by the database: whether a course counts depends on its end month alone.
    courses: dict[int, list[tuple[date, Decimal]]] = defaultdict(list)
    for learner_id, end_month, hours in read(session, _COURSE_HOURS, _of_learners(learner_ids)):
        courses[learner_id].append((end_month, Decimal(str(hours)).quantize(CENTS)))  # SQLite sums as floats
    return {learner_id: counted_contact_hours(own, today) for learner_id, own in courses.items()}


_COURSE_HOURS = (select(Course.user_id, Course.end_month, func.sum(Course.hours))
                 .where(Course.user_id.in_(_learners())).group_by(Course.user_id, Course.end_month))


def paths_by_learner(session: Session, learner_ids: Collection[int]) -> dict[int, str]:
    """Return the PMP path each learner's degrees and diplomas open."""
    qualifications: dict[int, list[Qualification]] = defaultdict(list)
    for learner_id, level, accredited in read(session, _QUALIFICATIONS, _of_learners(learner_ids)):
        qualifications[learner_id].append(Qualification(level, accredited))
    return {learner_id: path_for(qualifications[learner_id]) for learner_id in learner_ids}


_QUALIFICATIONS = (select(AcademicRecord.user_id, AcademicRecord.level, AcademicRecord.gac_accredited)
                   .where(AcademicRecord.user_id.in_(_learners())).distinct())


def active_capm_learners(session: Session, learner_ids: Collection[int], today: date) -> set[int]:
    """Return the learners holding a CAPM whose three-year cycle has not ended."""
    rows = read(session, _CAPM_CYCLES, _of_learners(learner_ids))
    return {learner_id for learner_id, start in rows if cycle_running("capm", start, today)}


_CAPM_CYCLES = (select(Certification.user_id, Certification.cycle_start)
                .where(Certification.user_id.in_(_learners()), Certification.kind == "capm"))


def reviews_waiting_by_link(session: Session,
                            links: Collection[SharedLink]) -> dict[tuple[int, int], tuple[int, int]]:
    """Return, per (learner, mentor), how many answers and how many project descriptions wait for the mentor."""
    rows = read(session, _REVIEWS_WAITING, _of_learners({link.learner_id for link in links},
                                                        mentor_ids=list({link.mentor_id for link in links})))
    return {(learner_id, mentor_id): (answers, projects) for learner_id, mentor_id, answers, projects in rows}


_REVIEWS_WAITING = (
    select(Review.learner_id, Review.mentor_id, func.count(Review.answer_id), func.count(Review.project_id))
    .where(Review.learner_id.in_(_learners()), Review.mentor_id.in_(bindparam("mentor_ids", expanding=True)),
           Review.state.in_(WAITING_STATES))
    .group_by(Review.learner_id, Review.mentor_id))


def _by_learner(rows: Iterable[Row[Any]]) -> dict[int, list[Row[Any]]]:
    """Group rows whose first column is a learner's id."""
    grouped: dict[int, list[Row[Any]]] = defaultdict(list)
    for row in rows:
        grouped[row[0]].append(row)
    return grouped
