"""Reads of the documents issued. Functions flush at most; the view commits."""

from __future__ import annotations

from sqlalchemy import select, tuple_
from sqlalchemy.orm import Session

from learnpm.documents.models import IssuedDocument
from learnpm.pagination import PAGE_SIZE, Page, page_of, parse_time_text_cursor, time_cursor


def issued_page(session: Session, user_id: int, cursor: str | None, size: int = PAGE_SIZE) -> Page[IssuedDocument]:
    """Return a page of the documents issued to the user, the latest first, after `cursor`."""
    query = select(IssuedDocument).where(IssuedDocument.user_id == user_id)
    after = parse_time_text_cursor(cursor)
    if after is not None:
        query = query.where(tuple_(IssuedDocument.issued_at, IssuedDocument.id) < tuple_(*after))
    rows = list(session.scalars(query.order_by(IssuedDocument.issued_at.desc(), IssuedDocument.id.desc())
                                .limit(size + 1)))
    return page_of(rows, size, lambda document: time_cursor(document.issued_at, document.id), after is None)
