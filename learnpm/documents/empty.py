"""What a document needs before it means something: a worksheet with no project is not worth an id."""

from __future__ import annotations

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from learnpm.auth.models import User
from learnpm.documents.core.period import Period
from learnpm.experience import queries as hours
from learnpm.experience.models import Project
from learnpm.scenarios import queries as plays


class NothingToIssue(Exception):
    """The document would be empty; the message says what to add first."""


def what_to_add_first(session: Session, user: User, kind: str, period: Period = (None, None)) -> str | None:
    """Return what the learner should add before a document of `kind` says anything, or None when it is ready."""
    projects = hours.projects_of(session, user)
    if kind in ("application", "audit") and not projects:
        return ("Log a project first: this document lists each project PMI asks about, and there is none yet. "
                "Nothing was issued.")
    if kind == "audit" and not session.scalar(select(exists().where(Project.user_id == user.id,
                                                                    func.coalesce(Project.verifier_name, "") != ""))):
        return ("Name the person who can confirm each project (its verifier, on the project's form) first: the "
                "audit packet is one form for each of them. Nothing was issued.")
    if kind == "transcript" and not hours.entries_of(session, user, *period):
        return ("Log hours first" + (" in the months you chose" if any(period) else "") + ": the transcript lists "
                "every hour, and there are none yet. Nothing was issued.")
    if kind == "pdu" and not hours.certifications(session, user):
        return ("Record your certification first, on the PDUs page: the report follows its cycle. "
                "Nothing was issued.")
    if kind == "readiness" and not projects and not plays.plays_of(session, user):
        return ("Play a scenario or log a project first: the report shows your practice and your experience, and "
                "there is neither yet. Nothing was issued.")
    return None


def check_not_empty(session: Session, user: User, kind: str, period: Period = (None, None)) -> None:
    """Raise NothingToIssue when a document of `kind` would be empty."""
    missing = what_to_add_first(session, user, kind, period)
    if missing:
        raise NothingToIssue(missing)
