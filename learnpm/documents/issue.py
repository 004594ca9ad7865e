"""Issue a document: gather its content, record it with a digest, render it with its provenance."""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import segno
from flask import current_app, render_template
from sqlalchemy.orm import Session

from learnpm.auth.models import User
from learnpm.clock import utcnow
from learnpm.documents.contexts.application import application_context
from learnpm.documents.contexts.audit import audit_context
from learnpm.documents.contexts.pdu_cycle import pdu_context
from learnpm.documents.contexts.readiness import readiness_context
from learnpm.documents.contexts.transcript import transcript_context, transcript_length
from learnpm.documents.core.length import DocumentLength
from learnpm.documents.drafting import DraftRequest
from learnpm.documents.empty import check_not_empty
from learnpm.documents.jobs import render_document_pdf
from learnpm.documents.models import IssuedDocument, new_document_id
from learnpm.documents.render.pool import RenderedPdf, RenderFailed, RenderLimits


@dataclass(frozen=True)
class DocumentKind:
    """One kind of document: its title, what it says, and its print template."""

    title: str
    subject: str
    context: Callable[..., dict[str, Any]]
    template: str
    # How long the document will be, from a cheap count (for those that can be long to render); None: always short.
    length: Callable[..., DocumentLength] | None = None


KINDS = {
    "application": DocumentKind(
        "PMP application worksheet", "Every field of PMI's PMP application, with months, hours and eligibility",
        application_context, "documents/print/application.html"),
    "audit": DocumentKind(
        "Audit packet", "An experience verification form for each verifier, and the certificates to enclose",
        audit_context, "documents/print/audit.html"),
    "transcript": DocumentKind(
        "Hours transcript", "Every hour logged in a period, with totals by project, process group and domain",
        transcript_context, "documents/print/transcript.html", transcript_length),
    "pdu": DocumentKind(
        "PDU report", "The current certification cycle, each category against its minimum or maximum",
        pdu_context, "documents/print/pdu.html"),
    "readiness": DocumentKind(
        "Readiness report", "Scenario practice per competency, recent debriefs, hours and eligibility",
        readiness_context, "documents/print/readiness.html"),
}


def content_digest(context: dict[str, Any]) -> str:
    """Return the SHA-256 of a document's content, independent of how it is laid out."""
    canonical = json.dumps(context, sort_keys=True, default=str, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def qr_svg(url: str) -> str:
    """Return a QR code of the verification URL as inline SVG, titled so that tagged PDFs give it alternate text."""
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="svg", xmldecl=False, svgns=True, nl=False, scale=2, border=2,
                                    title=f"QR code of {url}")
    return out.getvalue().decode("ascii")


def document_limits(session: Session, user: User, kind: str, today: date,
                    period: tuple[date | None, date | None] = (None, None)) -> RenderLimits:
    """Return the site's render limits for this document: a long one's deadline follows the pages it prints."""
    spec = KINDS[kind]
    length = spec.length(session, user, today, period) if spec.length else None
    return RenderLimits.from_config(current_app.config).for_pages(length.pages if length else None)


@dataclass(frozen=True)
class Draft:
    """A document laid out and not yet rendered: its print template's HTML, and the columns of its record."""

    fields: dict[str, Any]
    html: str


def draft_document(session: Session, user: User, kind: str, verify_base: str, today: date,
                   period: tuple[date | None, date | None] = (None, None)) -> Draft:
    """Gather the document's content and lay it out with its provenance (a new id, the content's digest)."""
    spec = KINDS[kind]
    context = spec.context(session, user, today, period)
    fields = {"id": new_document_id(), "user_id": user.id, "kind": kind, "title": spec.title,
              "issued_to": user.display_name, "digest": content_digest(context), "issued_at": utcnow()}
    url = f"{verify_base.rstrip('/')}/verify/{fields['id']}"
    provenance = {"id": fields["id"], "url": url, "qr": qr_svg(url), "digest": fields["digest"],
                  "issued_on": today.strftime("%d %B %Y")}
    html = render_template(spec.template, title=spec.title, author=user.display_name, subject=spec.subject,
                           provenance=provenance, **context)
    return Draft(fields, html)


def issue_document(
    session: Session, user: User, kind: str, verify_base: str, today: date,
    period: tuple[date | None, date | None] = (None, None), limits: RenderLimits | None = None,
    made_by_renderer: bool = False,
) -> tuple[IssuedDocument, RenderedPdf]:
    """Record and render a document of `kind` for `user` (over `period`, where it has one) within `limits` (else
    this document's, from the site's settings); the caller commits. With `made_by_renderer`, the renderer gathers
    and lays it out too (`learnpm.documents.drafting`), and this process only writes its record.

    Raises NothingToIssue, before any id is given, when the document would be empty.
    """
    check_not_empty(session, user, kind, period)
    limits = limits or document_limits(session, user, kind, today, period)
    if made_by_renderer:
        app = current_app._get_current_object()  # type: ignore[attr-defined]
        pdf = render_document_pdf(DraftRequest.of(app, kind, user.id, verify_base, today, period), limits)
        if pdf.document is None:
            raise RenderFailed("the renderer answered without the document's record")
        fields = pdf.document
    else:
        draft = draft_document(session, user, kind, verify_base, today, period)
        pdf, fields = render_document_pdf(draft.html, limits), draft.fields
    # Written once the PDF exists: on SQLite the first write of a transaction takes the database's only write lock,
    # which every other request writing would wait for while the document renders.
    document = IssuedDocument(**fields)
    session.add(document)
    session.flush()
    return document, pdf
