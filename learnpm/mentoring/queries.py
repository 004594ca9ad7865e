"""Reads and writes of invitations and mentor links. Functions flush; the view commits."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from learnpm.auth.models import User
from learnpm.mentoring.codes import code_digest, expires_at, new_code
from learnpm.mentoring.models import PERMISSIONS, Invitation, MentorLink, MentorSettings

DEFAULT_CAPACITY = 8


class InvitationRefused(Exception):
    """A code that cannot be accepted; the message says why, for the person who typed it."""


def aware(moment: datetime) -> datetime:
    """Return a stored time as UTC-aware (SQLite gives it back without its zone)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def create_invitation(session: Session, learner: User, now: datetime) -> tuple[Invitation, str]:
    """Create an invitation; return it and its code, which is shown once and never stored."""
    code = new_code()
    invitation = Invitation(learner_id=learner.id, code_digest=code_digest(code), created_at=now,
                            expires_at=expires_at(now))
    session.add(invitation)
    session.flush()
    return invitation, code


def accept_invitation(session: Session, mentor: User, code: str, now: datetime) -> MentorLink:
    """Link the mentor to the learner who made the code; raise InvitationRefused with the reason."""
    invitation = session.scalar(select(Invitation).where(Invitation.code_digest == code_digest(code)))
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


def active_link(session: Session, learner_id: int, mentor_id: int) -> MentorLink | None:
    """Return the active link between a learner and a mentor, if any."""
    return session.scalar(select(MentorLink).where(
        MentorLink.learner_id == learner_id, MentorLink.mentor_id == mentor_id, MentorLink.revoked_at.is_(None)))


def mentees_of(session: Session, mentor: User) -> list[MentorLink]:
    """Return the mentor's active links, oldest first."""
    return list(session.scalars(select(MentorLink).where(
        MentorLink.mentor_id == mentor.id, MentorLink.revoked_at.is_(None)).order_by(MentorLink.id)))


def mentors_of(session: Session, learner: User) -> list[MentorLink]:
    """Return the learner's links, active first."""
    return list(session.scalars(select(MentorLink).where(MentorLink.learner_id == learner.id)
                                .order_by(MentorLink.revoked_at.is_not(None), MentorLink.id)))


def open_invitations(session: Session, learner: User, now: datetime) -> int:
    """Return how many of the learner's invitations can still be used."""
    rows = session.scalars(select(Invitation).where(
        Invitation.learner_id == learner.id, Invitation.used_at.is_(None), Invitation.withdrawn_at.is_(None)))
    return sum(1 for invitation in rows if aware(invitation.expires_at) > now)


def link_of_learner(session: Session, link_id: int, learner: User) -> MentorLink | None:
    """Return one of the learner's own links; anyone else's is as good as missing."""
    link = session.get(MentorLink, link_id)
    return link if link is not None and link.learner_id == learner.id else None


def link_of_mentor(session: Session, link_id: int, mentor: User) -> MentorLink | None:
    """Return an active link of this mentor; a revoked or foreign link is as good as missing."""
    link = session.get(MentorLink, link_id)
    return link if link is not None and link.mentor_id == mentor.id and link.active else None


def set_permissions(link: MentorLink, granted: set[str]) -> None:
    """Share exactly the permissions named with the link's mentor."""
    for name in PERMISSIONS:
        setattr(link, name, name in granted)


def capacity_of(session: Session, mentor: User) -> int:
    """Return how many mentees the mentor takes on."""
    settings = session.get(MentorSettings, mentor.id)
    return settings.capacity if settings else DEFAULT_CAPACITY


def set_capacity(session: Session, mentor: User, capacity: int) -> None:
    """Record how many mentees the mentor takes on."""
    settings = session.get(MentorSettings, mentor.id) or MentorSettings(mentor_id=mentor.id)
    settings.capacity = capacity
    session.add(settings)


def count_links(session: Session) -> int:
    """Return how many links exist (for tests and figures)."""
    return session.scalar(select(func.count()).select_from(MentorLink)) or 0
