"""The PDU report: the current certification cycle, each category against its minimum or maximum."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from learnpm.auth.models import User
from learnpm.documents.core.period import Period
from learnpm.experience import queries
from learnpm.experience.core.amounts import plain
from learnpm.experience.core.pdu import PduClaim, pdu_status
from learnpm.experience.core.rules.library import default_rules


def pdu_context(session: Session, user: User, today: date, period: Period = (None, None)) -> dict[str, Any]:
    """Return the latest certification's cycle with every category's figures, or say there is none."""
    certifications = queries.certifications(session, user)
    base = {"candidate": {"name": user.display_name, "email": user.email}, "certification": None}
    if not certifications:
        return base
    current = certifications[0]
    records = queries.pdu_records(session, current)
    status = pdu_status(current.kind, current.cycle_start, [PduClaim(r.category, r.amount, r.earned_on) for r in records])
    rules = default_rules().pdu
    limits = rules.certification(current.kind)
    rows = [{"label": "Total", "counted": plain(status.total_counted), "limit": f"at least {plain(status.required)}",
             "missing": plain(status.missing.get("total", 0))},
            {"label": "Education", "counted": plain(status.education), "limit": f"at least {limits.education_minimum}",
             "missing": plain(status.missing.get("education", 0))}]
    rows += [{"label": f"Education · {area.label}", "counted": plain(status.education_by_area[area.id]),
              "limit": f"at least {limits.education_area_minimum}", "missing": plain(status.missing.get(area.id, 0))}
             for area in rules.education_areas]
    rows.append({"label": "Giving back", "counted": plain(status.giving_back_counted),
                 "limit": f"at most {limits.giving_back_maximum} (practitioner at most {limits.practitioner_maximum})",
                 "missing": "0"})
    return {**base, "certification": limits.label, "cycle": f"{status.cycle.start:%d %B %Y} to {status.cycle.end:%d %B %Y}",
            "rows": rows, "met": status.met, "carry_over": plain(status.carry_over),
            "not_counted": plain(status.not_counted),
            "claims": [{"day": r.earned_on.strftime("%d %b %Y"), "title": r.title, "category": r.category.replace("_", " "),
                        "amount": plain(r.amount)} for r in records]}
