"""Who may reach each route: every endpoint against anonymous, the owner, another learner and three linked mentors.

One learner (the owner) holds one of each object, another learner holds their own, and three mentors are linked to
the owner: one whose link lacks what the route needs (it shares nothing, or every permission but the one a route
checks), one whose link shares everything, and one whose link was revoked. ROUTES classifies every endpoint of the
site; a new route that is not in it fails `test_every_route_is_classified` until it gets its line.
"""

from __future__ import annotations

import io
import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Row, inspect, select
from werkzeug.security import generate_password_hash

from learnpm import create_app
from learnpm.auth.login_sessions import start_login
from learnpm.auth.models import User
from learnpm.auth.queries import set_roles
from learnpm.clock import utcnow
from learnpm.db import Base, get_session
from learnpm.documents.issued_files import PreparedDocument
from learnpm.documents.models import IssuedDocument
from learnpm.experience.core.csv.records import write_projects_csv
from learnpm.experience.models import (
    AcademicRecord,
    Certification,
    Course,
    HoursEntry,
    ImportDraft,
    PduRecord,
    Project,
)
from learnpm.experience.queries import store_upload
from learnpm.experience.transfer import project_record
from learnpm.jobs.runner import wait_for_background
from learnpm.mentoring.models import PERMISSIONS, MentorLink
from learnpm.mentoring.queries import create_invitation
from learnpm.notifications.models import Notification
from learnpm.reviews.models import Review, ReviewRevision
from learnpm.reviews.rubrics import description_rubric
from learnpm.scenarios import queries as plays
from learnpm.scenarios import weeks
from learnpm.scenarios.core.content.scenario import Node, Scenario, WriteTask
from learnpm.scenarios.core.play import engine
from learnpm.scenarios.library import loaded
from learnpm.scenarios.models import WriteAnswer
from learnpm.security import limiter
from learnpm.verification.queries import request_verification
from tests.functional.support import PROJECT
from tests.support import PASSWORD, csrf_token, empty_tables

ANONYMOUS, OWNER, OTHER_LEARNER = "anonymous", "owner", "other_learner"
MENTOR_WITHOUT, MENTOR_WITH, MENTOR_REVOKED = "mentor_without_permission", "mentor_with_permission", "revoked_mentor"
ACTORS = (ANONYMOUS, OWNER, OTHER_LEARNER, MENTOR_WITHOUT, MENTOR_WITH, MENTOR_REVOKED)
MENTORS = (MENTOR_WITHOUT, MENTOR_WITH, MENTOR_REVOKED)
ROLES = {OWNER: {"learner"}, OTHER_LEARNER: {"learner"}, **{mentor: {"mentor"} for mentor in MENTORS}}

PUBLIC, TOKEN, LOGIN, OWNED, MENTOR_SEES, ROLE = "public", "token", "login", "owned", "mentor sees", "role"
LOGIN_PAGE = "login page"  # what anonymous visitors of a protected route get: a redirect there
OWN_DATA = "own data"  # a signed-in user acting on their own data: success or a form error, never 403/404/5xx
OWN_DATA_STATUSES = {200, 201, 302, 303, 422}
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
TOGGL_EXPORT = (Path(__file__).resolve().parents[1] / "fixtures" / "imports" / "toggl" / "normal.csv").read_bytes()


@dataclass(frozen=True)
class Route:
    """Who may reach an endpoint, with which of the owner's objects in its URL, and what success looks like."""

    access: str
    methods: tuple[str, ...] = ("GET",)
    obj: str | None = None  # the kind of the owner's object the URL names
    permission: str | None = None  # MENTOR_SEES: what the mentor's link must share; None: any active link
    roles: tuple[str, ...] = ()  # the roles the route is gated on (others get 403)
    owner_allowed: bool = True  # MENTOR_SEES: whether the learner may use the route on their own object too
    status: dict[str, int] = field(default_factory=dict)  # success per method when not 200 (GET) / 302 (POST)
    signed_in: int | None = None  # PUBLIC: what a signed-in user gets, when it differs
    args: dict[str, Any] = field(default_factory=dict)  # fixed URL values, e.g. a document kind
    shared_markers: tuple[str, ...] = ()  # shown only with permissions: a permitted mentor sees them, others not
    elsewhere: tuple[str, ...] = ()  # methods the route answers that other test files cover

    def success(self, method: str) -> int:
        """Return the status of a successful request."""
        return self.status.get(method, 200 if method == "GET" else 302)


def public(*methods: str, **options: Any) -> Route:
    """Classify a page anyone may open."""
    return Route(PUBLIC, methods or ("GET",), **options)


