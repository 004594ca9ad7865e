"""Background work on a real queue: a Redis server and `learnpm worker` processes, as a fleet of servers runs it.

The web side (the test's app) only enqueues; what the worker does is seen where a user would see it: the mail
reaches the outbox folder, a render past its deadline is refused, a digest arrives once.
"""

from __future__ import annotations

import io
import re
import time
from datetime import timedelta
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, build_opener, urlopen

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from learnpm.clock import utcnow
from learnpm.db import get_session
from learnpm.documents.jobs import render_document_pdf
from learnpm.documents.models import IssuedDocument
from learnpm.documents.render.pool import RenderTooLong
from learnpm.mail.models import OutgoingMail
from learnpm.mail.queries import queue_mail
from learnpm.notifications.models import Notification, NotificationSettings
from tests.integration.support import add_long_log, add_project_row, learnpm_process, wait_for
from tests.support import PASSWORD, free_port, mails_in

SMALL = "<html lang='en'><head><title>Small</title></head><body><p>A short document.</p></body></html>"
# Hundreds of pages: many seconds of work, far beyond the one-second deadline below.
LARGE = ("<html lang='en'><head><title>Large</title></head><body>"
         + "<p>A paragraph that keeps the renderer busy for a while, line after line.</p>" * 20_000 + "</body></html>")


@pytest.fixture(params=["embedded", "queue"])
def mode(request) -> str:
    return request.param


@pytest.fixture
def app_config(request, tmp_path) -> dict:
    """Queue mode wherever the test asks for Redis (all tests here but the embedded half of the deadline test)."""
    embedded = "mode" in request.fixturenames and request.getfixturevalue("mode") == "embedded"
    queue_url = "" if embedded else request.getfixturevalue("redis_url")
    return {"QUEUE_URL": queue_url, "PDF_RENDER_SECONDS": 1, "PDF_WAIT_SECONDS": 30, "SCHEDULE_SECONDS": 0,
            "BASE_URL": "https://learnpm.example.org/"}


def sent_count(app) -> int:
    with app.extensions["learnpm.sessionmaker"]() as session:
        return len(session.scalars(select(OutgoingMail).where(OutgoingMail.sent_at.is_not(None))).all())


def test_mail_enqueued_before_the_worker_starts_is_delivered_once_it_starts(app, start_worker):
    outbox = Path(app.instance_path) / "outbox"
    with app.app_context():
        queue_mail(get_session(), "learner@example.org", "Your week", "Three things wait for you.")
        get_session().commit()  # the web side enqueues the delivery and goes on: nothing is sent from here
    time.sleep(0.5)
    assert mails_in(outbox) == [] and sent_count(app) == 0

    start_worker("--no-scheduler")
    wait_for(lambda: sent_count(app) == 1, "the delivery of the queued message")
    [message] = mails_in(outbox)
    assert message["To"] == "learner@example.org" and message["Subject"] == "Your week"


def test_a_render_past_its_deadline_is_stopped_and_the_next_one_is_served(app, mode, start_worker):
    if mode == "queue":
        start_worker("--no-scheduler")
    with app.app_context():
        started = time.monotonic()
        with pytest.raises(RenderTooLong):
            render_document_pdf(LARGE)
        assert time.monotonic() - started < 25, "the caller was kept waiting long after the deadline"
        pdf = render_document_pdf(SMALL)  # on the worker: the horse that overran was stopped, the worker serves on
    assert "A short document." in PdfReader(io.BytesIO(pdf.data)).pages[0].extract_text()


def test_with_the_queue_unreachable_the_message_waits_in_the_outbox_and_the_change_is_kept(app):
    app.config["QUEUE_URL"] = "redis://127.0.0.1:9/0"  # nothing listens on the discard port
    with app.app_context():
        queue_mail(get_session(), "learner@example.org", "Kept", "This waits for a worker.")
        get_session().commit()
    with app.extensions["learnpm.sessionmaker"]() as session:
        [mail] = session.scalars(select(OutgoingMail)).all()
        assert mail.subject == "Kept" and mail.sent_at is None  # the next sweep of a worker sends it


def subscribe_with_news(app, make_user, count: int) -> list[str]:
    """Create `count` learners who want the digest and have one unread notification each; return their emails."""
    emails = []
    with app.extensions["learnpm.sessionmaker"]() as session:
        for _ in range(count):
            user = make_user()
            session.add_all([NotificationSettings(user_id=user.id, email_each=False, weekly_digest=True),
                             Notification(user_id=user.id, kind="review_done", text="Meg signed off your answer.",
                                          path="/reviews/7", created_at=utcnow() - timedelta(days=1))])
            emails.append(user.email)
        session.commit()
    return emails


