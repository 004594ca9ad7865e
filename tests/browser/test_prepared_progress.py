"""The progress of a document being prepared: with script the bar moves without the page reloading; without script
the page refreshes itself; either way the download is offered once the document is ready."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import Browser, Page, expect

from learnpm.clock import utcnow
from learnpm.documents.issued_files import PreparedDocument
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

    move_to(app, prepared_id, "ready")
    expect(page.get_by_text("Your document is ready.")).to_be_visible()
    expect(page.get_by_role("link", name="Download the PDF")).to_be_visible()


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
