"""PDUs for certified users: the current cycle, each category against its minimum or maximum."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required
from sqlalchemy import select

from learnpm.access import owned, owned_or_404
from learnpm.db import get_session
from learnpm.experience import queries
from learnpm.experience.core.amounts import plain
from learnpm.experience.core.pdu import PduClaim, certification_cycle, claim_problems, pdu_status
from learnpm.experience.core.rules.library import default_rules
from learnpm.experience.models import Certification, PduRecord
from learnpm.experience.web import bp
from learnpm.experience.web.forms import CertificationForm, PduForm
from learnpm.forms import show_problems
from learnpm.undo import offer_undo, restored_row, row_values, undoable


def _claims(records: list[PduRecord]) -> list[PduClaim]:
    """Return stored PDU records as the pure core's claims."""
    return [PduClaim(r.category, r.amount, r.earned_on) for r in records]


def _page(cert_form: CertificationForm | None = None, pdu_form: PduForm | None = None, status: int = 200) -> ResponseReturnValue:
    """Render the PDU page: the latest certification's cycle, its claims and the forms."""
    session = get_session()
    certifications = queries.certifications(session, current_user)
    current = certifications[0] if certifications else None
    records = queries.pdu_records(session, current) if current else []
    result = pdu_status(current.kind, current.cycle_start, _claims(records)) if current else None
    limits = default_rules().pdu.certification(current.kind) if current else None
    form = pdu_form or PduForm(prefix="pdu", earned_on=date.today())
    if limits and limits.required_topic:
        form.on_required_topic.label.text = f"This activity was on {limits.required_topic}"
    return render_template(
        "experience/pdus.html", certification=current, records=records, status_=result, limits=limits,
        rules=default_rules().pdu, cert_form=cert_form or CertificationForm(prefix="cert"),
        pdu_form=form, today=date.today(),
    ), status


@bp.get("/pdus/")
@login_required
def pdus() -> ResponseReturnValue:
    """Show the current cycle."""
    return _page()


@bp.post("/pdus/certifications")
@login_required
def add_certification() -> ResponseReturnValue:
    """Record a certification, which starts a cycle."""
    form = CertificationForm(prefix="cert")
    if not form.validate_on_submit():
        return _page(cert_form=form, status=422)
    if form.cycle_start.data > date.today():
        form.cycle_start.errors = ["The cycle starts the day you pass: give a day that has come."]
        return _page(cert_form=form, status=422)
    get_session().add(Certification(user_id=current_user.id, kind=form.kind.data, cycle_start=form.cycle_start.data))
    get_session().commit()
    flash("Certification recorded. Log your PDUs as you earn them.", "success")
    return redirect(url_for("experience.pdus"))


@bp.post("/pdus/claims")
@login_required
def add_pdu_claim() -> ResponseReturnValue:
    """Claim PDUs in the current cycle."""
    form = PduForm(prefix="pdu")
    certifications = queries.certifications(get_session(), current_user)
    if not certifications:
        flash("Record your certification first: PDUs belong to its cycle.", "info")
        return redirect(url_for("experience.pdus"))
    if not form.validate_on_submit():
        return _page(pdu_form=form, status=422)
    current = certifications[0]
    claim = PduClaim(form.category.data, form.amount.data, form.earned_on.data, bool(form.on_required_topic.data))
    problems = claim_problems(claim, certification_cycle(current.kind, current.cycle_start),
                              certification=default_rules().pdu.certification(current.kind))
    if show_problems(form, problems, fallback="amount"):
        return _page(pdu_form=form, status=422)
    get_session().add(PduRecord(user_id=current_user.id, certification_id=current.id, category=claim.category,
                                amount=claim.amount, earned_on=claim.earned_on, title=form.title.data.strip()))
    get_session().commit()
    flash(f"{claim.amount:g} PDUs logged.", "success")
    return redirect(url_for("experience.pdus"))


def _claimed_sentence(certification_id: int, without: PduRecord | None = None) -> str:
    """Say how many PDUs the cycle holds (leaving `without` out)."""
    records = get_session().scalars(select(PduRecord).where(PduRecord.certification_id == certification_id))
    total = sum((record.amount for record in records if record is not without), Decimal(0))
    return f"This cycle then holds {plain(total)} PDUs."


@bp.route("/pdus/claims/<int:record_id>/delete", methods=["GET", "POST"])
@login_required
def delete_pdu_claim(record_id: int) -> ResponseReturnValue:
    """Ask, then delete a PDU claim; it can be undone for a while."""
    record = owned_or_404(get_session(), PduRecord, record_id, current_user)
    after = _claimed_sentence(record.certification_id, without=record)
    if request.method == "GET":
        return render_template("confirm.html", question=f"Delete the PDU claim “{record.title}”?",
                               consequences=[f"It claims {plain(record.amount)} PDUs. {after}"],
                               button="Delete the claim", cancel_url=url_for("experience.pdus"))
    offer_undo("pdu claim", {"row": row_values(record)})
    get_session().delete(record)
    get_session().commit()
    flash(f"Deleted the PDU claim “{record.title}” ({plain(record.amount)} PDUs). {after}", "info")
    return redirect(url_for("experience.pdus"))


@undoable("pdu claim", "bring back the deleted PDU claim")
def _restore_claim(payload: dict) -> tuple[str, str]:
    """Put a deleted PDU claim back, if its certification is still there."""
    record = restored_row(PduRecord, payload["row"])
    if owned(get_session(), Certification, record.certification_id, current_user) is None:
        return "That claim's certification has been deleted since, so the claim cannot come back.", url_for(
            "experience.pdus")
    get_session().add(record)
    get_session().flush()
    return f"Restored the PDU claim “{record.title}”. {_claimed_sentence(record.certification_id)}", url_for(
        "experience.pdus")
