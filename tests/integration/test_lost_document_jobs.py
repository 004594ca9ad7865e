"""A document whose job the queue lost (Redis restarted empty, the worker's work horse killed mid-render) is started
again once, by the schedule or by its own progress page, and never issued twice; lost twice, it says it failed.
"""

from __future__ import annotations

import io
import os
import signal
import time
from datetime import timedelta
from pathlib import Path

import pytest
import redis
from pypdf import PdfReader
from sqlalchemy import select, update

from learnpm.clock import utcnow
from learnpm.documents.issued_files import PreparedDocument, ask_for
from learnpm.documents.jobs import prepare_document
from learnpm.documents.models import IssuedDocument
from learnpm.documents.render.pool import RenderLimits
from learnpm.jobs.schedule import tick
from tests.integration.support import add_long_log, add_project_row, wait_for
from tests.support import AuthActions


@pytest.fixture
def app_config(redis_url) -> dict:
    return {"QUEUE_URL": redis_url, "PDF_RENDER_SECONDS": 60, "PDF_WAIT_SECONDS": 30, "SCHEDULE_SECONDS": 0,
            "BASE_URL": "https://learnpm.example.org/"}


@pytest.fixture
def owner(app, make_user, client):
    """A learner with a project (so that the report has content), logged in on `client`."""
    user = make_user()
    with app.extensions["learnpm.sessionmaker"]() as session:
        add_project_row(session, user.id)
        session.commit()
    assert AuthActions(client).login(user.email).status_code == 302
    return user


def ask(client, kind: str = "readiness") -> str:
    from tests.support import csrf_token

    response = client.post(f"/documents/{kind}/prepare", data={"csrf_token": csrf_token(client, "/documents/")})
    assert response.status_code == 303
    return response.headers["Location"]


def the_request(app) -> PreparedDocument:
    with app.extensions["learnpm.sessionmaker"]() as session:
        [prepared] = session.scalars(select(PreparedDocument)).all()
        session.expunge(prepared)
        return prepared


def issued(app) -> list[IssuedDocument]:
    with app.extensions["learnpm.sessionmaker"]() as session:
        return list(session.scalars(select(IssuedDocument)))


def age_requests(app, seconds: float = 10) -> None:
    """Make the requests older than the moment between their commit and their enqueue."""
    with app.extensions["learnpm.sessionmaker"]() as session:
        for prepared in session.scalars(select(PreparedDocument)):
            prepared.created_at = prepared.created_at - timedelta(seconds=seconds)
        session.commit()


def restart_redis_empty(redis_url: str) -> None:
    """Do to the queue what a Redis restarted without its data does: forget every job."""
    redis.Redis.from_url(redis_url).flushall()


def page_of(client, progress: str) -> str:
    return client.get(progress).get_data(as_text=True)


@pytest.mark.parametrize("finder", ["progress page", "schedule"])
def test_a_document_whose_job_redis_forgot_is_started_again_and_issued_once(
        app, client, owner, redis_url, start_worker, finder):
    progress = ask(client)
    restart_redis_empty(redis_url)
    age_requests(app)
    start_worker("--no-scheduler")
    time.sleep(1)
    assert the_request(app).state == "waiting"  # the worker had nothing to take

    if finder == "schedule":
        tick(app, utcnow(), sweep_mail=True)
    wait_for(lambda: "Your document is ready" in page_of(client, progress), "the document started again")
    assert the_request(app).attempts == 2
    assert len(issued(app)) == 1
    download = client.get(progress + "/file")
    assert "Readiness report" in PdfReader(io.BytesIO(download.data)).pages[0].extract_text()


def test_a_document_lost_twice_says_it_was_not_made_and_issues_nothing(app, client, owner, redis_url):
    progress = ask(client)
    restart_redis_empty(redis_url)
    age_requests(app)
    assert "Being prepared" in page_of(client, progress)  # started again: waiting for a worker
    assert the_request(app).attempts == 2
    restart_redis_empty(redis_url)
    page = page_of(client, progress)
    assert "Not prepared" in page and "could not be prepared. Nothing was issued" in page
    assert the_request(app).state == "failed" and issued(app) == []


def test_a_lost_document_past_its_deadline_is_reported_rather_than_started(app, client, owner, redis_url):
    progress = ask(client)
    restart_redis_empty(redis_url)
    with app.extensions["learnpm.sessionmaker"]() as session:
        session.execute(update(PreparedDocument).values(created_at=utcnow() - timedelta(minutes=5),
                                                        overdue_at=utcnow() - timedelta(seconds=1)))
        session.commit()
    tick(app, utcnow(), sweep_mail=True)
    assert the_request(app).state == "failed" and the_request(app).attempts == 1
    assert "could not be prepared" in page_of(client, progress)


def children_of(pid: int) -> list[int]:
    """Return the processes whose parent is `pid` (Linux)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def test_a_render_whose_worker_died_is_started_again_once_and_issued_once(app, client, owner, start_worker):
    with app.extensions["learnpm.sessionmaker"]() as session:  # a long transcript: seconds of layout
        add_long_log(session, owner.id)
        session.commit()
    worker = start_worker("--no-scheduler")
    progress = ask(client, "transcript")
    wait_for(lambda: the_request(app).state == "rendering", "the start of the render")
    wait_for(lambda: children_of(worker.pid) != [], "the work horse")
    for horse in children_of(worker.pid):  # as the kernel's OOM killer would
        os.kill(horse, signal.SIGKILL)
    age_requests(app)

    wait_for(lambda: the_request(app).attempts == 2 or "ready" in page_of(client, progress),
             "the render started again", seconds=60)
    wait_for(lambda: "Your document is ready" in page_of(client, progress), "the document", seconds=120)
    assert the_request(app).attempts == 2
    assert len(issued(app)) == 1


def test_a_job_of_an_attempt_taken_over_renders_nothing(app, owner):
    app.config["QUEUE_URL"] = ""  # the job runs here, called as the worker would call it
    with app.extensions["learnpm.sessionmaker"]() as session:
        prepared = ask_for(session, owner.id, "readiness", (None, None), utcnow(), RenderLimits.from_config(app.config))
        prepared.attempts = 2  # the sweep found the first job lost and started a second
        session.commit()
        prepared_id = prepared.id
    with app.app_context():
        assert prepare_document(prepared_id, "https://learnpm.example.org/", 1) == "nothing to do"
        assert prepare_document(prepared_id, "https://learnpm.example.org/", 2) == "ready"
        assert prepare_document(prepared_id, "https://learnpm.example.org/", 2) == "nothing to do"
    assert len(issued(app)) == 1 and the_request(app).state == "ready"


def test_a_download_no_worker_took_in_time_is_asked_to_come_back_and_issues_nothing(app, client, owner):
    app.config.update(PDF_WAIT_SECONDS=1, PDF_RENDER_SECONDS=1)  # no worker runs: Redis drops the job after 1 s
    from tests.support import csrf_token

    started = time.monotonic()
    answer = client.post("/documents/readiness", data={"csrf_token": csrf_token(client, "/documents/")})
    assert answer.status_code == 303 and time.monotonic() - started < 20
    page = client.get(answer.headers["Location"]).get_data(as_text=True)
    assert "Many documents are being prepared right now. Please try again in a minute." in page
    assert issued(app) == []