def test_two_schedulers_started_by_mistake_send_each_digest_once(app, make_user, start_worker, tmp_path):
    emails = subscribe_with_news(app, make_user, 3)
    start_worker("--no-scheduler")
    schedulers = [learnpm_process(app, tmp_path / f"schedule-{n}.log", "schedule", "--once") for n in range(2)]
    for process in schedulers:
        assert process.wait(timeout=120) == 0
    outbox = Path(app.instance_path) / "outbox"
    wait_for(lambda: len(mails_in(outbox)) >= 3, "the delivery of the digests")
    time.sleep(2)  # a second digest, if one had been queued, would have arrived by now
    recipients = sorted(message["To"] for message in mails_in(outbox))
    assert recipients == sorted(emails)


def test_a_worker_and_a_scheduler_together_deliver_what_the_schedule_starts(app, make_user, start_worker):
    [email] = subscribe_with_news(app, make_user, 1)
    start_worker()  # with its own scheduler, which looks at the schedule as soon as it starts
    outbox = Path(app.instance_path) / "outbox"
    wait_for(lambda: len(mails_in(outbox)) == 1, "the weekly digest", seconds=90)
    [digest] = mails_in(outbox)
    assert digest["To"] == email and "1 waiting for you" in digest["Subject"]


def test_a_worker_without_a_queue_says_what_to_set(app, tmp_path):
    app.config["QUEUE_URL"] = ""
    process = learnpm_process(app, tmp_path / "worker.log", "worker")
    assert process.wait(timeout=60) == 1
    assert "set LEARNPM_QUEUE_URL" in (tmp_path / "worker.log").read_text()



def log_in(client, email: str):
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)[1]
    return client.post("/login", data={"csrf_token": token, "email": email, "password": PASSWORD})


def ask_for_a_document(client, kind: str = "readiness") -> str:
    """Press "Prepare it in the background" for `kind`; return the address of its progress page."""
    page = client.get("/documents/").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)[1]
    response = client.post(f"/documents/{kind}/prepare", data={"csrf_token": token})
    assert response.status_code == 303
    return response.headers["Location"]


def test_a_document_asked_for_before_the_worker_starts_is_ready_once_it_has(app, make_user, start_worker):
    app.config["PDF_RENDER_SECONDS"] = 60
    user = make_user()
    with app.extensions["learnpm.sessionmaker"]() as session:  # a report with something in it
        add_project_row(session, user.id)
        session.commit()
    client = app.test_client()
    assert log_in(client, user.email).status_code == 302
    progress = ask_for_a_document(client)
    page = client.get(progress).get_data(as_text=True)
    assert "Waiting for a free renderer" in page and 'http-equiv="refresh"' in page

    start_worker("--no-scheduler")
    wait_for(lambda: "Your document is ready" in client.get(progress).get_data(as_text=True), "the prepared document")
    download = client.get(progress + "/file")
    assert download.mimetype == "application/pdf"
    assert "Readiness report" in PdfReader(io.BytesIO(download.data)).pages[0].extract_text()


def test_a_document_past_its_deadline_on_the_worker_says_so_and_issues_nothing(app, make_user, start_worker):
    # RQ counts whole seconds: the job is stopped after one, whatever the transcript's pages
    app.config.update(PDF_RENDER_SECONDS=0.001, PDF_RENDER_SECONDS_PER_PAGE=0)
    user = make_user()
    client = app.test_client()
    assert log_in(client, user.email).status_code == 302
    with app.extensions["learnpm.sessionmaker"]() as session:  # a big transcript: seconds of work
        add_long_log(session, user.id)
        session.commit()
    start_worker("--no-scheduler")
    progress = ask_for_a_document(client, "transcript")
    wait_for(lambda: "Not prepared" in client.get(progress).get_data(as_text=True), "the refusal of the render")
    assert "could not be prepared. Nothing was issued" in client.get(progress).get_data(as_text=True)
    with app.extensions["learnpm.sessionmaker"]() as session:
        assert session.scalars(select(IssuedDocument)).all() == []


def test_a_served_site_with_a_queue_only_enqueues_and_the_worker_sends(app, make_user, start_worker, tmp_path):
    user = make_user()
    port = free_port()
    server = learnpm_process(app, tmp_path / "serve.log", "serve", "--port", str(port), "--workers", "1",
                             "--no-migrate")
    try:
        wait_for(lambda: answers(port), "learnpm serve", seconds=90)
        browser = build_opener(HTTPCookieProcessor(CookieJar()))
        page = browser.open(f"http://127.0.0.1:{port}/forgot-password", timeout=30).read().decode()
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)[1]
        answer = browser.open(f"http://127.0.0.1:{port}/forgot-password", timeout=30,
                              data=urlencode({"csrf_token": token, "email": user.email}).encode())
        assert answer.status == 200
        time.sleep(2)  # a server that sent mail itself would have done it by now
        assert sent_count(app) == 0 and mails_in(Path(app.instance_path) / "outbox") == []
        start_worker()
        wait_for(lambda: sent_count(app) == 1, "the reset mail")
        [message] = mails_in(Path(app.instance_path) / "outbox")
        assert message["To"] == user.email
    finally:
        server.terminate()
        server.wait(timeout=30)


def answers(port: int) -> bool:
    try:
        return urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5).status == 200
    except OSError:
        return False
