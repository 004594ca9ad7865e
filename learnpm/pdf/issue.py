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
from flask import render_template
from sqlalchemy.orm import Session

from learnpm.auth.models import User
from learnpm.pdf.documents import application_context
from learnpm.pdf.models import IssuedDocument
from learnpm.pdf.renderer import RenderedPdf, render_pdf


@dataclass(frozen=True)
class DocumentKind:
    """One kind of document: its title, what it says, and its print template."""

    title: str
    subject: str
    context: Callable[[Session, User, date], dict[str, Any]]
    template: str


KINDS = {
    "application": DocumentKind(
        "PMP application worksheet", "Every field of PMI's PMP application, with months, hours and eligibility",
        application_context, "pdf/application.html"),
}


def content_digest(context: dict[str, Any]) -> str:
    """Return the SHA-256 of a document's content, independent of how it is laid out."""
    canonical = json.dumps(context, sort_keys=True, default=str, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def qr_svg(url: str) -> str:
    """Return a QR code of the verification URL as inline SVG."""
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="svg", xmldecl=False, svgns=True, nl=False, scale=2, border=2)
    return out.getvalue().decode("ascii")


def issue_document(session: Session, user: User, kind: str, verify_base: str, today: date) -> tuple[IssuedDocument, RenderedPdf]:
    """Record and render a document of `kind` for `user`; the caller commits."""
    spec = KINDS[kind]
    context = spec.context(session, user, today)
    document = IssuedDocument(user_id=user.id, kind=kind, title=spec.title, issued_to=user.display_name,
                              digest=content_digest(context))
    session.add(document)
    session.flush()
    url = f"{verify_base.rstrip('/')}/verify/{document.id}"
    provenance = {"id": document.id, "url": url, "qr": qr_svg(url), "digest": document.digest,
                  "issued_on": today.strftime("%d %B %Y")}
    html = render_template(spec.template, title=spec.title, author=user.display_name, subject=spec.subject,
                           provenance=provenance, **context)
    return document, render_pdf(html)
