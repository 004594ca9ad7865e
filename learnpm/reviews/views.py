"""Review pages: the learner asks and revises; the mentor scores with the same rubric and decides."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectChoice, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from learnpm.auth.models import User, utcnow
from learnpm.db import get_session
from learnpm.notifications.queries import notify
from learnpm.reviews import queries
from learnpm.reviews.models import Review
from learnpm.reviews.states import STATES, can_move, word_diff
from learnpm.scenarios.content import loaded
from learnpm.scenarios.model import WriteTask
from learnpm.scenarios.models import WriteAnswer
from learnpm.verification.queries import record

bp = Blueprint("reviews", __name__, url_prefix="/reviews")


def _task(answer: WriteAnswer) -> WriteTask:
    """Return the write task an answer was written for (404 if the scenario has changed shape)."""
    scenario = loaded().library.scenarios.get(answer.scenario_id)
    task = scenario.nodes.get(answer.node_id) if scenario else None
    if not isinstance(task, WriteTask):
        abort(404)
    return task


def _what(review: Review) -> str:
    """Name what is under review, for notifications: "written answer in “The title”"."""
    answer = get_session().get(WriteAnswer, review.answer_id)
    scenario = loaded().library.scenarios.get(answer.scenario_id)
    return f"written answer in “{scenario.title if scenario else answer.scenario_id}”"


def _rubric_form(task: WriteTask, with_comments: bool, with_text: bool) -> FlaskForm:
    """Return a form with a level per rubric criterion, and a comment or the revised text."""

    class RubricForm(FlaskForm):
        pass

    for criterion in task.rubric:
        setattr(RubricForm, f"score_{criterion.id}", RadioField(
            criterion.criterion, choices=[SelectChoice(str(i), level) for i, level in enumerate(criterion.levels)],
            validators=[InputRequired("Choose a level.")]))
        if with_comments:
            setattr(RubricForm, f"comment_{criterion.id}", TextAreaField("Comment", validators=[Length(max=2000)]))
    if with_comments:
        RubricForm.overall = TextAreaField("Overall comment", validators=[Length(max=4000)])
    if with_text:
        RubricForm.text = TextAreaField("Your revised message", validators=[
            DataRequired("Write the revised message."), Length(max=10_000)])
    return RubricForm()


@bp.post("/answers/<int:answer_id>")
@login_required
def ask(answer_id: int) -> ResponseReturnValue:
    """Ask one of the learner's mentors to review a written answer."""
    session = get_session()
    answer = queries.own_answer(session, answer_id, current_user)
    mentors = {link.mentor_id for link in queries.answer_mentors(session, current_user)}
    mentor_id = request.form.get("mentor", type=int)
    if answer is None or mentor_id not in mentors:
        abort(404)
    review, new = queries.start_review(session, answer, current_user, mentor_id, utcnow())
    if new:
        notify(session, session.get(User, mentor_id), "review_waiting",
               f"{current_user.display_name} sent their {_what(review)} for review.",
               "reviews.show", review_id=review.id)
    session.commit()
    flash("Sent for review. You will see your mentor's scores beside your own here.", "success")
    return redirect(url_for("reviews.show", review_id=review.id))


@bp.get("/")
@login_required
def index() -> ResponseReturnValue:
    """List the learner's reviews and the mentor's queue."""
    session = get_session()
    mine = queries.reviews_of_learner(session, current_user)
    queue = queries.reviews_for_mentor(session, current_user) if current_user.is_mentor else []
    names = {user.id: user.display_name for user in session.query(User).filter(
        User.id.in_({r.mentor_id for r in mine} | {r.learner_id for r in queue}))}
    return render_template("reviews/index.html", mine=mine, queue=queue, states=STATES, names=names)


@bp.get("/<int:review_id>")
@login_required
def show(review_id: int) -> ResponseReturnValue:
    """Show a review: the latest revision, both sets of scores, the differences, the history."""
    found = queries.visible_review(get_session(), review_id, current_user)
    if found is None:
        abort(404)
    review, as_mentor = found
    if as_mentor:
        if review.state == "submitted":
            review.state = "in_review"
        record(get_session(), review.learner_id, f"{current_user.display_name} (mentor)", "read a written answer for review")
        get_session().commit()
    return _render(review, as_mentor)