def token(*methods: str, **options: Any) -> Route:
    """Classify a page opened with a secret token, no account needed."""
    return Route(TOKEN, methods or ("GET",), **options)


def login(*methods: str, **options: Any) -> Route:
    """Classify a page of any signed-in user's own data, with no object id in the URL."""
    return Route(LOGIN, methods or ("GET",), **options)


def owned(obj: str, *methods: str, **options: Any) -> Route:
    """Classify a route on one of the owner's objects: everyone else gets 404."""
    return Route(OWNED, methods or ("POST",), obj, **options)


def mentor_sees(obj: str, permission: str | None, *methods: str, **options: Any) -> Route:
    """Classify a route a mentor may use on the owner's object when their active link shares `permission`."""
    return Route(MENTOR_SEES, methods or ("GET",), obj, permission, **options)


def role(roles: tuple[str, ...], *methods: str, **options: Any) -> Route:
    """Classify a route only some roles may use."""
    return Route(ROLE, methods or ("GET",), roles=roles, **options)


MENTOR, AUTHORS = ("mentor",), ("mentor", "admin")
MENTEE_SECTIONS = ('id="progress-title"', 'id="experience-title"')

ROUTES: dict[str, Route] = {
    # Anyone: the landing page, accounts, health, static files, document and supervisor checks.
    "static": public(args={"filename": "favicon.svg"}),
    "main.index": public(signed_in=302),
    "main.healthz": public(),
    "auth.login": public(signed_in=302, elsewhere=("POST",)),  # logging in: test_login.py
    "auth.register": public(signed_in=302, elsewhere=("POST",)),  # creating an account: test_register.py
    "auth.forgot_password": public(elsewhere=("POST",)),  # a reset by mail: test_password_reset.py
    "auth.reset_password": token(args={"token": "made-up"}, status={"GET": 404}, elsewhere=("POST",)),
    "auth.confirm_email": token(args={"token": "made-up"}, status={"GET": 404}),
    "documents.verify": public(),
    "verification.confirm": token("GET", "POST", status={"POST": 200}),
    # Any signed-in user, on their own data.
    "main.dashboard": login(),
    "account.settings": login(),
    "account.change_password": login("POST"),
    "account.export": login(),
    "account.delete": login("GET", "POST"),
    "auth.logout": login("POST"),
    "account.log_out_everywhere": login("POST"),
    "mentoring.withdraw_invitations": login("POST"),
    "auth.send_confirmation": login("POST"),
    "documents.index": login(),
    "documents.download": login("POST", status={"POST": 200}, args={"kind": "transcript"}),
    "documents.prepare": login("POST", status={"POST": 303}, args={"kind": "transcript"}),
    "documents.prepared_list": login(),
    "documents.prepared": owned("prepared", "GET"),
    "documents.prepared_file": owned("prepared", "GET"),
    "documents.prepared_status": owned("prepared", "GET"),
    "experience.education": login(),
    "experience.add_academic": login("POST"),
    "experience.add_course": login("POST"),
    "experience.dashboard": login(),
    "experience.new_project": login("GET", "POST"),
    "experience.new_entry": login("GET", "POST"),
    "experience.week": login(),
    "experience.save_week": login("POST"),
    "experience.quick_add": login("POST"),
    "experience.pdus": login(),
    "experience.add_certification": login("POST"),
    "experience.add_pdu_claim": login("POST"),
    "experience.import_csv": login("GET", "POST"),
    "experience.import_template": login(args={"kind": "projects"}),
    "experience.export_projects": login(),
    "experience.export_entries": login(),
    "experience.export_json": login(),
    "experience.export_workbook": login(),
    "experience.plan_exam": login("POST"),
    "experience.upload_tracker_file": login("POST"),
    "mentoring.index": login(),
    "mentoring.activity": login(),
    "mentoring.invite": login("POST", status={"POST": 201}),
    "reviews.index": login(),
    "notifications.index": login(),
    "notifications.read_all": login("POST"),
    "notifications.save_settings": login("POST"),
    "undo.undo": login("POST"),
    "scenarios.catalogue": login(),
    "scenarios.progress": login(),
    "scenarios.intro": login(),  # the scenario id names shared content, not an object of anyone's
    "scenarios.start": login("POST"),
    "scenarios.week": login(),  # the week id names shared content, not an object of anyone's
    "scenarios.start_week": login("POST"),
    "scenarios.next_day": owned("week run"),
    "scenarios.week_debrief": owned("week run", "GET"),
    # The owner's objects: everyone else gets 404.
    "scenarios.play": owned("play", "GET"),
    "scenarios.debrief": owned("play", "GET"),
    "scenarios.choose": owned("play"),
    "scenarios.draft": owned("play"),
    "scenarios.assess": owned("play"),
    "scenarios.retry": owned("play"),
    "scenarios.wait": owned("play"),
    "scenarios.timer_off": owned("play"),
    "reviews.ask": owned("answer"),
    "reviews.ask_description": owned("project", "GET", "POST"),
    "reviews.revise": owned("review awaiting changes"),
    "experience.show_project": owned("project", "GET"),
    "experience.edit_project": owned("project", "GET", "POST"),
    "experience.delete_project": owned("project", "GET", "POST"),
    "verification.ask": owned("project"),
    "verification.resend": owned("verification request"),
    "experience.edit_entry": owned("entry", "GET", "POST"),
    "experience.delete_entry": owned("entry", "GET", "POST"),
    "experience.course_certificate": owned("upload", "GET"),
    "experience.delete_education": owned("course", "GET", "POST", args={"kind": "course"}),
    "experience.delete_pdu_claim": owned("pdu claim", "GET", "POST"),
    "experience.import_draft": owned("import draft", "GET", "POST", status={"POST": 200}),
    "documents.revoke": owned("document", "GET", "POST"),
    "mentoring.permissions": owned("link"),
    "mentoring.revoke": owned("link", "GET", "POST"),
    "notifications.open_one": owned("notification", "GET", status={"GET": 302}),
    # What a linked mentor may see of the owner.
    "reviews.show": mentor_sees("review", "can_see_answers"),
    "reviews.feedback": mentor_sees("review", "can_see_answers", "POST", owner_allowed=False),
    "mentoring.mentee": mentor_sees("link", None, roles=MENTOR, shared_markers=MENTEE_SECTIONS),
    "mentoring.mentee_document": mentor_sees("link", "can_see_documents", "POST", roles=MENTOR, status={"POST": 200},
                                             args={"kind": "transcript"}),
    # Gated on a role.
    "mentoring.join": role(MENTOR, "GET", "POST"),
    "mentoring.capacity": role(MENTOR, "POST"),
    "scenarios.analytics": role(AUTHORS),
    "scenarios.map_page": role(AUTHORS),
    "scenarios.map_svg": role(AUTHORS),
}


