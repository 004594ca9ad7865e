"""A document prepared in the background on a site without a queue is read, totalled and laid out by the renderer
that prints it, not on the web worker's thread: the web process only records what the renderer made."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from learnpm.clock import utcnow
from learnpm.documents import issue
from learnpm.documents.contexts.transcript import BACKGROUND_ENTRIES, MAX_ENTRIES
from learnpm.documents.drafting import DraftRequest, can_draft_elsewhere
from learnpm.documents.issued_files import PreparedDocument
from learnpm.documents.jobs import prepare_document
from learnpm.documents.models import IssuedDocument
from learnpm.documents.render.pool import DocumentRefused, RenderLimits, pool_for
from learnpm.jobs.runner import wait_for_background
from learnpm.paths import static_dir
from tests.functional.support import FIRST_DAY, add_project, download_transcript, log_entries, pdf_text


@pytest.fixture
def nothing_laid_out_here(monkeypatch):
    """Make laying a document out in this process fail: only a renderer can make it."""

    def here(*_args, **_kwargs):
        raise AssertionError("the document was laid out in the web process")

    monkeypatch.setattr(issue, "draft_document", here)


def test_a_long_transcript_is_made_whole_by_its_renderer_and_recorded_here(client, logged_in, session,
                                                                           nothing_laid_out_here):
    entries = BACKGROUND_ENTRIES + 1
    log_entries(session, logged_in.id, add_project(client), entries)
    location = download_transcript(client).headers["Location"]
    wait_for_background()
    assert "Your document is ready" in client.get(location).get_data(as_text=True)

    pdf = client.get(location + "/file")
    text = pdf_text(pdf.data)
    assert len(set(re.findall(r"Shift (\d+)", text))) == entries
    session.expire_all()
    [document] = session.scalars(select(IssuedDocument)).all()
    assert pdf.headers["X-Document-Id"] == document.id and document.id in text
    assert (document.kind, document.user_id, document.issued_to) == ("transcript", logged_in.id, logged_in.display_name)
    assert re.fullmatch(r"[0-9a-f]{64}", document.digest)
    assert "genuine document" in client.get(f"/verify/{document.id}").get_data(as_text=True)


def waiting_transcript(session, user_id: int) -> PreparedDocument:
    prepared = PreparedDocument(user_id=user_id, kind="transcript", state="waiting", attempts=1, problem="",
                                created_at=utcnow(), overdue_at=utcnow() + timedelta(minutes=10))
    session.add(prepared)
    session.commit()
    return prepared


def test_a_period_grown_past_what_a_transcript_prints_is_refused_by_the_renderer_which_serves_on(
        app, client, logged_in, session, nothing_laid_out_here):
    # Asked for while it was short enough; by the time its renderer reads it, the period holds one entry too many.
    log_entries(session, logged_in.id, add_project(client), MAX_ENTRIES + 1,
                first=date.today() - timedelta(days=MAX_ENTRIES + 1))
    reason = f"{MAX_ENTRIES + 1} entries; a transcript prints at most {MAX_ENTRIES}. Choose a shorter period."
    renderers = []
    for _ in range(2):
        prepared = waiting_transcript(session, logged_in.id)
        with app.app_context():
            assert prepare_document(prepared.id, "https://learnpm.example.org/") == reason
        renderers.append(pool_for(RenderLimits.from_config(app.config), static_dir()).pids())
        page = client.get(f"/documents/prepared/{prepared.id}").get_data(as_text=True)
        assert "Not prepared" in page and reason in page
    assert renderers[0] == renderers[1] and renderers[0]  # the renderer that refused was kept, not started again
    assert session.scalars(select(IssuedDocument)).all() == []


def test_a_renderer_makes_the_same_document_as_this_process_would(app, client, logged_in, session):
    log_entries(session, logged_in.id, add_project(client), 12)
    period = (FIRST_DAY, FIRST_DAY + timedelta(days=5))
    with app.app_context():
        request = DraftRequest.of(app, "transcript", logged_in.id, "https://learnpm.example.org/", date.today(),
                                  period)
        made = request.make(static_dir())  # what a renderer runs, here in the test's process
    assert made.document is not None and made.document["kind"] == "transcript"
    shifts = set(re.findall(r"Shift (\d+)", pdf_text(made.data)))
    assert shifts == {str(number) for number in range(1, 7)}  # the six days of the period, no more


def test_a_refusal_made_in_the_renderer_keeps_its_reason(app, client, logged_in, session, monkeypatch):
    from learnpm.documents.contexts import transcript

    log_entries(session, logged_in.id, add_project(client), 3)
    monkeypatch.setattr(transcript, "MAX_ENTRIES", 2)
    with app.app_context():
        request = DraftRequest.of(app, "transcript", logged_in.id, "https://learnpm.example.org/", date.today(),
                                  (None, None))
        with pytest.raises(DocumentRefused, match="3 entries; a transcript prints at most 2"):
            request.make(static_dir())


@pytest.mark.parametrize(("url", "elsewhere"), [
    ("sqlite:////srv/learnpm/learnpm.sqlite3", True), ("postgresql://learnpm@db/learnpm", True),
    ("sqlite://", False), ("sqlite:///:memory:", False), ("sqlite:///file::memory:?cache=shared", False),
])
def test_only_a_database_another_process_can_open_is_read_by_the_renderers(url, elsewhere):
    assert can_draft_elsewhere(url) is elsewhere
