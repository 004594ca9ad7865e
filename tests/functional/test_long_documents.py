"""A transcript long to wait for goes to the background by itself when "Download the PDF" is pressed: the learner
is sent to its progress page, told why, and downloads it from there; a short one downloads at once as before."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from learnpm.documents import preparing
from learnpm.documents.contexts.transcript import BACKGROUND_ENTRIES
from learnpm.documents.issued_files import PreparedDocument
from learnpm.documents.models import IssuedDocument
from learnpm.jobs.runner import wait_for_background
from tests.functional.support import add_project, download_transcript, log_entries, pdf_text
from tests.support import csrf_token


def prepared_rows(session) -> list[PreparedDocument]:
    session.expire_all()
    return list(session.scalars(select(PreparedDocument)))


def issued_count(session) -> int:
    session.expire_all()
    return len(session.scalars(select(IssuedDocument)).all())


@pytest.fixture
def hold_jobs(monkeypatch):
    """Keep the background jobs from starting, so that a request stays waiting; return the ids started since."""
    started: list[str] = []
    monkeypatch.setattr(preparing, "start_preparing", lambda app, prepared_id, base: started.append(prepared_id))
    return started


def test_a_short_transcript_downloads_at_once(client, logged_in, session):
    log_entries(session, logged_in.id, add_project(client), BACKGROUND_ENTRIES)
    response = download_transcript(client)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "Shift 250" in pdf_text(response.data)
    assert prepared_rows(session) == [] and issued_count(session) == 1


def test_a_long_transcript_is_prepared_in_the_background_then_downloaded_from_its_page(client, logged_in, session):
    entries = BACKGROUND_ENTRIES + 1
    log_entries(session, logged_in.id, add_project(client), entries)
    response = download_transcript(client)
    assert response.status_code == 303 and "/documents/prepared/" in response.headers["Location"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"This hours transcript holds {entries} entries, about 14 pages: it is being prepared in the" in page
    assert "Being prepared" in page or "Your document is ready" in page

    wait_for_background()
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Your document is ready" in page
    status = client.get(response.headers["Location"] + "/status").get_json()
    assert status["finished"] and status["file"] == response.headers["Location"] + "/file"
    pdf = client.get(status["file"])
    assert pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    assert len(set(re.findall(r"Shift (\d+)", pdf_text(pdf.data)))) == entries
    assert issued_count(session) == 1


def test_a_period_of_few_entries_in_a_long_log_downloads_at_once(client, logged_in, session):
    log_entries(session, logged_in.id, add_project(client), BACKGROUND_ENTRIES + 40)
    response = download_transcript(client, **{"from": "2024-02", "to": "2024-02"})
    assert response.mimetype == "application/pdf"
    shifts = set(re.findall(r"Shift (\d+)", pdf_text(response.data)))
    assert shifts == {str(number) for number in range(32, 61)}  # the 29 days of February 2024


def test_asking_twice_gives_one_prepared_document_and_says_so(client, logged_in, session, hold_jobs):
    log_entries(session, logged_in.id, add_project(client), BACKGROUND_ENTRIES + 1)
    first = download_transcript(client)
    second = download_transcript(client)
    assert second.status_code == 303 and second.headers["Location"] == first.headers["Location"]
    assert "is already being prepared: here is its progress" in client.get(second.headers["Location"]).get_data(
        as_text=True)
    again = client.post("/documents/transcript/prepare", data={"csrf_token": csrf_token(client, "/documents/")})
    assert again.headers["Location"] == first.headers["Location"]  # the other button leads to the same one
    [prepared] = prepared_rows(session)
    assert hold_jobs == [prepared.id]


def test_another_period_or_a_finished_one_is_prepared_anew(client, logged_in, session, hold_jobs):
    log_entries(session, logged_in.id, add_project(client), BACKGROUND_ENTRIES * 2)
    everything = download_transcript(client)
    this_year = download_transcript(client, **{"from": "2024-01", "to": "2024-12"})
    assert this_year.headers["Location"] != everything.headers["Location"]
    for prepared in prepared_rows(session):
        prepared.state = "failed"
    session.commit()
    assert download_transcript(client).headers["Location"] not in (everything.headers["Location"],
                                                         this_year.headers["Location"])
    assert len(prepared_rows(session)) == 3 and len(hold_jobs) == 3


def test_a_transcript_longer_than_it_can_print_is_refused_at_once(client, logged_in, session, monkeypatch):
    from learnpm.documents.contexts import transcript

    log_entries(session, logged_in.id, add_project(client), 6)
    monkeypatch.setattr(transcript, "BACKGROUND_ENTRIES", 2)
    monkeypatch.setattr(transcript, "MAX_ENTRIES", 5)
    response = download_transcript(client)
    assert response.status_code == 303 and response.headers["Location"].endswith("/documents/")
    assert "a transcript prints at most 5. Choose a shorter period" in client.get("/documents/").get_data(as_text=True)
    assert prepared_rows(session) == [] and issued_count(session) == 0
