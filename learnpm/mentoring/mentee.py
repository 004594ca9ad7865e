"""What a mentor sees of their mentees: only what each shares, and when they were last active.

Everything is read for all of a mentor's mentees at once, one query per kind of data, so that the dashboard asks
the database the same number of questions for two mentees or fifty; the views are then computed without it.
The dashboard shows eligibility, not hours, so only the mentee's own page reads their hours totals.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from learnpm.clock import utcnow
from learnpm.experience.core.eligibility import PathStatus, experience_months, path_status
from learnpm.experience.core.rules.library import default_rules
from learnpm.experience.core.rules.models import PmpRules
from learnpm.experience.core.summary import ExperienceSummary, ProjectFacts, ProjectReadiness, summarise
from learnpm.experience.core.totals import LogTotals
from learnpm.experience.readiness import dashboard_readiness
from learnpm.mentoring import queries
from learnpm.mentoring.models import MentorLink
from learnpm.mentoring.queries import SharedLink
from learnpm.reviews.queries import reviewed_messages
from learnpm.scenarios.core.content.loader import Library
from learnpm.scenarios.core.play.progress import PracticeGlance, ProgressReport, progress_report
from learnpm.scenarios.library import loaded
from learnpm.scenarios.queries import competency_totals, self_scored_messages

# A mentee quiet this long is flagged on the mentor's dashboard, then flagged again more loudly.
QUIET_DAYS, SILENT_DAYS = 14, 30
MENTEE_PAGE_MISSING = 12  # items of what the mentee still lacks for PMI's application; the rest are counted
MENTEE_PAGE_PLAYS = 50  # the latest attempts a mentee's page lists; the scores count every one
NO_PRACTICE = PracticeGlance(0, 0, 0, 0.0)
LinkT = TypeVar("LinkT", bound=SharedLink)


@dataclass(frozen=True)
class MenteeView:
    """A mentee as their mentor may see them."""

    last_active: datetime | None
    days_quiet: int | None
    progress: ProgressReport | None
    experience: ExperienceSummary | None
    plays: list[Any]
    reviews_waiting: int | None = None  # None when the mentee shares neither written answers nor projects
    eligibility: PathStatus | None = None  # the experience summary's headline, which the dashboard shows
    practice: PracticeGlance | None = None  # what the dashboard shows of the progress report

    @property
    def flag(self) -> str | None:
        """Return "quiet" after 14 days without activity, "silent" after 30, else None."""
        if self.days_quiet is None or self.days_quiet < QUIET_DAYS:
            return None
        return "silent" if self.days_quiet >= SILENT_DAYS else "quiet"


@dataclass(frozen=True)
class MenteeRecords:
    """What was read of a set of mentees, keyed by learner id; a kind nobody shares is left empty."""

    last_active: dict[int, datetime]
    plays: dict[int, list[Any]]  # read for a mentee's own page only; the dashboard counts them
    decisions: dict[int, dict[str, tuple[float, int]]]  # the competency sums of every move made
    projects: dict[int, list[ProjectFacts]]
    totals: dict[int, LogTotals]
    contact_hours: dict[int, Decimal]
    paths: dict[int, str]
    active_capm: set[int]
    reviews_waiting: dict[tuple[int, int], tuple[int, int]]  # (learner, mentor): (answers, project descriptions)
    self_scored: dict[int, list[Any]] = field(default_factory=dict)  # answers with the learner's own rubric scores
    reviewed: dict[int, list[Any]] = field(default_factory=dict)  # answers with a mentor's rubric scores
    play_tallies: dict[int, list[Any]] = field(default_factory=dict)  # plays started and finished per scenario
    practice: dict[int, PracticeGlance] = field(default_factory=dict)  # the dashboard's figures, one per learner
    periods: dict[int, list[tuple[date, date | None]]] = field(default_factory=dict)  # for the dashboard
    readiness: dict[int, ProjectReadiness] = field(default_factory=dict)  # for a mentee's own page


def mentee_views(session: Session, links: Sequence[LinkT], today: date | None = None,
                 detail: bool = False) -> list[tuple[LinkT, MenteeView]]:
    """Return each link with what its mentor may see of its learner, in a fixed number of queries.

    With `detail`, shared experience comes as the whole summary (hours included); without, as eligibility only.
    """
    if not links:
        return []
    today = today or date.today()
    records = read_records(session, links, today, detail)
    # The dashboard's eligibility needs the PMP rule set: read it once for all its rows (a mentee's page does not).
    rules = default_rules().pmp if not detail and any(link.can_see_experience for link in links) else None
    library, now = loaded().library, utcnow()
    return [(link, view_of(link, records, library, now, today, detail, rules)) for link in links]


def mentee_view(session: Session, link: MentorLink, today: date | None = None) -> MenteeView:
    """Return everything the link's mentor may see of its learner, for the mentee's own page."""
    return mentee_views(session, [link], today, detail=True)[0][1]


def read_records(session: Session, links: Sequence[SharedLink], today: date, detail: bool) -> MenteeRecords:
    """Read what the links share, one query per kind of data; kinds nobody shares are not read at all."""
    everyone = {link.learner_id for link in links}
    practice = {link.learner_id for link in links if link.can_see_progress}
    experience = {link.learner_id for link in links if link.can_see_experience}
    reviewable = [link for link in links if link.can_see_answers or link.can_see_experience]
    return MenteeRecords(
        last_active=queries.last_activity_by_learner(session, everyone),
        plays=queries.plays_by_learner(session, practice, MENTEE_PAGE_PLAYS) if practice and detail else {},
        play_tallies=queries.play_tallies_by_learner(session, practice) if practice and detail else {},
        decisions=competency_totals(session, practice) if practice and detail else {},
        # The dashboard's row needs counts and a mean, summed by the database: one row per mentee.
        practice=queries.practice_by_learner(session, practice) if practice and not detail else {},
        # Rubric scores of written messages show on a mentee's own page, not on the dashboard: read for it alone.
        self_scored=self_scored_messages(session, practice) if practice and detail else {},
        reviewed=reviewed_messages(session, practice) if practice and detail else {},
        projects={},  # a mentee's page reads their projects' readiness instead, however many they hold
        readiness={learner: dashboard_readiness(session, learner, MENTEE_PAGE_MISSING) for learner in experience}
        if experience and detail else {},
        periods=queries.project_periods_by_learner(session, experience) if experience and not detail else {},
        totals=queries.totals_by_learner(session, experience) if experience and detail else {},
        contact_hours=queries.contact_hours_by_learner(session, experience, today) if experience else {},
        paths=queries.paths_by_learner(session, experience) if experience else {},
        active_capm=queries.active_capm_learners(session, experience, today) if experience else set(),
        reviews_waiting=queries.reviews_waiting_by_link(session, reviewable) if reviewable else {},
    )


def view_of(link: SharedLink, records: MenteeRecords, library: Library, now: datetime, today: date,
            detail: bool, rules: PmpRules | None = None) -> MenteeView:
    """Return what the link's mentor may see of its learner, from records already read."""
    learner = link.learner_id
    last = records.last_active.get(learner)
    plays = records.plays.get(learner, []) if link.can_see_progress else []
    progress = practice = None
    if link.can_see_progress and detail:
        progress = progress_report(records.play_tallies.get(learner, []), records.decisions.get(learner, {}),
                                   library.scenarios, library.competencies, records.self_scored.get(learner, []),
                                   records.reviewed.get(learner, []))
    elif link.can_see_progress:  # the dashboard shows counts and a mean score, not what to practise next
        practice = records.practice.get(learner) or NO_PRACTICE
    experience, path = _shared_experience(link, records, today, detail, rules)
    return MenteeView(last, (now - last).days if last else None, progress, experience, plays,
                      _reviews_waiting(link, records), path, practice)


