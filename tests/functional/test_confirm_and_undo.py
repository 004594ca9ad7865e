"""Nothing is removed by one click: each delete and revoke asks first, says what changed, and can be undone."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select

from learnpm.documents.models import IssuedDocument
from learnpm.experience.models import Certification, Course, HoursEntry, PduRecord, Upload
from tests.functional.support import add_entry, add_project, post

COURSES = (("Project management fundamentals", "24"), ("Agile essentials", "8"))


def add_courses(session, user) -> list[int]:
    courses = [Course(user_id=user.id, title=title, provider="City College", hours=Decimal(hours),
                      start_month=date(2024, 1, 1), end_month=date(2024, 3, 1)) for title, hours in COURSES]
    session.add_all(courses)
    session.commit()
    return [course.id for course in courses]


def count(session, model) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(model))


def undo(client, page: str):
    return post(client, "/undo", {}, page=page, follow_redirects=True)


def test_deleting_a_course_asks_first_says_what_changed_and_can_be_undone(client, logged_in, session):
    first, _ = add_courses(session, logged_in)
    url = f"/experience/education/course/{first}/delete"
    asked = client.get(url).get_data(as_text=True)
    assert "Delete the course “Project management fundamentals”?" in asked
    assert "Contact hours would be 8: 27 short of 35." in asked
    assert count(session, Course) == 2  # asking deleted nothing

    done = post(client, url, {}, follow_redirects=True).get_data(as_text=True)
    assert "Deleted the course “Project management fundamentals”. Contact hours are now 8: 27 short of 35." in done
    assert count(session, Course) == 1
    assert re.search(r'<button type="submit" class="button secondary small">Undo', done)

    restored = undo(client, "/experience/education/").get_data(as_text=True)
    assert "Restored the course “Project management fundamentals”. Contact hours are now 32: 3 short of 35." in restored
    assert count(session, Course) == 2
    assert "Courses: 32 of 35 contact hours" in restored

    again = undo(client, "/experience/education/").get_data(as_text=True)
    assert "There is nothing to undo any more" in again
    assert count(session, Course) == 2


def test_an_entry_and_a_pdu_claim_come_back_after_undo(client, logged_in, session):
    project_id = add_project(client)
    add_entry(client, project_id, hours="3.5")
    entry_id = session.scalar(select(HoursEntry.id))
    assert "Delete the entry of 3.5 h" in client.get(f"/experience/hours/{entry_id}/delete").get_data(as_text=True)
    done = post(client, f"/experience/hours/{entry_id}/delete", {}, follow_redirects=True).get_data(as_text=True)
    assert "Deleted the entry of 3.5 h" in done and "then holds 0 h." in done
    assert "Restored the entry" in undo(client, f"/experience/projects/{project_id}").get_data(as_text=True)
    assert count(session, HoursEntry) == 1

    certification = Certification(user_id=logged_in.id, kind="pmp", cycle_start=date(2025, 1, 15))
    session.add(certification)
    session.flush()
    record = PduRecord(user_id=logged_in.id, certification_id=certification.id, title="Negotiation webinar",
                       category="power_skills", amount=Decimal("1.5"), earned_on=date(2025, 6, 1))
    session.add(record)
    session.commit()
    url = f"/experience/pdus/claims/{record.id}/delete"
    assert "It claims 1.5 PDUs. This cycle then holds 0 PDUs." in client.get(url).get_data(as_text=True)
    post(client, url, {})
    assert count(session, PduRecord) == 0
    assert "Restored the PDU claim “Negotiation webinar”" in undo(client, "/experience/pdus/").get_data(as_text=True)
    assert count(session, PduRecord) == 1


def test_a_revoked_document_can_be_made_valid_again(client, logged_in, session):
    document = IssuedDocument(user_id=logged_in.id, kind="transcript", title="Hours transcript",
                              issued_to="Test User", digest="0" * 64)
    session.add(document)
    session.commit()
    url = f"/documents/issued/{document.id}/revoke"
    assert "will be told it is withdrawn" in client.get(url).get_data(as_text=True)
    session.expire_all()
    assert session.get(IssuedDocument, document.id).revoked_at is None
    post(client, url, {}, page="/documents/")
    session.expire_all()
    assert session.get(IssuedDocument, document.id).revoked_at is not None
    assert f"Document {document.id} is valid again." in undo(client, "/documents/").get_data(as_text=True)
    session.expire_all()
    assert session.get(IssuedDocument, document.id).revoked_at is None


def test_someone_else_cannot_use_an_undo(app, client, logged_in, session, make_user, auth):
    first, _ = add_courses(session, logged_in)
    post(client, f"/experience/education/course/{first}/delete", {})
    auth.logout()
    auth.login(make_user("other@example.org").email)
    assert "There is nothing to undo any more" in undo(client, "/dashboard").get_data(as_text=True)
    assert count(session, Course) == 1


def test_a_deleted_course_keeps_its_certificate_until_the_undo_lapses(client, logged_in, session):
    first, second = add_courses(session, logged_in)
    upload = Upload(user_id=logged_in.id, filename="certificate.png", content_type="image/png", size=8,
                    data=b"\x89PNG\r\n\x1a\n")
    session.add(upload)
    session.flush()
    session.get(Course, first).certificate_id = upload.id
    session.commit()
    post(client, f"/experience/education/course/{first}/delete", {})
    assert count(session, Upload) == 1
    assert "certificate.png" in undo(client, "/experience/education/").get_data(as_text=True)

    restored = session.scalars(select(Course).where(Course.title == COURSES[0][0])).one()
    post(client, f"/experience/education/course/{restored.id}/delete", {})
    post(client, f"/experience/education/course/{second}/delete", {})  # a new undo replaces the first one
    assert count(session, Upload) == 0
