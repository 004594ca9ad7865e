"""The hours transcript: every entry in a date range with totals, for volunteers' organisations and schools."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from learnpm.auth.models import User
from learnpm.documents.core.length import DocumentLength, entries_length, pages_for
from learnpm.documents.core.period import Period
from learnpm.experience import queries
from learnpm.experience.core.amounts import plain
from learnpm.experience.core.entries import Entry
from learnpm.experience.core.labels import domain_labels, process_group_labels
from learnpm.experience.core.rules.library import default_rules
from learnpm.experience.core.totals import LogTotals
from learnpm.verification.models import VerificationRequest
from learnpm.verification.queries import latest_request

# A project nobody has been asked to confirm yet.
NOT_VERIFIED = "Not yet verified"
# About 115 pages and half a minute of rendering: beyond this a render would come close to its deadline, so the
# learner picks a shorter period.
MAX_ENTRIES = 3000
# About 12 pages and 2 to 3 seconds of rendering (benchmarks/documents.py): a longer transcript asked for with
# "Download the PDF" is prepared in the background, so that nobody stares at a page that does not move and no web
# worker's thread is held for the whole render.
BACKGROUND_ENTRIES = 250
# The most pages a transcript prints: the longest document the site renders.
LONGEST_PAGES = pages_for(MAX_ENTRIES)


class PeriodTooLong(ValueError):
    """The period holds more entries than one transcript prints."""


def transcript_length(session: Session, user: User, today: date, period: Period = (None, None)) -> DocumentLength:
    """Return how long the transcript of the period will be, from a count of its entries (none is read)."""
    first, last = period
    return entries_length(queries.entry_count(session, user, first, last or today), BACKGROUND_ENTRIES, MAX_ENTRIES)


def transcript_context(session: Session, user: User, today: date, period: Period = (None, None)) -> dict[str, Any]:
    """Return the entries between the period's first and last day, with totals by project, group and domain."""
    first, last = period
    count = queries.entry_count(session, user, first, last or today)  # refused before any entry is read
    if count > MAX_ENTRIES:
        raise PeriodTooLong(f"{count} entries; a transcript prints at most {MAX_ENTRIES}. Choose a shorter period.")
    rows = queries.entry_rows(session, user, first, last or today)
    projects = queries.projects_of(session, user)
    titles = {p.id: p.title for p in projects}
    statuses = {p.id: _status(latest_request(session, p)) for p in projects}
    by_project: dict[str, Decimal] = defaultdict(Decimal)
    for row in rows:
        by_project[titles.get(row.project_id, "?")] += row.hours
    totals = LogTotals.of(Entry(str(row.project_id), row.day, row.hours, process_groups=row.process_groups or (),
                                domains=row.domains or ()) for row in rows)
    rules = default_rules()
    groups, domains = totals.by_process_group(rules.process_group_ids), totals.by_domain(rules.domain_ids)
    pg, dl = process_group_labels(), domain_labels()
    return {
        "candidate": {"name": user.display_name, "email": user.email},
        "range": f"{(first or (rows[0].day if rows else today)):%d %B %Y} to {(last or today):%d %B %Y}",
        "entries": [{"day": row.day.strftime("%d %b %Y"), "project": titles.get(row.project_id, "?"),
                     "hours": plain(row.hours), "activity": row.activity,
                     "tags": ", ".join([*(row.process_groups or ()), *(dl.get(d, d) for d in row.domains or ())]),
                     "status": statuses.get(row.project_id, NOT_VERIFIED)} for row in rows],
        "by_project": [(title, plain(hours)) for title, hours in sorted(by_project.items())],
        "by_group": [(f"{k} · {pg[k]}", plain(v)) for k, v in groups.hours.items()] + [("Not tagged", plain(groups.untagged))],
        "by_domain": [(dl[k], plain(v)) for k, v in domains.hours.items()] + [("Not tagged", plain(domains.untagged))],
        "total": plain(sum((row.hours for row in rows), Decimal(0))),
    }


def _status(request: VerificationRequest | None) -> str:
    """Return a project's verification status as the transcript prints it."""
    return request.status if request is not None else NOT_VERIFIED