def _reviews_waiting(link: SharedLink, records: MenteeRecords) -> int | None:
    """Count the reviews waiting that the mentor may open: answers need answers shared, descriptions projects."""
    if not (link.can_see_answers or link.can_see_experience):
        return None
    answers, projects = records.reviews_waiting.get((link.learner_id, link.mentor_id), (0, 0))
    return (answers if link.can_see_answers else 0) + (projects if link.can_see_experience else 0)


def _shared_experience(link: SharedLink, records: MenteeRecords, today: date, detail: bool,
                       rules: PmpRules | None) -> tuple[ExperienceSummary | None, PathStatus | None]:
    """Return the learner's experience summary (with `detail`) and eligibility, as far as they share them."""
    if not link.can_see_experience:
        return None, None
    if detail:
        summary = _experience(records, link.learner_id, today)
        return summary, summary.path
    return None, _eligibility(records, link.learner_id, today, rules)


def _experience(records: MenteeRecords, learner: int, today: date) -> ExperienceSummary:
    """Return the learner's whole experience summary."""
    return summarise(records.readiness.get(learner) or records.projects.get(learner, []),
                     records.totals.get(learner, LogTotals()),
                     records.contact_hours.get(learner, Decimal(0)), records.paths[learner],
                     learner in records.active_capm, today)


def _eligibility(records: MenteeRecords, learner: int, today: date, rules: PmpRules | None) -> PathStatus:
    """Return how far the learner is from their PMP path: the summary's headline, without reading any hours."""
    periods = records.periods.get(learner) or [(project.start, project.end)
                                               for project in records.projects.get(learner, [])]
    return path_status(records.paths[learner], experience_months(periods, today, rules=rules),
                       records.contact_hours.get(learner, Decimal(0)), learner in records.active_capm, rules=rules)
