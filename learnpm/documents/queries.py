"""Reads of the documents issued. Functions flush at most; the view commits."""

from __future__ import annotations

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from learnpm.documents.models import IssuedDocument
from learnpm.pagination import PAGE_SIZE, NewestFirst, Page, newest_first, parse_time_text_cursor, time_cursor


def issued_page(session: Session, user_id: int, cursor: str | None, size: int = PAGE_SIZE) -> Page[IssuedDocument]:
    """Return a page of the documents issued to the user, the latest first, after `cursor`."""
    return newest_first(session, _ISSUED, {"owner": user_id}, parse_time_text_cursor(cursor), size,
                        lambda document: time_cursor(document.issued_at, document.id))


_ISSUED = NewestFirst.of(select(IssuedDocument).where(IssuedDocument.user_id == bindparam("owner")),
                         (IssuedDocument.issued_at, IssuedDocument.id))