NEW_PASSWORD = "a brighter harbour at noon"
ENTRY = {"day": "2025-04-12", "hours": "3.5", "activity": "Volunteer briefing", "process_groups": ["EX"]}
PROJECT_ROW = {name: value for name, value in PROJECT.items() if name in Project.__table__.columns} | {
    "start_month": date(2025, 3, 1), "end_month": date(2025, 6, 1), "sections": {"PL": PROJECT["section_pl"]}}


@dataclass
class World:
    """The accounts, the ids of the owner's objects, and the strings only the owner's data holds."""

    users: dict[str, User]
    ids: dict[str, Any]
    secrets: dict[str, str]  # a string of the owner's data -> the permission under which a mentor may see it
    rows: dict[str, list[Row[Any]]] = field(default_factory=dict)
    logins: dict[str, str] = field(default_factory=dict)  # actor -> the token of their login

    def url_values(self, actor: str, route: Route) -> dict[str, Any]:
        """Return a value for every URL argument: a mentor is tested with their own link and review."""
        mentor = actor if actor in MENTORS else MENTOR_WITH
        review = "awaiting changes" if route.obj == "review awaiting changes" else mentor
        return {**self.ids, "link_id": self.ids["links"][mentor], "review_id": self.ids["reviews"][review],
                **route.args}


Form = Callable[[World, str, dict[str, Any]], dict[str, Any]]


def projects_csv() -> bytes:
    """Return a projects.csv holding one new project."""
    blanks = {column.name: "" for column in Project.__table__.columns if column.name.startswith("verifier_")}
    project = Project(ref="imported-1", **{**blanks, **PROJECT_ROW, "title": "Imported"})
    return write_projects_csv([project_record(project)])


def description_review_form(world: World, actor: str, values: dict[str, Any]) -> dict[str, Any]:
    """Score the owner's project description on its rubric and ask the permitted mentor."""
    scores = {f"score_{criterion.id}": "1" for criterion in description_rubric().criteria}
    return {"mentor": world.users[MENTOR_WITH].id, **scores}


