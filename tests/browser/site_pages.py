"""Every page of the site, derived from the app's URL map and filled with the demo data's real ids.

Each GET rule is either a page, listed in PAGES with the role that sees it and where its ids come from, or a
download or redirect listed in NOT_PAGES. A new rule in neither fails `test_every_page_is_listed`, so a new page is
covered as soon as it exists.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Flask, url_for
from sqlalchemy import select
from sqlalchemy.orm import Session

from learnpm.auth.account_tokens import issue_link
from learnpm.auth.models import User
from learnpm.auth.queries import user_by_email
from learnpm.auth.tokens import RESET
from learnpm.clock import utcnow
from learnpm.db import get_session
from learnpm.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, load_demo
from learnpm.documents.issued_files import PreparedDocument
from learnpm.documents.models import IssuedDocument
from learnpm.experience.models import Course, HoursEntry, ImportDraft, PduRecord, Project
from learnpm.mentoring.models import MentorLink
from learnpm.reviews.models import Review
from learnpm.scenarios import weeks
from learnpm.scenarios.library import loaded
from learnpm.scenarios.models import Play
from learnpm.verification.queries import request_verification

ANONYMOUS, STUDENT, VOLUNTEER, MENTOR = "anonymous", "student", "volunteer", "mentor"
ROLES = (ANONYMOUS, STUDENT, VOLUNTEER, MENTOR)
EMAILS = {STUDENT: DEMO_ACCOUNTS[0].email, VOLUNTEER: DEMO_ACCOUNTS[1].email, MENTOR: DEMO_ACCOUNTS[2].email}
PASSWORD = DEMO_PASSWORD
TIMESHEET_CSV = (b"date,project,hours,activity\n2025-04-05,Spring adoption day,2,Volunteer rota\n"
                 b"2025-04-12,Spring adoption day,3.5,Venue walk-through\n")

# GET rules that answer with a file or a redirect, not a page a person reads.
NOT_PAGES = {
    "static", "main.healthz", "account.export", "experience.export_json", "experience.export_entries",
    "experience.export_workbook", "experience.export_projects", "experience.course_certificate",
    "experience.import_template", "documents.prepared_file", "documents.prepared_status",
    "scenarios.map_svg", "notifications.open_one",
    "auth.confirm_email",  # uses its link up and shows a one-line confirmation; its dead-link page is visited
}


@dataclass(frozen=True)
class SitePage:
    """One page: who sees it, its endpoint, and the values of its URL."""

    role: str
    endpoint: str
    values: dict[str, Any]

    @property
    def name(self) -> str:
        """Return a readable name of the page, for reports and screenshot files."""
        tail = "-".join(str(value) for value in self.values.values())
        return f"{self.role}-{self.endpoint}" + (f"-{tail}" if tail else "")


Ids = dict[str, Any]
# endpoint -> [(role, the URL values drawn from the demo ids)]
PAGES: dict[str, list[tuple[str, Callable[[Ids], dict[str, Any]]]]] = {
    "main.index": [(ANONYMOUS, lambda ids: {})],
    "auth.login": [(ANONYMOUS, lambda ids: {})],
    "auth.register": [(ANONYMOUS, lambda ids: {})],
    "auth.forgot_password": [(ANONYMOUS, lambda ids: {})],
    "auth.reset_password": [(ANONYMOUS, lambda ids: {"token": ids["reset_token"]}),
                            (ANONYMOUS, lambda ids: {"token": "a-used-link"})],
    "documents.verify": [(ANONYMOUS, lambda ids: {"document_id": ids["document_id"]}),
                         (ANONYMOUS, lambda ids: {"document_id": "no-such-document"})],
    "verification.confirm": [(ANONYMOUS, lambda ids: {"token": ids["verification_token"]})],
    "main.dashboard": [(STUDENT, lambda ids: {}), (VOLUNTEER, lambda ids: {}), (MENTOR, lambda ids: {}),
                       (MENTOR, lambda ids: {"sort": "quiet"})],
    "scenarios.catalogue": [(STUDENT, lambda ids: {}), (STUDENT, lambda ids: {"q": "xyz", "length": "short"}),
                            (STUDENT, lambda ids: {"q": "friday", "sort": "recommended"})],
    "scenarios.progress": [(STUDENT, lambda ids: {})],
    "scenarios.intro": [(STUDENT, lambda ids: {"scenario_id": ids["scenario_id"]})],
    "scenarios.week": [(STUDENT, lambda ids: {"week_id": ids["week_id"]})],
    "scenarios.week_debrief": [(STUDENT, lambda ids: {"run_id": ids["run_id"]})],
    "scenarios.play": [(STUDENT, lambda ids: {"play_id": ids["open_play_id"]})],
    "scenarios.debrief": [(STUDENT, lambda ids: {"play_id": ids["finished_play_id"]}),
                          (STUDENT, lambda ids: {"play_id": ids["finished_play_id"], "find": "the", "show": "missed"})],
    "scenarios.analytics": [(MENTOR, lambda ids: {"scenario_id": ids["finished_scenario_id"]})],
    "scenarios.map_page": [(MENTOR, lambda ids: {"scenario_id": ids["finished_scenario_id"]})],
    "reviews.index": [(STUDENT, lambda ids: {}), (VOLUNTEER, lambda ids: {}), (MENTOR, lambda ids: {})],
    "reviews.show": [(STUDENT, lambda ids: {"review_id": ids["signed_off_review_id"]}),
                     (MENTOR, lambda ids: {"review_id": ids["signed_off_review_id"]}),
                     (MENTOR, lambda ids: {"review_id": ids["waiting_review_id"]})],
    "reviews.ask_description": [(VOLUNTEER, lambda ids: {"project_id": ids["project_id"]})],
    "notifications.index": [(STUDENT, lambda ids: {}), (MENTOR, lambda ids: {})],
    "mentoring.index": [(STUDENT, lambda ids: {}), (MENTOR, lambda ids: {})],
    "mentoring.activity": [(STUDENT, lambda ids: {})],
    "mentoring.join": [(MENTOR, lambda ids: {})],
    "mentoring.mentee": [(MENTOR, lambda ids: {"link_id": ids["student_link_id"]}),
                         (MENTOR, lambda ids: {"link_id": ids["volunteer_link_id"]})],
    "account.settings": [(VOLUNTEER, lambda ids: {})],
    "account.delete": [(VOLUNTEER, lambda ids: {})],
    "documents.index": [(VOLUNTEER, lambda ids: {}), (MENTOR, lambda ids: {})],
    "experience.dashboard": [(VOLUNTEER, lambda ids: {}),
                             (VOLUNTEER, lambda ids: {"from": "2025-01", "to": "2025-12"})],  # a chosen period
    "experience.education": [(VOLUNTEER, lambda ids: {})],
    "experience.pdus": [(VOLUNTEER, lambda ids: {}), (MENTOR, lambda ids: {})],
    "experience.week": [(VOLUNTEER, lambda ids: {"day": ids["entry_day"]}),
                        (VOLUNTEER, lambda ids: {})],  # this week: days still to come have no box
    "experience.new_entry": [(VOLUNTEER, lambda ids: {})],
    "experience.edit_entry": [(VOLUNTEER, lambda ids: {"entry_id": ids["entry_id"]})],
    "experience.new_project": [(VOLUNTEER, lambda ids: {})],
    "experience.show_project": [(VOLUNTEER, lambda ids: {"project_id": ids["project_id"]}),
                                (VOLUNTEER, lambda ids: {"project_id": ids["project_id"], "sort": "group",
                                                         "q": "volunteer"}),
                                (VOLUNTEER, lambda ids: {"project_id": ids["project_id"], "q": "xyz"})],
    "experience.edit_project": [(VOLUNTEER, lambda ids: {"project_id": ids["project_id"]})],
    "experience.delete_project": [(VOLUNTEER, lambda ids: {"project_id": ids["project_id"]})],
    "experience.import_csv": [(VOLUNTEER, lambda ids: {})],
    "experience.import_draft": [(VOLUNTEER, lambda ids: {"draft_id": ids["draft_id"]})],
    "experience.delete_entry": [(VOLUNTEER, lambda ids: {"entry_id": ids["entry_id"]})],
    "experience.delete_education": [(VOLUNTEER, lambda ids: {"kind": "course", "item_id": ids["course_id"]})],
    "experience.delete_pdu_claim": [(MENTOR, lambda ids: {"record_id": ids["pdu_record_id"]})],
    "documents.revoke": [(VOLUNTEER, lambda ids: {"document_id": ids["document_id"]})],
    "documents.prepared_list": [(VOLUNTEER, lambda ids: {})],
    "documents.prepared": [(VOLUNTEER, lambda ids: {"prepared_id": ids["prepared_id"]})],
    "mentoring.revoke": [(STUDENT, lambda ids: {"link_id": ids["student_link_id"]})],
}


def get_rules(app: Flask) -> set[str]:
    """Return the endpoints of every rule that answers GET."""
    return {rule.endpoint for rule in app.url_map.iter_rules() if "GET" in rule.methods}


def load_site(app: Flask) -> Ids:
    """Load the demo data plus what only an action makes (a document, a week run, a draft); return their ids."""
    with app.app_context():
        session = get_session()
        load_demo(session)
        session.flush()
        users = {role: user_by_email(session, email) for role, email in EMAILS.items()}
        ids = {**_play_ids(session, users[STUDENT]), **_experience_ids(session, users[VOLUNTEER]),
               **_mentor_ids(session, users)}
        ids["reset_token"] = issue_link(session, users[STUDENT], RESET, utcnow())
        # A document prepared in the background that could not be made: a settled page (a waiting one refreshes).
        failed = PreparedDocument(user_id=users[VOLUNTEER].id, kind="transcript", state="failed",
                                  problem="The render passed its deadline.", overdue_at=utcnow(),
                                  finished_at=utcnow())
        session.add(failed)
        session.flush()
        ids["prepared_id"] = failed.id
        session.commit()
        return ids


def _play_ids(session: Session, student: User) -> Ids:
    """Return the student's finished and open plays, and start a week so that its run has a page."""
    plays = session.scalars(select(Play).where(Play.user_id == student.id).order_by(Play.id)).all()
    finished = next(play for play in plays if play.finished_at is not None)
    unfinished = next(play for play in plays if play.finished_at is None)
    library = loaded().library
    week = next(iter(library.weeks.values()))
    first_day = weeks.start_week(session, student, week, library.scenarios[week.days[0]], "coached")
    return {"finished_play_id": finished.id, "finished_scenario_id": finished.scenario_id,
            "open_play_id": unfinished.id, "scenario_id": unfinished.scenario_id, "week_id": week.id,
            "run_id": first_day.week_run_id}