def _render(review: Review, as_mentor: bool, form: FlaskForm | None = None, status: int = 200) -> ResponseReturnValue:
    """Render the review page with the form this user may fill in now."""
    answer = get_session().get(WriteAnswer, review.answer_id)
    task = _task(answer)
    revisions = review.revisions
    diff = word_diff(revisions[-2].text, revisions[-1].text) if len(revisions) > 1 else None
    if form is None and as_mentor and review.state in ("submitted", "in_review"):
        form = _rubric_form(task, with_comments=True, with_text=False)
    elif form is None and not as_mentor and review.state == "changes_requested":
        form = _rubric_form(task, with_comments=False, with_text=True)
        form.text.data = revisions[-1].text
    return render_template("reviews/show.html", review=review, task=task, as_mentor=as_mentor, form=form,
                           latest=revisions[-1], feedback=review.feedback[-1] if review.feedback else None,
                           diff=diff, states=STATES), status


@bp.post("/<int:review_id>/feedback")
@login_required
def feedback(review_id: int) -> ResponseReturnValue:
    """Record the mentor's rubric scores, comments and decision."""
    found = queries.visible_review(get_session(), review_id, current_user)
    decision = request.form.get("decision", "")
    if found is None or not found[1]:
        abort(404)
    review = found[0]
    if not can_move(review.state, decision, by_mentor=True):
        flash("This review has moved on since the page was loaded; nothing was changed.", "warning")
        return redirect(url_for("reviews.show", review_id=review.id))
    task = _task(get_session().get(WriteAnswer, review.answer_id))
    form = _rubric_form(task, with_comments=True, with_text=False)
    if not form.validate_on_submit():
        return _render(review, True, form, 422)
    scores = {c.id: int(form[f"score_{c.id}"].data) for c in task.rubric}
    comments = {c.id: (form[f"comment_{c.id}"].data or "").strip() for c in task.rubric}
    queries.add_feedback(review, scores, comments, (form.overall.data or "").strip(), decision, utcnow())
    record(get_session(), review.learner_id, f"{current_user.display_name} (mentor)",
           f"reviewed a written answer: {STATES[decision].lower()}")
    verdict = "signed off" if decision == "signed_off" else "asked for changes to"
    notify(get_session(), get_session().get(User, review.learner_id), "review_done",
           f"{current_user.display_name} {verdict} your {_what(review)}.",
           "reviews.show", review_id=review.id)
    get_session().commit()
    flash(f"Review sent: {STATES[decision].lower()}.", "success")
    return redirect(url_for("reviews.show", review_id=review.id))


@bp.post("/<int:review_id>/revise")
@login_required
def revise(review_id: int) -> ResponseReturnValue:
    """Submit a revised message with fresh self-scores."""
    found = queries.visible_review(get_session(), review_id, current_user)
    if found is None or found[1]:
        abort(404)
    review = found[0]
    if not can_move(review.state, "submitted", by_mentor=False):
        flash("This review is not waiting for changes; nothing was changed.", "warning")
        return redirect(url_for("reviews.show", review_id=review.id))
    task = _task(get_session().get(WriteAnswer, review.answer_id))
    form = _rubric_form(task, with_comments=False, with_text=True)
    if form.validate_on_submit():
        problem = task.word_limit_problem(form.text.data)
        if problem is None:
            scores = {c.id: int(form[f"score_{c.id}"].data) for c in task.rubric}
            queries.add_revision(review, form.text.data.strip(), scores, utcnow())
            notify(get_session(), get_session().get(User, review.mentor_id), "review_waiting",
                   f"{current_user.display_name} sent revision {len(review.revisions)} of their {_what(review)}.",
                   "reviews.show", review_id=review.id)
            get_session().commit()
            flash("Revision sent back to your mentor.", "success")
            return redirect(url_for("reviews.show", review_id=review.id))
        form.text.errors.append(f"Your message has {problem}.")
    return _render(review, False, form, 422)
