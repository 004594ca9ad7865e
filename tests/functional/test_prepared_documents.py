"""Documents prepared in the background (on this server's threads here; on a queue worker in the integration
tests): the request returns at once to a page that shows the progress, then offers the download, kept for a day."""

from __future__ import annotations

import sys
from datetime import timedelta

from sqlalchemy import select

from learnpm.clock import aware, utcnow
from learnpm.documents.core.length import pages_for
from learnpm.documents.issued_files import REPORT_SLACK, PreparedDocument
from learnpm.documents.jobs import BUSY, prepare_document
from learnpm.documents.models import IssuedDocument
from learnpm.jobs import schedule
from learnpm.jobs.runner import wait_for_background
from tests.functional.support import add_entry, add_project, pdf_text
from tests.support import csrf_token


def ask_for(client, kind: str = "application", **period: str):
    """Press "Prepare it in the background" on the documents page."""
    data = {"csrf_token": csrf_token(client, "/documents/"), **period}
    return client.post(f"/documents/{kind}/prepare", data=data)


def issued(session) -> list[IssuedDocument]:
    session.expire_all()
    return list(session.scalars(select(IssuedDocument)))


def test_asking_returns_at_once_to_a_page_that_offers_the_download_when_it_is_ready(client, logged_in, session):
    add_entry(client, add_project(client))
    response = ask_for(client)
    assert response.status_code == 303 and "/documents/prepared/" in response.headers["Location"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Being prepared" in page or "Your document is ready" in page

    wait_for_background()
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Your document is ready" in page and 'http-equiv="refresh"' not in page
    [document] = issued(session)
    assert document.id in page
    download = client.get(response.headers["Location"] + "/file")
    assert download.mimetype == "application/pdf" and download.headers["X-Document-Id"] == document.id
    assert "PMP application worksheet" in pdf_text(download.data)

    listing = client.get("/documents/prepared/").get_data(as_text=True)
    assert "PMP application worksheet" in listing and "Download" in listing
    assert client.get(response.headers["Location"] + "/file").data == download.data  # again, the same file
    assert len(issued(session)) == 1


def test_while_it_waits_the_page_refreshes_itself_and_shows_how_far_it_is(app, client, logged_in, session):
    prepared = PreparedDocument(user_id=logged_in.id, kind="transcript", state="rendering", problem="",
                                created_at=utcnow(), overdue_at=utcnow() + timedelta(minutes=2))
    session.add(prepared)
    session.commit()
    page = client.get(f"/documents/prepared/{prepared.id}").get_data(as_text=True)
    assert '<meta http-equiv="refresh" content="2">' in page
    assert '<progress id="document-progress" max="3" value="2">' in page and "Laying out the pages" in page


def test_a_render_past_its_deadline_says_so_and_issues_nothing(app, client, logged_in, session):
    add_project(client)
    # any real render takes longer than a millisecond, whatever its pages
    app.config.update(PDF_RENDER_SECONDS=0.001, PDF_RENDER_SECONDS_PER_PAGE=0)
    location = ask_for(client).headers["Location"]
    wait_for_background()
    page = client.get(location).get_data(as_text=True)
    assert "could not be prepared. Nothing was issued" in page and 'http-equiv="refresh"' not in page
    assert issued(session) == []
    assert client.get(location + "/file").status_code == 404


def test_a_transcript_may_render_for_as_long_as_its_pages_take_and_its_request_waits_as_long(app, client, logged_in,
                                                                                             session):
    add_entry(client, add_project(client))
    # A millisecond alone stops any render; thirty seconds a page lets this one end.
    app.config.update(PDF_WAIT_SECONDS=20, PDF_RENDER_SECONDS=0.001, PDF_RENDER_SECONDS_PER_PAGE=30)
    location = ask_for(client, "transcript").headers["Location"]
    prepared = session.scalar(select(PreparedDocument).where(PreparedDocument.kind == "transcript"))
    overdue_in = aware(prepared.overdue_at) - aware(prepared.created_at)
    assert overdue_in == timedelta(seconds=20 + pages_for(1) * 30) + REPORT_SLACK
    wait_for_background()
    assert "Your document is ready" in client.get(location).get_data(as_text=True)
    assert [document.kind for document in issued(session)] == ["transcript"]

    location = ask_for(client, "application").headers["Location"]  # its pages are not counted: the shortest deadline
    wait_for_background()
    assert "could not be prepared. Nothing was issued" in client.get(location).get_data(as_text=True)
    assert [document.kind for document in issued(session)] == ["transcript"]


def test_a_render_that_never_reported_back_is_shown_overdue_and_issues_nothing(app, client, logged_in, session):
    prepared = PreparedDocument(user_id=logged_in.id, kind="transcript", state="waiting", problem="",
                                created_at=utcnow() - timedelta(minutes=5), overdue_at=utcnow() - timedelta(minutes=1))
    session.add(prepared)
    session.commit()
    page = client.get(f"/documents/prepared/{prepared.id}").get_data(as_text=True)
    assert "taking far longer than it should. Nothing was issued" in page and 'http-equiv="refresh"' not in page
    assert "Not prepared: nothing was issued" in client.get("/documents/prepared/").get_data(as_text=True)


def test_a_malformed_period_is_explained_and_nothing_is_asked_for(client, logged_in, session):
    response = ask_for(client, "transcript", **{"from": "2025-06", "to": "2025-01"})
    assert response.status_code == 303 and response.headers["Location"].endswith("/documents/")
    assert "the first before the last" in client.get("/documents/").get_data(as_text=True)
    assert session.scalars(select(PreparedDocument)).all() == []


def test_a_kept_file_is_deleted_by_the_schedule_once_its_day_is_over(app, client, logged_in, session):
    prepared = PreparedDocument(user_id=logged_in.id, kind="transcript", state="ready", problem="", pdf=b"%PDF-",
                                created_at=utcnow() - timedelta(days=2), overdue_at=utcnow() - timedelta(days=2),
                                finished_at=utcnow() - timedelta(days=2), expires_at=utcnow() - timedelta(days=1))
    session.add(prepared)
    session.commit()
    kept_id = prepared.id
    with app.app_context():
        assert "documents.cleanup" in schedule.tick(app, utcnow())
    session.expire_all()
    assert session.get(PreparedDocument, kept_id) is None
    assert client.get(f"/documents/prepared/{kept_id}/file").status_code == 404


def test_with_script_the_page_asks_for_the_status_and_without_it_refreshes_itself(client, logged_in, session):
    prepared = PreparedDocument(user_id=logged_in.id, kind="transcript", state="waiting", problem="",
                                created_at=utcnow(), overdue_at=utcnow() + timedelta(minutes=2))
    session.add(prepared)
    session.commit()
    page = client.get(f"/documents/prepared/{prepared.id}").get_data(as_text=True)
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in page
    assert f'data-status-url="/documents/prepared/{prepared.id}/status"' in page and "js/progress.js" in page

    status = client.get(f"/documents/prepared/{prepared.id}/status").get_json()
    assert status == {"state": "waiting", "step": 1, "steps": 3, "words": "Waiting for a free renderer",
                      "finished": False}
    prepared.state = "rendering"
    session.commit()
    status = client.get(f"/documents/prepared/{prepared.id}/status").get_json()
    assert status["step"] == 2 and status["words"] == "Laying out the pages" and not status["finished"]


def test_the_status_says_finished_once_ready_failed_or_overdue(client, logged_in, session):
    rows = {"ready": PreparedDocument(user_id=logged_in.id, kind="transcript", state="ready", problem="",
                                      created_at=utcnow(), overdue_at=utcnow() + timedelta(minutes=2),
                                      finished_at=utcnow(), expires_at=utcnow() + timedelta(days=1)),
            "failed": PreparedDocument(user_id=logged_in.id, kind="transcript", state="failed", problem="Too long",
                                       created_at=utcnow(), overdue_at=utcnow() + timedelta(minutes=2)),
            "overdue": PreparedDocument(user_id=logged_in.id, kind="transcript", state="waiting", problem="",
                                        created_at=utcnow() - timedelta(minutes=5),
                                        overdue_at=utcnow() - timedelta(minutes=1))}
    session.add_all(rows.values())
    session.commit()
    for state, prepared in rows.items():
        status = client.get(f"/documents/prepared/{prepared.id}/status").get_json()
        assert status["state"] == state and status["finished"] is True
        page = client.get(f"/documents/prepared/{prepared.id}").get_data(as_text=True)
        assert "data-status-url" not in page and "js/progress.js" not in page


def test_the_progress_needs_no_queue_library_on_a_site_without_a_queue(client, logged_in, session, monkeypatch):
    # `pip install learnpm` brings no Redis client: the progress page of the one-machine site must not ask for one.
    for module in ("redis", "redis.exceptions", "rq", "rq.job", "rq.exceptions"):
        monkeypatch.setitem(sys.modules, module, None)  # importing any of them now fails
    prepared = PreparedDocument(user_id=logged_in.id, kind="transcript", state="rendering", problem="",
                                created_at=utcnow() - timedelta(minutes=1), overdue_at=utcnow() + timedelta(minutes=2))
    session.add(prepared)
    session.commit()
    assert "Laying out the pages" in client.get(f"/documents/prepared/{prepared.id}").get_data(as_text=True)
    assert client.get(f"/documents/prepared/{prepared.id}/status").get_json()["state"] == "rendering"


def renderers_taken(monkeypatch, asks_refused: int | None = None) -> list[str]:
    """Have every renderer taken for the first `asks_refused` asks (for good when None); return the asks made."""
    from learnpm.documents import issue
    from learnpm.documents.render.pool import RendererBusy

    real, asked = issue.render_document_pdf, []

    def render(html, limits=None):
        asked.append(html)
        if asks_refused is None or len(asked) <= asks_refused:
            raise RendererBusy()
        return real(html, limits)

    monkeypatch.setattr(issue, "render_document_pdf", render)
    return asked


def test_a_document_left_to_prepare_waits_again_for_a_renderer_rather_than_failing(app, client, logged_in, session,
                                                                                   monkeypatch):
    asked = renderers_taken(monkeypatch, asks_refused=1)  # every renderer is taken the first time, one is free next
    add_entry(client, add_project(client))
    location = ask_for(client).headers["Location"]
    wait_for_background()
    page = client.get(location).get_data(as_text=True)
    assert "Your document is ready" in page and "Please try again" not in page
    assert len(asked) == 2 and len(issued(session)) == 1


def test_a_document_whose_renderers_stay_taken_says_to_come_back_and_issues_nothing(app, client, logged_in, session,
                                                                                    monkeypatch):
    asked = renderers_taken(monkeypatch)
    add_project(client)
    location = ask_for(client).headers["Location"]
    wait_for_background()
    page = client.get(location).get_data(as_text=True)
    assert "Many documents are being prepared right now. Please try again in a minute." in page
    assert len(asked) == 2 and issued(session) == []


def test_a_document_waits_again_only_while_a_render_would_still_end_in_its_time(app, client, logged_in, session,
                                                                                monkeypatch):
    asked = renderers_taken(monkeypatch)
    add_entry(client, add_project(client))
    prepared = PreparedDocument(user_id=logged_in.id, kind="transcript", state="waiting", attempts=1, problem="",
                                created_at=utcnow(), overdue_at=utcnow() + timedelta(seconds=60))
    session.add(prepared)
    session.commit()
    app.config.update(PDF_WAIT_SECONDS=20, PDF_RENDER_SECONDS=60)  # a wait and a render: past the request's time
    with app.app_context():
        assert prepare_document(prepared.id, "https://learnpm.example.org/") == BUSY
    assert len(asked) == 1
    assert "Please try again in a minute" in client.get(f"/documents/prepared/{prepared.id}").get_data(as_text=True)
