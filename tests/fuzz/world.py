"""What the fuzz suite adds to the demo data so that every form of the site shows on some page.

The demo shows a finished day and one left at a decision; these add a day waiting for a written message, a week
under way, a document issued, a supervisor asked, an import waiting for review, an invitation, a reset link and a
description sent back for changes, so that the crawl meets the forms those pages hold.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from learnpm.auth.account_tokens import issue_link
from learnpm.auth.models import User
from learnpm.auth.queries import user_by_email
from learnpm.auth.tokens import RESET
from learnpm.clock import utcnow
from learnpm.documents.models import IssuedDocument
from learnpm.experience.models import ImportDraft, Project
from learnpm.mentoring.queries import create_invitation
from learnpm.reviews.models import Review, ReviewRevision
from learnpm.scenarios import queries as plays
from learnpm.scenarios import weeks
from learnpm.scenarios.core.content.scenario import Node, Scenario, WriteTask
from learnpm.scenarios.core.play import engine
from learnpm.scenarios.core.play.modes import DECISION_SECONDS
from learnpm.scenarios.library import loaded
from learnpm.verification.queries import request_verification

TRACKER_CSV = b"Project,Description,Start date,Duration\nFood bank,Rota planning,2025-03-04,01:30:00\n"


def add_extras(session: Session, emails: dict[str, str]) -> list[str]:
    """Add what the demo lacks; return the paths of pages that only a link in a mail opens."""
    student, volunteer = user_by_email(session, emails["student"]), user_by_email(session, emails["volunteer"])
    assert student is not None and volunteer is not None
    waiting, timed = _play_to_a_write_task(session, student)
    week = next(iter(loaded().library.weeks.values()))
    weeks.start_week(session, student, week, loaded().library.scenarios[week.days[0]], "coached")
    session.add(IssuedDocument(user_id=volunteer.id, kind="transcript", title="Hours transcript",
                               issued_to=volunteer.display_name, digest="0" * 64))
    session.add(ImportDraft(user_id=volunteer.id, filename="toggl.csv", data=TRACKER_CSV))
    create_invitation(session, volunteer, utcnow())
    _description_sent_back(session, volunteer)
    project = session.scalars(select(Project).where(Project.user_id == volunteer.id).order_by(Project.id)).first()
    assert project is not None
    _request, verification = request_verification(session, project, utcnow())
    reset = issue_link(session, student, RESET, utcnow())
    session.flush()
    return [f"/confirm/{verification}", f"/reset-password/{reset}", "/experience/import",
            f"/experience/import/drafts/{_draft_id(session, volunteer)}", f"/plays/{waiting}",
            f"/plays/{waiting}?edit=1", f"/plays/{timed}"]


def _description_sent_back(session: Session, volunteer: User) -> None:
    """Send the volunteer's reviewed description back for changes, as a second review of it."""
    first = session.scalars(select(Review).where(Review.learner_id == volunteer.id).order_by(Review.id)).first()
    if first is None:
        return
    again = Review(learner_id=volunteer.id, mentor_id=first.mentor_id, project_id=first.project_id,
                   state="changes_requested")
    again.revisions.append(ReviewRevision(number=1, text=first.revisions[0].text,
                                          self_scores=dict(first.revisions[0].self_scores)))
    session.add(again)


def _draft_id(session: Session, user: User) -> int:
    """Return the id of the user's import draft."""
    return session.scalars(select(ImportDraft.id).where(ImportDraft.user_id == user.id)).one()


def _play_to_a_write_task(session: Session, student: User) -> tuple[int, int]:
    """Leave the student a day waiting for a scored message and a timed day at its first decision; return their ids."""
    library = loaded().library.scenarios
    for scenario_id in sorted(library):
        state = _walk(library[scenario_id])
        if state is not None:
            waiting = plays.start_play(session, student, library[scenario_id], state)
            waiting.draft_text = "A first draft of the message, to be scored before it is sent."
            first = library[scenario_id]
            timed = plays.start_play(session, student, first, engine.start(first), decision_seconds=DECISION_SECONDS)
            return waiting.id, timed.id
    raise AssertionError("no scenario of the library asks for a written message")


def _walk(scenario: Scenario) -> engine.PlayState | None:
    """Take the first choice at every decision until a message is asked for; None if none comes."""
    state = engine.start(scenario)
    for _ in range(50):
        node = engine.current_node(scenario, state)
        if isinstance(node, WriteTask):
            return state if state.history else None
        if not isinstance(node, Node):
            return None
        state = engine.choose(scenario, state, node.choices[0].id)
    return None
