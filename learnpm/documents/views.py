"""Download documents, see and revoke the ones issued, and let anyone check a printout at /verify/<id>."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from learnpm.access import owned_or_404
from learnpm.auth.models import User
from learnpm.clock import utcnow
from learnpm.db import get_session
from learnpm.documents.contexts.transcript import PeriodTooLong
from learnpm.documents.core.calendar import calendar_svg
from learnpm.documents.core.period import Period, parse_period
from learnpm.documents.empty import NothingToIssue, holdings_of, missing_for
from learnpm.documents.issue import KINDS, issue_document
from learnpm.documents.models import IssuedDocument
from learnpm.documents.preparing import prepare_once
from learnpm.documents.queries import issued_page
from learnpm.documents.render.pool import RendererBusy, RenderFailed, RenderTooLong
from learnpm.security import DOCUMENT_LIMIT, limiter
from learnpm.undo import offer_undo, undoable

bp = Blueprint("documents", __name__)
bp.add_app_template_filter(calendar_svg, "month_calendar")


def verify_base() -> str:
    """Return the site's public address, for the link printed on each document."""
    return current_app.config["BASE_URL"] or request.host_url


@bp.get("/documents/")
@login_required
def index() -> ResponseReturnValue:
    """List the documents a learner can download and, a page at a time, the ones already issued."""
    held = holdings_of(get_session(), current_user)
    missing = {kind: missing_for(kind, held) for kind in KINDS}
    issued = issued_page(get_session(), current_user.id, request.args.get("after"))
    return render_template("documents/index.html", kinds=KINDS, issued=issued, missing=missing)


@bp.post("/documents/<kind>")
@login_required
@limiter.limit(DOCUMENT_LIMIT)
def download(kind: str) -> ResponseReturnValue:
    """Issue a fresh document and send it as a PDF; one that would be long to wait for is prepared in the background."""
    if kind not in KINDS:
        abort(404)
    period = _period()
    if period is None:
        flash("Give the months of the period as month and year, the first before the last.", "error")
        return redirect(url_for("documents.index")), 303
    spec = KINDS[kind]
    length = spec.length(get_session(), current_user, date.today(), period) if spec.length else None
    if length is not None and length.long:
        return prepare_once(kind, period, verify_base(), length.background_message(spec.title))
    return pdf_response(current_user, kind, period, url_for("documents.index"))


def pdf_response(user: User, kind: str, period: Period | None, back: str) -> ResponseReturnValue:
    """Issue a document of `kind` for `user` and send it, or go `back` with a message when it cannot be made now."""
    try:
        document, pdf = issue_document(get_session(), user, kind, verify_base(), date.today(), period)
    except RendererBusy:
        get_session().rollback()
        flash("Many documents are being prepared right now. Please try again in a minute.", "warning")
        return redirect(back), 303
    except (PeriodTooLong, NothingToIssue) as error:
        get_session().rollback()
        flash(str(error), "error")
        return redirect(back), 303
    except (RenderTooLong, RenderFailed) as error:
        get_session().rollback()
        current_app.logger.error("A %s document for user %s could not be rendered: %s", kind, user.id, error)
        flash("This document could not be prepared. Nothing was issued; please try again later, or choose a "
              "shorter period.", "error")
        return redirect(back), 303
    get_session().commit()
    filename = f"learnpm-{kind}-{date.today().isoformat()}.pdf"
    return Response(pdf.data, mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"',
                             "X-Document-Id": document.id})


def _period() -> Period | None:
    """Return the optional first and last day asked for, or None when they are malformed."""
    try:
        return parse_period(request.form.get("from"), request.form.get("to"))
    except ValueError:
        return None


@bp.route("/documents/issued/<document_id>/revoke", methods=["GET", "POST"])
@login_required
def revoke(document_id: str) -> ResponseReturnValue:
    """Ask, then mark an issued document as withdrawn: its verification page then says so. It can be undone."""
    document = owned_or_404(get_session(), IssuedDocument, document_id, current_user)
    if request.method == "GET" and not document.revoked_at:
        return render_template("confirm.html", question=f"Revoke “{document.title}” {document.id}?",
                               consequences=["Anyone who checks it, by its link or its QR code, will be told it is "
                                             "withdrawn and not to rely on it."],
                               button="Revoke the document", cancel_url=url_for("documents.index"))
    if not document.revoked_at:
        document.revoked_at = utcnow()
        offer_undo("document revoke", {"id": document.id})
        get_session().commit()
    flash(f"Document {document.id} is revoked: anyone checking it will be told it is withdrawn.", "info")
    return redirect(url_for("documents.index"))


@undoable("document revoke", "make the revoked document valid again")
def _restore_document(payload: dict) -> tuple[str, str]:
    """Make a revoked document valid again."""
    document = owned_or_404(get_session(), IssuedDocument, payload["id"], current_user)
    document.revoked_at = None
    return f"Document {document.id} is valid again.", url_for("documents.index")


@bp.get("/verify/<document_id>")
@limiter.limit("60 per minute")
def verify(document_id: str) -> ResponseReturnValue:
    """Show who a document was issued to, when, and its content digest; no login needed."""
    document = get_session().get(IssuedDocument, document_id[:24])
    return render_template("documents/verify.html", document=document, document_id=document_id[:24]), (
        200 if document else 404)
