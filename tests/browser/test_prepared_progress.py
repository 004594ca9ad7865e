"""The progress of a document being prepared: with script the bar moves without the page reloading and the download
starts by itself once the document is ready; without script the page refreshes itself and offers the download. A
transcript long to wait for goes there by itself when "Download the PDF" is pressed."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import insert

from learnpm.clock import utcnow
from learnpm.demo_experience import ADOPTION_DAY
from learnpm.documents.contexts.transcript import BACKGROUND_ENTRIES
from learnpm.documents.issued_files import PreparedDocument
from learnpm.experience.models import HoursEntry, Project
from tests.browser.support import assert_accessible, log_in

pytestmark = pytest.mark.browser


def waiting_document(app, user_id: int) -> str:
    with app.extensions["learnpm.sessionmaker"]() as session:
        prepared = PreparedDocument(user_id=user_id, kind="transcript", state="waiting", problem="",
                                    created_at=utcnow(), overdue_at=utcnow() + timedelta(minutes=5))
        session.add(prepared)
        session.commit()
        return prepared.id


def move_to(app, prepared_id: str, state: str) -> None:
    with app.extensions["learnpm.sessionmaker"]() as session:
        prepared = session.get(PreparedDocument, prepared_id)
        prepared.state = state
        if state == "ready":
            prepared.pdf, prepared.finished_at = b"%PDF-1.7 kept", utcnow()
            prepared.expires_at = utcnow() + timedelta(days=1)
        session.commit()


def test_with_script_the_bar_moves_without_reloading_then_the_download_is_offered(page: Page, live_server, app,
                                                                                   make_user):
    user = make_user()
    log_in(page, live_server, user.email)
    prepared_id = waiting_document(app, user.id)
    page.goto(f"{live_server}/documents/prepared/{prepared_id}")
    expect(page.get_by_text("Waiting for a free renderer (step 1 of 3)")).to_be_visible()
    expect(page.get_by_text("This page follows the document as it is prepared.")).to_be_visible()
    assert_accessible(page)
    page.evaluate("window.stillTheSamePage = true")

    move_to(app, prepared_id, "rendering")
    expect(page.get_by_text("Laying out the pages (step 2 of 3)")).to_be_visible()
    expect(page.locator("progress#document-progress")).to_have_js_property("value", 2)
    assert page.evaluate("window.stillTheSamePage === true")  # moved by the script, not by a reload

    with page.expect_download() as started:
        move_to(app, prepared_id, "ready")
    assert Path(started.value.path()).read_bytes() == b"%PDF-1.7 kept"
    expect(page.get_by_text("Your document is ready.")).to_be_visible()
    expect(page.get_by_text("Your download has started.")).to_be_visible()
    expect(page.get_by_role("link", name="Download the PDF")).to_be_visible()
    assert page.evaluate("window.stillTheSamePage === true")


def test_without_script_the_page_refreshes_itself(browser: Browser, live_server, app, make_user):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        user = make_user()
        log_in(page, live_server, user.email)
        prepared_id = waiting_document(app, user.id)
        page.goto(f"{live_server}/documents/prepared/{prepared_id}")
        expect(page.get_by_text("This page refreshes itself every 2 seconds.")).to_be_visible()
        move_to(app, prepared_id, "ready")
        expect(page.get_by_text("Your document is ready.")).to_be_visible(timeout=10_000)
    finally:
        context.close()


def test_a_long_transcript_is_prepared_in_the_background_and_downloads_by_itself(page: Page, live_server, app,
                                                                                 make_user):
    user = make_user()
    entries = BACKGROUND_ENTRIES + 1
    with app.extensions["learnpm.sessionmaker"]() as session:
        project = Project(user_id=user.id, **ADOPTION_DAY)
        session.add(project)
        session.flush()
        session.execute(insert(HoursEntry), [
            {"user_id": user.id, "project_id": project.id, "day": date(2024, 1, 1) + timedelta(days=number),
             "hours": Decimal("1.5"), "activity": "Shift", "process_groups": ["EX"], "domains": [], "notes": ""}
            for number in range(entries)])
        session.commit()
    log_in(page, live_server, user.email)
    page.goto(live_server + "/documents/")
    with page.expect_download(timeout=60_000) as started:
        card = page.get_by_role("region", name="Hours transcript")
        card.get_by_role("button", name="Download the PDF").click()
        expect(page.get_by_text(f"This hours transcript holds {entries} entries, about 14 pages")).to_be_visible()
        assert_accessible(page)
    assert Path(started.value.path()).read_bytes().startswith(b"%PDF")
    expect(page.get_by_text("Your document is ready.")).to_be_visible()
