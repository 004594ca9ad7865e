"""What a mentor sees of one mentee: only what the mentee shares, and when they were last active."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from learnpm.auth.models import utcnow
from learnpm.hours import queries as hours
from learnpm.hours.models import HoursEntry, Project
from learnpm.hours.summary import ExperienceSummary, summarise
from learnpm.mentoring.models import MentorLink
from learnpm.mentoring.queries import aware
from learnpm.scenarios import queries as plays
from learnpm.scenarios.content import loaded
from learnpm.scenarios.models import Play
from learnpm.scenarios.progress import ProgressReport, learner_progress

# A mentee quiet this long is flagged on the mentor's dashboard, then flagged again more loudly.
QUIET_DAYS, SILENT_DAYS = 14, 30


@dataclass(frozen=True)
class MenteeView:
    """A mentee as their mentor may see them."""

    last_active: datetime | None
    days_quiet: int | None
    progress: ProgressReport | None
    experience: ExperienceSummary | None
    plays: list[Any]

    @property
    def flag(self) -> str | None:
        """Return "quiet" after 14 days without activity, "silent" after 30, else None."""
        if self.days_quiet is None or self.days_quiet < QUIET_DAYS:
            return None
        return "silent" if self.days_quiet >= SILENT_DAYS else "quiet"


def last_activity(session: Session, learner_id: int) -> datetime | None:
    """Return the last time the learner played, logged hours or changed a project."""
    moments = [
        session.scalar(select(func.max(Play.updated_at)).where(Play.user_id == learner_id)),
        session.scalar(select(func.max(HoursEntry.created_at)).where(HoursEntry.user_id == learner_id)),
        session.scalar(select(func.max(Project.updated_at)).where(Project.user_id == learner_id)),
    ]
    known = [aware(moment) for moment in moments if moment is not None]
    return max(known, default=None)


def mentee_view(session: Session, link: MentorLink, today: date | None = None) -> MenteeView:
    """Return what the link's mentor may see of its learner."""
    learner, today = link.learner, today or date.today()
    last = last_activity(session, learner.id)
    progress = None
    learner_plays = plays.plays_of(session, learner) if link.can_see_progress else []
    if link.can_see_progress:
        library = loaded().library
        progress = learner_progress(learner_plays, plays.decisions_of(session, learner), library.scenarios,
                                    library.competencies)
    experience = _experience(session, learner, today) if link.can_see_experience else None
    days = (utcnow() - last).days if last else None
    return MenteeView(last, days, progress, experience, learner_plays)


def _experience(session: Session, learner: Any, today: date) -> ExperienceSummary:
    """Return the learner's experience summary."""
    records = hours.academic_records(session, learner)
    return summarise([hours.project_facts(p) for p in hours.projects_of(session, learner)],
                     hours.entry_values(session, learner), hours.contact_hours(session, learner, today),
                     hours.path_of(records), hours.has_active_capm(session, learner, today), today)
