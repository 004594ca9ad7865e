"""More lists that grow come a page at a time: notifications, the activity log, reviews (a learner's and a mentor's
queue), attempts and the documents issued. A page never holds more than its size; following "Older" reaches every row once, in order."""

from __future__ import annotations

import html
import re
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from learnpm.documents.models import IssuedDocument
from learnpm.experience.models import Project
from learnpm.mentoring.models import MentorLink
from learnpm.notifications.models import Notification
from learnpm.reviews.models import Review
from learnpm.scenarios.models import Play
from learnpm.verification.models import AuditEvent
from tests.functional.support import PROJECT

START = datetime(2026, 3, 1, 9, 0, tzinfo=timezone.utc)


def _section(part: str) -> str:
    """Return a page's part from a list's heading to the end of its section."""
    return part[:part.index("</section>")] if "</section>" in part else part


def _rows(client, address: str, row: str, anchor: str | None = None) -> list[list[str]]:
    """Return the rows matching `row` on each page of a list, from `address` on, following its "Older" link."""
    pages = []
    while address:
        page = client.get(address).get_data(as_text=True)
        if anchor is not None:
            page = _section(page[page.index(anchor):])
        pages.append(re.findall(row, page))
        found = re.search(r'<a rel="next" href="([^"]+)"', page)
        if len(pages) > 1:
            assert "Newest first" in page
        address = html.unescape(found[1]) if found else ""
    return pages


