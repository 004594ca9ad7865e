"""What a document needs before it means something: a worksheet with no project is not worth an id.

What the learner holds is asked in one query of `exists` tests, so that the documents page costs the same however
long the log grows.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Date, Select, bindparam, exists, func, select
from sqlalchemy.orm import Session

from learnpm.auth.models import User
from learnpm.db import read
from learnpm.documents.core.period import Period
from learnpm.experience.models import Certification, HoursEntry, Project
from learnpm.scenarios.models import Play


class NothingToIssue(Exception):
    """The document would be empty; the message says what to add first."""


@dataclass(frozen=True)
class Holdings:
    """Whether the learner holds at least one of each thing a document is made of."""

    project: bool
    verifier: bool
    hours: bool
    certification: bool
    play: bool


def holdings_of(session: Session, user: User, period: Period = (None, None)) -> Holdings:
    """Return what the learner holds, hours counted within the period (each bound optional), in one query."""
    first, last = period
    row = read(session, _holdings(first is not None, last is not None),
               {"user_id": user.id, "first": first, "last": last}).one()
    return Holdings(*(bool(value) for value in row))


@functools.cache
def _holdings(from_first: bool, to_last: bool) -> Select[Any]:
    """Return the query of holdings_of, built once for each kind of period (the documents page asks it on every
    visit)."""
    user = bindparam("user_id")
    in_period = [HoursEntry.user_id == user]
    if from_first:
        in_period.append(HoursEntry.day >= bindparam("first", type_=Date))
    if to_last:
        in_period.append(HoursEntry.day <= bindparam("last", type_=Date))
    return select(
        exists().where(Project.user_id == user),
        exists().where(Project.user_id == user, func.coalesce(Project.verifier_name, "") != ""),
        exists().where(*in_period),
        exists().where(Certification.user_id == user),
        exists().where(Play.user_id == user))


def missing_for(kind: str, held: Holdings, period_asked: bool = False) -> str | None:
    """Return what the learner should add before a document of `kind` says anything, or None when it is ready."""
    if kind in ("application", "audit") and not held.project:
        return ("Log a project first: this document lists each project PMI asks about, and there is none yet. "
                "Nothing was issued.")
    if kind == "audit" and not held.verifier:
        return ("Name the person who can confirm each project (its verifier, on the project's form) first: the "
                "audit packet is one form for each of them. Nothing was issued.")
    if kind == "transcript" and not held.hours:
        return ("Log hours first" + (" in the months you chose" if period_asked else "") + ": the transcript lists "
                "every hour, and there are none yet. Nothing was issued.")
    if kind == "pdu" and not held.certification:
        return ("Record your certification first, on the PDUs page: the report follows its cycle. "
                "Nothing was issued.")
    if kind == "readiness" and not held.project and not held.play:
        return ("Play a scenario or log a project first: the report shows your practice and your experience, and "
                "there is neither yet. Nothing was issued.")
    return None


def what_to_add_first(session: Session, user: User, kind: str, period: Period = (None, None)) -> str | None:
    """Return what the learner should add before a document of `kind` says anything, or None when it is ready."""
    return missing_for(kind, holdings_of(session, user, period), any(period))


def check_not_empty(session: Session, user: User, kind: str, period: Period = (None, None)) -> None:
    """Raise NothingToIssue when a document of `kind` would be empty."""
    missing = what_to_add_first(session, user, kind, period)
    if missing:
        raise NothingToIssue(missing)