def _experience_ids(session: Session, volunteer: User) -> Ids:
    """Return the volunteer's fullest project, an entry, an import draft, and an issued and a revoked document."""
    project = session.scalars(select(Project).where(Project.user_id == volunteer.id).order_by(Project.id)).first()
    entry = session.scalars(select(HoursEntry).where(HoursEntry.project_id == project.id)).first()
    draft = ImportDraft(user_id=volunteer.id, filename="timesheet.csv", data=TIMESHEET_CSV)
    documents = [IssuedDocument(user_id=volunteer.id, kind=kind, title=title, issued_to=volunteer.display_name,
                                digest="5f" * 32) for kind, title in (("application", "PMP application worksheet"),
                                                                       ("transcript", "Hours transcript"))]
    documents[1].revoked_at = utcnow()
    session.add_all([draft, *documents])
    _, token = request_verification(session, project, utcnow())
    session.flush()
    course = session.scalars(select(Course).where(Course.user_id == volunteer.id).order_by(Course.id)).first()
    return {"project_id": project.id, "entry_id": entry.id, "course_id": course.id, "entry_day": entry.day.isoformat(), "draft_id": draft.id, "document_id": documents[0].id,
            "verification_token": token}


def _mentor_ids(session: Session, users: dict[str, User]) -> Ids:
    """Return the mentor's links to both learners and the two demo reviews."""
    links = {link.learner_id: link.id for link in
             session.scalars(select(MentorLink).where(MentorLink.mentor_id == users[MENTOR].id))}
    reviews = {review.learner_id: review.id for review in
               session.scalars(select(Review).where(Review.mentor_id == users[MENTOR].id))}
    record = session.scalars(select(PduRecord).where(PduRecord.user_id == users[MENTOR].id)).first()
    return {"pdu_record_id": record.id, "student_link_id": links[users[STUDENT].id], "volunteer_link_id": links[users[VOLUNTEER].id],
            "signed_off_review_id": reviews[users[STUDENT].id], "waiting_review_id": reviews[users[VOLUNTEER].id]}


def site_pages(app: Flask, ids: Ids) -> list[SitePage]:
    """Return every page with its URL values, ordered by role so that each role's pages share one login."""
    pages = [SitePage(role, endpoint, values(ids)) for endpoint, visits in PAGES.items() for role, values in visits]
    return sorted(pages, key=lambda page: ROLES.index(page.role))


def page_path(app: Flask, page: SitePage) -> str:
    """Return the path of a page."""
    with app.test_request_context():
        return url_for(page.endpoint, **page.values)

