"""The readiness report for mentors and employers: scenario practice, recent debriefs, experience."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from learnpm.auth.models import User
from learnpm.documents.core.period import Period
from learnpm.experience import queries as hours
from learnpm.experience import values
from learnpm.experience.core.amounts import plain
from learnpm.experience.core.outline import OutlineComparison, compare_with_outline
from learnpm.experience.core.summary import summarise
from learnpm.experience.totals import log_totals
from learnpm.reviews.queries import reviewed_messages
from learnpm.scenarios import queries as plays
from learnpm.scenarios.core.play.assessment import RubricShare
from learnpm.scenarios.core.play.progress import progress_report
from learnpm.scenarios.library import loaded

RECENT_DEBRIEFS = 5


def readiness_context(session: Session, user: User, today: date, period: Period = (None, None)) -> dict[str, Any]:
    """Return competency scores, the latest finished days, and the experience summary."""
    library = loaded().library
    report = progress_report(plays.play_tallies(session, user), plays.competency_totals(session, [user.id])[user.id],
                             library.scenarios, library.competencies,
                             plays.self_scored_messages(session, [user.id])[user.id],
                             reviewed_messages(session, [user.id])[user.id])
    records = hours.academic_records(session, user)
    totals = log_totals(session, user.id)
    summary = summarise(hours.project_facts_of(session, user),
                        totals, hours.contact_hours(session, user, today),
                        values.path_of(records), hours.has_active_capm(session, user, today), today)
    outline = compare_with_outline(totals, hours.planned_exam_day(session, user), today)
    finished = plays.recent_finished(session, user, RECENT_DEBRIEFS)
    return {
        "candidate": {"name": user.display_name, "email": user.email},
        "competencies": [{"label": library.competencies[c].label if c in library.competencies else c,
                          "percent": score.percent, "moves": score.moves} for c, score in report.scores.items()],
        "writing": [{"label": library.competencies[c].label if c in library.competencies else c,
                     "self_assessed": _share(score.self_assessed), "reviewed": _share(score.reviewed)}
                    for c, score in report.writing.items()],
        "attempts": report.attempts, "finished": report.finished,
        "debriefs": [{"title": library.scenarios[p.scenario_id].title if p.scenario_id in library.scenarios
                      else p.scenario_id, "ending": _ending_title(library, p), "rating": p.ending_rating,
                      "day": p.finished_at.strftime("%d %b %Y") if p.finished_at else ""} for p in finished],
        "experience": {"path": summary.path.label, "months": summary.path.months_counted,
                       "required": summary.path.months_required, "hours": str(summary.total_hours.normalize()),
                       "eligible": summary.path.eligible, "missing": list(summary.missing)},
        "outline": _outline(outline),
    }


def _outline(comparison: OutlineComparison) -> dict[str, Any]:
    """Return the work by exam domain beside the outline of the exam day, as plain values."""
    return {
        "label": comparison.outline.label, "planned": comparison.planned,
        "exam_day": comparison.exam_day.strftime("%d %B %Y"), "tagged": comparison.domain_hours > 0,
        "domains": [{"label": d.label, "weight": d.weight_percent, "hours": plain(d.hours),
                     "share": "—" if d.share_percent is None else f"{plain(d.share_percent)} %"}
                    for d in comparison.domains],
        "gaps": [{"label": g.label, "share": plain(g.share_percent or 0), "weight": g.weight_percent,
                  "hours": plain(g.hours_to_weight)} for g in comparison.gaps],
        "untagged": plain(comparison.untagged_hours),
    }


def _share(share: RubricShare | None) -> dict[str, int] | None:
    """Return a rubric share as its percentage and the number of messages behind it."""
    return None if share is None else {"percent": share.percent, "messages": share.messages}


def _ending_title(library: Any, play: Any) -> str:
    """Return the title of the ending a play reached."""
    scenario = library.scenarios.get(play.scenario_id)
    node = scenario.nodes.get(play.ending_id) if scenario else None
    return getattr(node, "title", play.ending_id or "")