def _assert_paged(pages: list[list[str]], expected: list[str], size: int) -> None:
    assert len(pages) == -(-len(expected) // size)
    assert all(len(page) <= size for page in pages)
    assert [row for page in pages for row in page] == expected  # every row once, in the list's order


def test_notifications_come_fifty_at_a_time_newest_first_with_every_unread_counted(client, logged_in, session):
    # Pairs share a time, so that a page boundary falls between two notifications of the same second.
    session.add_all(Notification(user_id=logged_in.id, kind="review_done", text=f"Note {number:03d}",
                                 path="/reviews/", created_at=START + timedelta(minutes=number // 2))
                    for number in range(121))
    session.commit()
    pages = _rows(client, "/notifications/", r">(Note \d{3})</a>")
    stored = session.scalars(select(Notification).where(Notification.user_id == logged_in.id)).all()
    expected = [n.text for n in sorted(stored, key=lambda n: (n.created_at, n.id), reverse=True)]
    _assert_paged(pages, expected, 50)
    assert "121 unread." in client.get("/notifications/").get_data(as_text=True)


def test_the_activity_log_comes_fifty_at_a_time_newest_first(client, logged_in, session):
    session.add_all(AuditEvent(learner_id=logged_in.id, actor="Meg Mentor (mentor)", action=f"viewed page {number:03d}")
                    for number in range(105))
    session.commit()
    pages = _rows(client, "/mentoring/activity", r"(viewed page \d{3})")
    _assert_paged(pages, [f"viewed page {number:03d}" for number in range(104, -1, -1)], 50)


def test_attempts_come_fifty_at_a_time_newest_first(client, logged_in, session):
    session.add_all(Play(user_id=logged_in.id, scenario_id="vendor-blocker-standup", state={}, node_id="start",
                         moves=number, updated_at=START + timedelta(minutes=number // 3)) for number in range(77))
    session.commit()
    plays = session.scalars(select(Play).where(Play.user_id == logged_in.id)).all()
    expected = [f"/plays/{play.id}" for play in sorted(plays, key=lambda p: (p.updated_at, p.id), reverse=True)]
    pages = _rows(client, "/scenarios/progress", r'href="(/plays/\d+)"', anchor='id="history-title"')
    _assert_paged(pages, expected, 50)


def test_the_documents_issued_come_fifty_at_a_time_latest_first(client, logged_in, session):
    # Pairs share a time, so that a page boundary falls between two documents of the same second.
    session.add_all(IssuedDocument(user_id=logged_in.id, kind="transcript", title="Hours transcript",
                                   issued_to="Test User", digest="0" * 64,
                                   issued_at=START + timedelta(minutes=number // 2)) for number in range(123))
    session.commit()
    stored = session.scalars(select(IssuedDocument).where(IssuedDocument.user_id == logged_in.id)).all()
    expected = [d.id for d in sorted(stored, key=lambda d: (d.issued_at, d.id), reverse=True)]
    pages = _rows(client, "/documents/", r"<code>([A-Za-z0-9_-]+)</code>", anchor='id="issued-title"')
    _assert_paged(pages, expected, 50)
    for address in ("/documents/?after=x.y", "/documents/?after=1.%3Cscript%3E", "/documents/?after=9e99.abc"):
        assert expected[0] in client.get(address).get_data(as_text=True)  # the first page


@pytest.fixture
def reviews(session, logged_in, mentor):
    """120 reviews of the learner's projects by the mentor, two in three waiting for the mentor (so that pages end
    among the waiting ones and among the others)."""
    session.add(MentorLink(learner_id=logged_in.id, mentor_id=mentor.user.id, can_see_experience=True))
    columns = {name: value for name, value in PROJECT.items() if name in (
        "title", "organization", "job_title", "functional_reporting_area", "organization_primary_focus", "approach",
        "team_size", "budget")}
    projects = [Project(user_id=logged_in.id, **columns, start_month=START.date().replace(day=1)) for _ in range(120)]
    session.add_all(projects)
    session.flush()
    rows = [Review(learner_id=logged_in.id, mentor_id=mentor.user.id, project_id=project.id,
                   state="changes_requested" if number % 3 == 0 else "submitted",
                   updated_at=START + timedelta(hours=number // 2)) for number, project in enumerate(projects)]
    session.add_all(rows)
    session.commit()
    return rows


def test_a_learners_reviews_come_fifty_at_a_time_latest_first(client, reviews):
    expected = [f"/reviews/{review.id}" for review in sorted(reviews, key=lambda r: (r.updated_at, r.id),
                                                              reverse=True)]
    pages = _rows(client, "/reviews/", r'href="(/reviews/\d+)"', anchor='id="mine-title"')
    _assert_paged(pages, expected, 50)


def test_a_mentors_queue_comes_fifty_at_a_time_waiting_longest_first_then_latest(mentor, reviews):
    waiting = sorted((r for r in reviews if r.state == "submitted"), key=lambda r: (r.updated_at, r.id))
    rest = sorted((r for r in reviews if r.state != "submitted"), key=lambda r: (r.updated_at, r.id), reverse=True)
    pages = _rows(mentor, "/reviews/", r'href="(/reviews/\d+)"', anchor='id="queue-title"')
    _assert_paged(pages, [f"/reviews/{review.id}" for review in waiting + rest], 50)


def test_a_malformed_page_address_shows_the_first_page_of_each_list(client, logged_in, reviews):
    for address in ("/notifications/?after=x.y", "/mentoring/activity?after=--", "/scenarios/progress?after=9e99.1",
                    "/reviews/?after=zz&queue_after=q1.2"):
        assert client.get(address).status_code == 200


def test_a_mentors_dashboard_lists_the_five_longest_waiting_and_counts_them_all(mentor, reviews):
    waiting = sorted((r for r in reviews if r.state == "submitted"), key=lambda r: (r.updated_at, r.id))
    page = mentor.get("/dashboard").get_data(as_text=True)
    section = page[page.index('id="mentor-title"'):]
    listed = re.findall(r'<li><a href="(/reviews/\d+)"', section)
    assert listed == [f"/reviews/{review.id}" for review in waiting[:5]]
    assert f"All {len(waiting)} waiting" in section


@pytest.mark.parametrize("address", [
    "/notifications/?after=1.99999999999999999999999", "/notifications/?after=99999999999999999999999.1",
    "/notifications/?after=-99999999999999999999.1", "/mentoring/activity?after=99999999999999999999999",
    "/scenarios/progress?after=1.-5", "/reviews/?queue_after=w99999999999999999999999.1&after=r1.1"])
def test_a_page_address_naming_no_row_shows_the_first_page(client, logged_in, address):
    assert client.get(address).status_code == 200


def test_a_mentees_page_lists_twelve_things_still_missing_and_counts_the_rest(session, logged_in, mentor):
    link = MentorLink(learner_id=logged_in.id, mentor_id=mentor.user.id, can_see_experience=True)
    session.add(link)
    columns = {name: value for name, value in PROJECT.items() if name in (
        "title", "organization", "job_title", "functional_reporting_area", "organization_primary_focus", "approach",
        "team_size", "budget")}
    session.add_all(Project(user_id=logged_in.id, **{**columns, "title": f"Drive {number:02d}"},
                            start_month=START.date().replace(day=1)) for number in range(15))
    session.commit()
    page = mentor.get(f"/mentoring/mentees/{link.id}").get_data(as_text=True)
    section = page[page.index('id="experience-title"'):]
    section = section[:section.index("</section>")]
    items = re.findall(r"<li>(.*?)</li>", section)
    total = session.scalar(select(func.sum(Project.shortfalls)).where(Project.user_id == logged_in.id))
    general = sum("Drive" not in item for item in items)  # months and contact hours, listed first
    assert len(items) == 12 and total > 12
    assert f"And {general + total - 12} more on their projects." in section