# A minimal valid form per POST route, the same whoever posts it (so another user posts the owner's ids).
FORMS: dict[str, Form] = {
    "account.change_password": lambda w, a, v: {
        "current_password": PASSWORD, "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    # Anyone else would delete their own account, and rightly their links to the owner with it: they mistype.
    "account.delete": lambda w, a, v: {"password": PASSWORD if a == OWNER else "not my password"},
    "experience.add_academic": lambda w, a, v: {"academic-level": "bachelor", "academic-institution": "North Uni"},
    "experience.add_course": lambda w, a, v: {
        "course-title": "PM Foundations", "course-provider": "City College", "course-start_month": "2024-01",
        "course-end_month": "2024-03", "course-hours": "24"},
    "experience.new_project": lambda w, a, v: PROJECT,
    "experience.edit_project": lambda w, a, v: {**PROJECT, "title": "A renamed project"},
    "experience.new_entry": lambda w, a, v: {**ENTRY, "project": w.ids["project_id"]},
    "experience.quick_add": lambda w, a, v: {
        "quick-project": w.ids["project_id"], "quick-day": "2025-04-12", "quick-hours": "1.5"},
    "experience.save_week": lambda w, a, v: {"day": "2025-04-07", f"cell-{w.ids['project_id']}-2025-04-08": "2"},
    "experience.edit_entry": lambda w, a, v: {**ENTRY, "project": w.ids["project_id"], "hours": "2"},
    "experience.add_certification": lambda w, a, v: {"cert-kind": "pmp", "cert-cycle_start": "2025-01-15"},
    "experience.add_pdu_claim": lambda w, a, v: {
        "pdu-title": "Negotiation webinar", "pdu-category": "power_skills", "pdu-amount": "1.5",
        "pdu-earned_on": "2025-06-01"},
    "experience.plan_exam": lambda w, a, v: {"planned_on": "2030-01-15"},
    "experience.upload_tracker_file": lambda w, a, v: {"file": (io.BytesIO(TOGGL_EXPORT), "toggl.csv")},
    "experience.import_draft": lambda w, a, v: {"action": "preview"},
    "experience.import_csv": lambda w, a, v: {
        "kind": "projects", "action": "import", "file": (io.BytesIO(projects_csv()), "projects.csv")},
    "mentoring.permissions": lambda w, a, v: {
        f"link{v['link_id']}-csrf_token": "", f"link{v['link_id']}-can_see_experience": "y"},
    "mentoring.capacity": lambda w, a, v: {"capacity": "5"},
    "notifications.save_settings": lambda w, a, v: {"weekly_digest": "y"},
    "mentoring.join": lambda w, a, v: {"code": w.ids["code"]},
    "scenarios.choose": lambda w, a, v: {"move": w.ids["moves"], "choice": w.ids["choice"]},
    "scenarios.draft": lambda w, a, v: {"move": w.ids["moves"], "text": w.ids["answer_text"]},
    "scenarios.assess": lambda w, a, v: {"move": w.ids["moves"], **w.ids["scores"]},
    "scenarios.wait": lambda w, a, v: {"move": w.ids["moves"], "clock": w.ids["clock"]},
    "scenarios.timer_off": lambda w, a, v: {"move": w.ids["moves"]},
    "reviews.ask": lambda w, a, v: {"mentor": w.users[MENTOR_WITH].id},
    "reviews.ask_description": description_review_form,
    "reviews.feedback": lambda w, a, v: {
        "decision": "changes_requested", "overall": "Lead with the impact.", **dict.fromkeys(w.ids["scores"], "0")},
    "reviews.revise": lambda w, a, v: {"text": w.ids["answer_text"], **w.ids["scores"]},
    "verification.confirm": lambda w, a, v: {"answer": "verified"},
}


@cache
def password_hash() -> str:
    """Return one hash of PASSWORD, so that building the world hashes nothing."""
    return generate_password_hash(PASSWORD)


def make_user(session: Any, actor: str) -> User:
    """Create an account straight in the database."""
    user = User(email=f"{actor}@example.org", display_name=actor.replace("_", " ").title(),
                password_hash=password_hash())
    set_roles(user, tuple(ROLES[actor]))
    session.add(user)
    session.flush()
    return user


def walk_to_a_write_task(scenario: Scenario) -> tuple[engine.PlayState, WriteTask] | None:
    """Take the first choice at every decision until a message is asked for; None if none comes."""
    state = engine.start(scenario)
    for _ in range(50):
        node = engine.current_node(scenario, state)
        if isinstance(node, WriteTask):
            return (state, node) if state.history else None
        if not isinstance(node, Node):
            return None
        state = engine.choose(scenario, state, node.choices[0].id)
    return None


def add_play(session: Any, owner: User, secret: str) -> dict[str, Any]:
    """Play the owner past a written answer; return the play's ids and what its forms need."""
    library = loaded().library.scenarios
    scenario, (state, task) = next((library[sid], found) for sid in sorted(library)
                                   if (found := walk_to_a_write_task(library[sid])))
    text = " ".join([secret, *["word"] * task.min_words])
    scores = {criterion.id: len(criterion.levels) - 1 for criterion in task.rubric}
    play = plays.start_play(session, owner, scenario, state)
    plays.record_answer(session, play, task.id, text, scores, engine.is_strong(task, text))
    after = engine.submit_write(scenario, state, text, scores)
    plays.save_state(session, play, scenario, after)
    node = engine.current_node(scenario, after)
    week = next(iter(loaded().library.weeks.values()))  # the shipped content holds at least one week
    first_day = weeks.start_week(session, owner, week, library[week.days[0]], "coached")
    return {"play_id": play.id, "move": 0, "moves": play.moves, "scenario_id": scenario.id, "clock": after.clock,
            "week_id": week.id, "run_id": first_day.week_run_id,
            "answer_id": session.scalars(select(WriteAnswer.id).where(WriteAnswer.play_id == play.id)).one(),
            "choice": node.choices[0].id if isinstance(node, Node) else "none", "answer_text": text,
            "scores": {f"score_{criterion}": str(level) for criterion, level in scores.items()}}


def add_experience(session: Any, owner: User, secret: dict[str, str]) -> dict[str, Any]:
    """Give the owner a project with hours and a verification request, education, a PDU claim and a document."""
    project = Project(user_id=owner.id, **{**PROJECT_ROW, "title": secret["project"]})
    certification = Certification(user_id=owner.id, kind="pmp", cycle_start=date(2025, 1, 15))
    session.add_all([project, certification])
    session.flush()
    upload = store_upload(session, owner, f"{secret['upload']}.png", "image/png", PNG)
    objects = {
        "entry_id": HoursEntry(user_id=owner.id, project_id=project.id, day=date(2025, 4, 12), hours=Decimal("3.5"),
                               activity=secret["entry"], process_groups=["EX"], domains=[]),
        "item_id": Course(user_id=owner.id, title=secret["course"], provider="City College", hours=Decimal(24),
                          start_month=date(2024, 1, 1), end_month=date(2024, 3, 1), certificate=upload),
        "degree_id": AcademicRecord(user_id=owner.id, level="bachelor", institution=secret["degree"]),
        "record_id": PduRecord(user_id=owner.id, certification_id=certification.id, category="power_skills",
                               amount=Decimal("1.5"), earned_on=date(2025, 6, 1), title=secret["pdu"]),
        "document_id": IssuedDocument(user_id=owner.id, kind="transcript", title="Hours transcript",
                                      issued_to=owner.display_name, digest="0" * 64),
        "draft_id": ImportDraft(user_id=owner.id, filename="toggl.csv", data=TOGGL_EXPORT),
        "prepared_id": PreparedDocument(user_id=owner.id, kind="transcript", state="ready", problem="",
                                        pdf=b"%PDF-1.7 kept", created_at=utcnow(), finished_at=utcnow(),
                                        overdue_at=utcnow() + timedelta(minutes=2),
                                        expires_at=utcnow() + timedelta(days=1)),
    }
    session.add_all(objects.values())
    request, token = request_verification(session, project, utcnow())
    session.flush()
    return {"project_id": project.id, "upload_id": upload.id, "request_id": request.id, "token": token,
            **{name: obj.id for name, obj in objects.items()}}


def add_review(session: Any, answer: WriteAnswer, learner: User, mentor: User, state: str) -> int:
    """Send the learner's answer to a mentor for review, in `state`; return the review's id."""
    now = utcnow()
    review = Review(learner_id=learner.id, mentor_id=mentor.id, answer_id=answer.id, state=state, created_at=now,
                    updated_at=now)
    review.revisions.append(ReviewRevision(number=1, text=answer.text, self_scores=dict(answer.self_scores),
                                           created_at=now))
    session.add(review)
    session.flush()
    return review.id


def add_mentors(session: Any, users: dict[str, User], answer_id: int) -> dict[str, Any]:
    """Link the three mentors to the owner, each sent a review: one link shares nothing, one is revoked."""
    owner, answer, links = users[OWNER], session.get(WriteAnswer, answer_id), {}
    for mentor in MENTORS:
        link = MentorLink(learner_id=owner.id, mentor_id=users[mentor].id, created_at=utcnow(),
                          revoked_at=utcnow() if mentor == MENTOR_REVOKED else None,
                          **dict.fromkeys(PERMISSIONS, mentor != MENTOR_WITHOUT))
        session.add(link)
        session.flush()
        links[mentor] = link.id
    reviews = {mentor: add_review(session, answer, owner, users[mentor], "submitted") for mentor in MENTORS}
    reviews["awaiting changes"] = add_review(session, answer, owner, users[MENTOR_WITH], "changes_requested")
    return {"links": links, "reviews": reviews}


def add_notification(session: Any, owner: User, text: str) -> dict[str, Any]:
    """Leave the owner a notification."""
    notification = Notification(user_id=owner.id, kind="review_done", text=text, path="/reviews/")
    session.add(notification)
    session.flush()
    return {"notification_id": notification.id}


def build_world(app: Flask) -> World:
    """Create the accounts and the owner's objects, and remember every row as it stands."""
    marker = uuid.uuid4().hex[:10]
    secret = {kind: f"{kind}-{marker}" for kind in (
        "answer", "project", "entry", "course", "degree", "pdu", "upload", "notification")}
    with app.app_context():
        session = get_session()
        users = {actor: make_user(session, actor) for actor in ACTORS if actor != ANONYMOUS}
        ids = add_play(session, users[OWNER], secret["answer"])
        ids |= add_experience(session, users[OWNER], secret)
        ids |= add_mentors(session, users, ids["answer_id"])
        session.add(Project(user_id=users[OTHER_LEARNER].id, **{**PROJECT_ROW, "title": "Food bank rota"}))
        ids |= add_notification(session, users[OWNER], secret["notification"])
        ids["code"] = create_invitation(session, users[OTHER_LEARNER], utcnow())[1]  # what mentors join with
        logins = {actor: start_login(session, user, remember=False, now=utcnow()) for actor, user in users.items()}
        session.commit()
        for user in users.values():
            session.refresh(user)
            session.expunge(user)
    shared_under = {"answer": "can_see_answers", "notification": "never"}
    secrets = {text: shared_under.get(kind, "can_see_experience") for kind, text in secret.items()}
    world = World(users, ids, {**secrets, ids["document_id"]: "can_see_documents"}, logins=logins)
    world.rows = all_rows(app)
    return world


def all_rows(app: Flask) -> dict[str, list[Row[Any]]]:
    """Return every row of every table."""
    with app.extensions["learnpm.engine"].connect() as connection:
        existing = set(inspect(connection).get_table_names())
        return {table.name: sorted(connection.execute(table.select()).all(), key=repr)
                for table in Base.metadata.sorted_tables if table.name in existing}


def owner_rows(rows: dict[str, list[Row[Any]]], owner_id: int) -> dict[str, list[Row[Any]]]:
    """Return the rows that belong to the owner: theirs, or hanging from theirs through foreign keys."""
    keys: dict[str, set[Any]] = {"users": {owner_id}}
    mine: dict[str, list[Row[Any]]] = {}
    for table in Base.metadata.sorted_tables:
        key = next(iter(table.primary_key.columns)).name
        links = [(fk.parent.name, fk.column.table.name) for fk in table.foreign_keys]
        mine[table.name] = [row for row in rows.get(table.name, []) if (table.name == "users" and row.id == owner_id)
                            or any(row._mapping[column] in keys.get(target, ()) for column, target in links)]
        keys.setdefault(table.name, set()).update(row._mapping[key] for row in mine[table.name])
    return mine


@dataclass
class Site:
    """The app this module tests, with the world as it stands."""

    app: Flask
    world: World


@pytest.fixture(scope="module")
def site(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """Return one app and one world for the whole module; the `world` fixture rebuilds it after a change."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LEARNPM_INSTANCE_PATH", str(tmp_path_factory.mktemp("matrix") / "instance"))
        app = create_app({"TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": "test-secret-key"})
        empty_tables(app)
        yield Site(app, build_world(app))
        empty_tables(app)


@pytest.fixture
def world(site: Site) -> Iterator[World]:
    """Return the world; when a test changed anything in the database, build a fresh one for the next."""
    limiter.reset()
    yield site.world
    wait_for_background()  # a document the request started preparing must be done before the world is rebuilt
    if all_rows(site.app) != site.world.rows:
        empty_tables(site.app)
        site.world = build_world(site.app)


def client_for(app: Flask, world: World, actor: str) -> FlaskClient:
    """Return a test client signed in as `actor` (without the cost of hashing a password)."""
    client = app.test_client()
    if actor != ANONYMOUS:
        with client.session_transaction() as session:
            session["_user_id"] = world.logins[actor]
            session["_fresh"] = True
    return client


def url_of(app: Flask, endpoint: str, method: str, values: dict[str, Any]) -> str:
    """Return the URL of the endpoint's rule for `method` with the most arguments, filled from `values`."""
    rule = max((r for r in app.url_map.iter_rules(endpoint) if method in r.methods), key=lambda r: len(r.arguments))
    return re.sub(r"<(?:[^<>:]+:)?([^<>]+)>", lambda match: str(values[match[1]]), rule.rule)


def request_as(app: Flask, world: World, actor: str, endpoint: str, method: str, empty_form: bool = False,
               objects_of: str | None = None) -> Any:
    """Send the endpoint's request as `actor` (on the link or review of `objects_of`), with a CSRF token on a POST."""
    route = ROUTES[endpoint]
    client, values = client_for(app, world, actor), world.url_values(objects_of or actor, route)
    url = url_of(app, endpoint, method, values)
    if method == "GET":
        response = client.get(url)
    else:
        form = {} if empty_form else FORMS.get(endpoint, lambda w, a, v: {})(world, actor, values)
        token = csrf_token(client, "/login" if actor == ANONYMOUS else "/account/")
        data = {name: token if name.endswith("csrf_token") else value for name, value in form.items()}
        response = client.post(url, data={"csrf_token": token, **data})
    response.get_data()
    response.close()  # a file sent from disk stays open until closed
    return url, response


def expected(route: Route, method: str, actor: str) -> int | str:
    """Return what the actor should get: a status, LOGIN_PAGE or OWN_DATA."""
    if route.access in (PUBLIC, TOKEN):
        return route.success(method) if actor == ANONYMOUS or route.signed_in is None else route.signed_in
    if actor == ANONYMOUS:
        return LOGIN_PAGE
    if route.roles and not ROLES[actor] & set(route.roles):
        return 403
    if route.access == ROLE or (route.access == LOGIN and actor == OWNER):
        return route.success(method)
    if route.access == LOGIN:
        return OWN_DATA
    if actor == OWNER:
        return route.success(method) if route.owner_allowed else 404
    link_is_enough = actor == MENTOR_WITHOUT and not route.permission
    return route.success(method) if route.access == MENTOR_SEES and (actor == MENTOR_WITH or link_is_enough) else 404


def is_login_redirect(response: Any) -> bool:
    """Tell whether the response sends the visitor to the login page."""
    return response.status_code == 302 and urlsplit(response.headers.get("Location", "")).path == "/login"


def check_status(response: Any, outcome: int | str, what: str) -> None:
    """Assert the response is the expected outcome."""
    status = response.status_code
    if outcome == LOGIN_PAGE:
        assert is_login_redirect(response), f"{what}: expected a redirect to the login page, got {status}"
    elif outcome == OWN_DATA:
        assert status in OWN_DATA_STATUSES and not is_login_redirect(response), (
            f"{what}: a signed-in user on their own data should succeed or see a form error, got {status}")
    else:
        denied = outcome in (403, 404) and status < 400
        assert status == outcome and not is_login_redirect(response), (
            f"{what}: expected {outcome}, got {status}" + (" - AUTHORIZATION BUG: not refused" if denied else ""))


# (endpoint, method, actor) -> why the case fails today; each is a bug in a view, reported to be fixed there.
KNOWN_BUGS: dict[tuple[str, str, str], str] = {}


def cases() -> Iterator[Any]:
    """Yield a case per endpoint, method and actor, and an empty-form case per refused POST on an object."""
    for endpoint, route in ROUTES.items():
        for method in route.methods:
            for actor in ACTORS:
                marks = [pytest.mark.xfail(strict=True, reason=KNOWN_BUGS[endpoint, method, actor])] if (
                    endpoint, method, actor) in KNOWN_BUGS else []
                yield pytest.param(endpoint, method, actor, False, marks=marks, id=f"{endpoint}-{method}-{actor}")
                if method == "POST" and route.obj and expected(route, method, actor) in (403, 404):
                    yield pytest.param(endpoint, method, actor, True, marks=marks,
                                       id=f"{endpoint}-{method}-{actor}-empty-form")


def held_permissions(route: Route, actor: str) -> set[str]:
    """Return what the actor's link shares: the mentor without the route's permission holds every other one."""
    if actor == MENTOR_WITH:
        return set(PERMISSIONS)
    if actor == MENTOR_WITHOUT and route.access == MENTOR_SEES and route.permission:
        return set(PERMISSIONS) - {route.permission}
    return set()


def share(app: Flask, link_id: int, permissions: set[str]) -> None:
    """Make a link share exactly `permissions`."""
    with app.app_context():
        link = get_session().get(MentorLink, link_id)
        for name in PERMISSIONS:
            setattr(link, name, name in permissions)
        get_session().commit()


def check_nothing_unshared(body: bytes, url: str, world: World, held: set[str], what: str) -> None:
    """Assert the body holds none of the owner's data the actor's link does not share (bar what the URL names)."""
    leaked = [text for text, permission in world.secrets.items()
              if permission not in held and text.encode() in body and text not in url]
    assert not leaked, f"{what}: AUTHORIZATION BUG: the page shows the owner's {leaked}"


@pytest.mark.parametrize(("endpoint", "method", "actor", "empty_form"), list(cases()))
def test_each_actor_gets_what_the_route_allows(site: Site, world: World, endpoint: str, method: str, actor: str,
                                               empty_form: bool) -> None:
    route, outcome, owner_id = ROUTES[endpoint], expected(ROUTES[endpoint], method, actor), world.users[OWNER].id
    held = held_permissions(route, actor)
    if actor == MENTOR_WITHOUT and held:
        share(site.app, world.ids["links"][MENTOR_WITHOUT], held)
    before = owner_rows(all_rows(site.app), owner_id)
    url, response = request_as(site.app, world, actor, endpoint, method, empty_form)
    what = f"{method} {url} as {actor}{' with an empty form' if empty_form else ''}"
    check_status(response, outcome, what)
    if actor == OWNER:
        return
    refused = outcome in (LOGIN_PAGE, 403, 404)
    if route.access != TOKEN and (refused or route.access != MENTOR_SEES):
        assert owner_rows(all_rows(site.app), owner_id) == before, f"{what}: AUTHORIZATION BUG: owner's data changed"
    if route.access not in (PUBLIC, TOKEN):
        check_nothing_unshared(response.get_data(), url, world, held, what)
    if route.shared_markers and not refused:
        shown = [marker for marker in route.shared_markers if marker.encode() in response.get_data()]
        assert shown == (list(route.shared_markers) if actor == MENTOR_WITH else []), (
            f"{what}: shows {shown} of what only a permitted mentor sees")


@pytest.mark.parametrize(("endpoint", "method", "actor"), [
    pytest.param(endpoint, method, actor, id=f"{endpoint}-{method}-{actor}")
    for endpoint, route in ROUTES.items() if route.access == MENTOR_SEES
    for method in route.methods for actor in (MENTOR_WITHOUT, MENTOR_REVOKED)])
def test_a_mentor_cannot_go_through_another_mentors_link_or_review(site: Site, world: World, endpoint: str,
                                                                  method: str, actor: str) -> None:
    url, response = request_as(site.app, world, actor, endpoint, method, objects_of=MENTOR_WITH)
    assert response.status_code == 404, f"{method} {url} as {actor}: AUTHORIZATION BUG: got {response.status_code}"
    assert all_rows(site.app) == world.rows, f"{method} {url} as {actor}: AUTHORIZATION BUG: data changed"


# What a mentor must be allowed to see before a learner can send them work to review.
SENT_FOR_REVIEW = {"reviews.ask": "can_see_answers", "reviews.ask_description": "can_see_experience"}


@pytest.mark.parametrize("recipient", [MENTOR_WITHOUT, MENTOR_REVOKED, OTHER_LEARNER])
@pytest.mark.parametrize("endpoint", SENT_FOR_REVIEW)
def test_work_goes_for_review_only_to_a_mentor_it_is_shared_with(site: Site, world: World, endpoint: str,
                                                                 recipient: str) -> None:
    share(site.app, world.ids["links"][MENTOR_WITHOUT], set(PERMISSIONS) - {SENT_FOR_REVIEW[endpoint]})
    before = all_rows(site.app)["reviews"]
    client = client_for(site.app, world, OWNER)
    url = url_of(site.app, endpoint, "POST", world.url_values(OWNER, ROUTES[endpoint]))
    form = {**FORMS[endpoint](world, OWNER, {}), "mentor": world.users[recipient].id}
    response = client.post(url, data={"csrf_token": csrf_token(client, "/account/"), **form})
    assert response.status_code in (404, 422), f"POST {url} to {recipient}: got {response.status_code}"
    assert all_rows(site.app)["reviews"] == before, f"POST {url}: AUTHORIZATION BUG: sent to {recipient}"


def test_every_route_is_classified(site: Site) -> None:
    site_methods: dict[str, set[str]] = {}
    for rule in site.app.url_map.iter_rules():
        site_methods.setdefault(rule.endpoint, set()).update(rule.methods - {"HEAD", "OPTIONS"})
    missing = sorted(set(site_methods) - set(ROUTES))
    assert not missing, f"classify these routes in ROUTES (one line each), then run this file: {missing}"
    stale = sorted(set(ROUTES) - set(site_methods))
    assert not stale, f"ROUTES names endpoints the site no longer has: {stale}"
    differ = {name: sorted(methods) for name, methods in site_methods.items()
              if {*ROUTES[name].methods, *ROUTES[name].elsewhere} != methods}
    assert not differ, f"ROUTES tests other methods than these routes answer: {differ}"
