"""Review pages: the learner asks and revises; the mentor scores with the same rubric and decides.

A review is of a written answer (scored on its write task's rubric) or of a project description (scored on the
description rubric in the content folder). Both go through the same states and pages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required
from wtforms import RadioField, SelectChoice, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from learnpm.access import found_or_404, owned_or_404
from learnpm.auth.models import User
from learnpm.clock import utcnow
from learnpm.db import by_id, get_session
from learnpm.experience.core.description import description_report
from learnpm.experience.models import Project
from learnpm.experience.values import description_parts
from learnpm.forms import SiteForm
from learnpm.inputs import as_id
from learnpm.locks import lock_accounts
from learnpm.notifications.queries import notify, resolve
from learnpm.pagination import Page
from learnpm.reviews import queries
from learnpm.reviews.models import Review
from learnpm.reviews.queue import mentor_queue_page
from learnpm.reviews.rubrics import description_rubric
from learnpm.reviews.states import MENTOR_STATES, STATES, can_move, word_diff
from learnpm.scenarios.core.content.scenario import RubricCriterion, WriteTask
from learnpm.scenarios.library import loaded
from learnpm.scenarios.models import WriteAnswer
from learnpm.verification.queries import record, record_read

bp = Blueprint("reviews", __name__, url_prefix="/reviews")


@dataclass(frozen=True)
class Subject:
    """What a review is about, as its pages need it."""

    heading: str
    what: str  # for notifications and the audit log: "written answer in “…”", "description of “…”"
    rubric: tuple[RubricCriterion, ...]
    length_problem: Callable[[str], str | None] | None  # None: judged as assembled on the project page


def _subject(review: Review, answer: WriteAnswer | None = None, project: Project | None = None) -> Subject:
    """Return what the review is about (404 when a scenario has changed shape under an old answer).

    The answer or project may be given when the caller has already read it.
    """
    if review.of_description:
        project = project or by_id(get_session(), Project, review.project_id)
        return Subject(f"the description of “{project.title}”", queries.review_label(review, None, project),
                       description_rubric().criteria, None)
    answer = answer or by_id(get_session(), WriteAnswer, review.answer_id)
    task = found_or_404(_task_of(answer))
    return Subject(task.prompt, queries.review_label(review, answer, None), task.rubric, task.word_limit_problem)


def _task_of(answer: WriteAnswer) -> WriteTask | None:
    """Return the write task an answer was written for, or None when its scenario no longer has it."""
    scenario = loaded().library.scenarios.get(answer.scenario_id)
    task = scenario.nodes.get(answer.node_id) if scenario else None
    return task if isinstance(task, WriteTask) else None


def _review_or_404(review_id: int, as_mentor: bool) -> Review:
    """Return a review this user takes part in on the given side (mentor or learner), or answer 404."""
    review, mentor = found_or_404(queries.visible_review(get_session(), review_id, current_user))
    return found_or_404(review if mentor == as_mentor else None)


def _locked_review_or_404(review_id: int, as_mentor: bool) -> Review:
    """Return the review as `_review_or_404` does, with its learner's data locked so that no other step lands first."""
    review = _review_or_404(review_id, as_mentor)
    lock_accounts(get_session(), review.learner_id)
    return _review_or_404(review_id, as_mentor)  # as it is now that no one else can move it


def _rubric_form(rubric: tuple[RubricCriterion, ...], with_comments: bool = False, with_text: bool = False,
                 mentors: list[tuple[int, str]] | None = None) -> SiteForm:
    """Return a form with a level per rubric criterion, and a comment, the revised text or a mentor to ask."""

    class RubricForm(SiteForm):
        pass

    if mentors is not None:
        RubricForm.mentor = RadioField("Which mentor?", choices=[SelectChoice(str(i), name) for i, name in mentors],
                                       default=str(mentors[0][0]) if len(mentors) == 1 else None,
                                       validators=[InputRequired("Choose the mentor to ask.")])
    for criterion in rubric:
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


def _scores(form: SiteForm, rubric: tuple[RubricCriterion, ...]) -> dict[str, int]:
    """Return the level chosen for each criterion."""
    return {c.id: int(form[f"score_{c.id}"].data) for c in rubric}


LISTED = 50  # reviews of each list on a page of the index; the rest are a page away

@bp.post("/answers/<int:answer_id>")
@login_required
def ask(answer_id: int) -> ResponseReturnValue:
    """Ask one of the learner's mentors to review a written answer."""
    session = get_session()
    lock_accounts(session, current_user.id)  # a second click finds the review the first one made
    mentors = {link.mentor_id for link in queries.answer_mentors(session, current_user)}
    mentor_id = request.form.get("mentor", type=as_id)
    answer = found_or_404(queries.own_answer(session, answer_id, current_user) if mentor_id in mentors else None)
    review, new = queries.start_review(session, answer, current_user, mentor_id, utcnow())
    if new:
        _tell_mentor(review, f"sent their {_subject(review).what} for review.")
    session.commit()
    flash("Sent for review. You will see your mentor's scores beside your own here.", "success")
    return redirect(url_for("reviews.show", review_id=review.id))


@bp.route("/projects/<int:project_id>", methods=["GET", "POST"])
@login_required
def ask_description(project_id: int) -> ResponseReturnValue:
    """Score a project's description on the rubric, then ask a mentor who sees projects to review it."""
    session = get_session()
    if request.method == "POST":
        lock_accounts(session, current_user.id)  # a second click finds the review the first one made
    project = owned_or_404(session, Project, project_id, current_user)
    links = queries.experience_mentors(session, current_user)
    rubric = description_rubric()
    report = description_report(description_parts(project))
    form = _rubric_form(rubric.criteria, mentors=[(link.mentor_id, link.mentor.display_name) for link in links])
    if links and report.text and form.validate_on_submit():
        review, new = queries.start_description_review(session, project, report.text, _scores(form, rubric.criteria),
                                                       int(form.mentor.data), utcnow())
        if new:
            _tell_mentor(review, f"sent the {_subject(review).what} for review.")
            flash("Sent for review. You will see your mentor's scores beside your own here.", "success")
        else:
            flash("This description is already with that mentor; here is the review.", "info")
        session.commit()
        return redirect(url_for("reviews.show", review_id=review.id))
    return render_template("reviews/ask_description.html", project=project, report=report, rubric=rubric, form=form,
                           links=links, reviews=queries.project_reviews(session, project),
                           states=STATES), 422 if form.errors else 200


@bp.get("/")
@login_required
def index() -> ResponseReturnValue:
    """List the learner's reviews and the mentor's queue."""
    session = get_session()
    mine = queries.learner_reviews_page(session, current_user, request.args.get("after"), LISTED)
    queue = (mentor_queue_page(session, current_user, request.args.get("queue_after"), LISTED)
             if current_user.is_mentor else Page([], None, True))
    people = {r.mentor_id for r in mine.items} | {r.learner_id for r in queue.items}
    names = queries.names_of(session, people)
    subjects = queries.subject_labels(session, [*mine.items, *queue.items])
    draft_answers, draft_projects = (queries.drafts(session, current_user, LISTED) if current_user.is_learner
                                     else ([], []))
    titles = {scenario.id: scenario.title for scenario in loaded().library.scenarios.values()}
    return render_template("reviews/index.html", mine=mine, queue=queue, states=STATES,
                           mentor_states=MENTOR_STATES, names=names, subjects=subjects,
                           draft_answers=draft_answers, draft_projects=draft_projects,
                           titles=titles, waiting_states=queries.WAITING_FOR_MENTOR)


@bp.get("/<int:review_id>")
@login_required
def show(review_id: int) -> ResponseReturnValue:
    """Show a review: the latest revision, both sets of scores, the differences, the history."""
    review, as_mentor = found_or_404(queries.visible_review(get_session(), review_id, current_user))
    subject = _subject(review)
    if as_mentor:
        if review.state == "submitted":
            review = _locked_review_or_404(review_id, as_mentor=True)  # a decision made meanwhile must stand
        opened = review.state == "submitted"
        if opened:
            review.state = "in_review"
        if record_read(get_session(), review.learner_id, f"{current_user.display_name} (mentor)",
                       f"read your {subject.what} for review", utcnow()) or opened:
            get_session().commit()
    elif review.state in ("changes_requested", "signed_off"):
        # The learner has now seen the mentor's answer: its notification has done its job.
        resolve(get_session(), current_user.id, utcnow(), "reviews.show", review_id=review.id)
        get_session().commit()
    return _render(review, as_mentor, subject=subject)


def _render(review: Review, as_mentor: bool, form: SiteForm | None = None, status: int = 200,
            subject: Subject | None = None) -> ResponseReturnValue:
    """Render the review page with the form this user may fill in now (`subject` when the caller has read it)."""
    subject = subject or _subject(review)
    revisions = review.revisions
    diff = word_diff(revisions[-2].text, revisions[-1].text) if len(revisions) > 1 else None
    if form is None and as_mentor and review.state in ("submitted", "in_review"):
        form = _rubric_form(subject.rubric, with_comments=True)
    elif form is None and not as_mentor and review.state == "changes_requested":
        form = _rubric_form(subject.rubric, with_text=not review.of_description)
        if not review.of_description:
            form.text.data = revisions[-1].text
    return render_template("reviews/show.html", review=review, subject=subject, as_mentor=as_mentor, form=form,
                           latest=revisions[-1], feedback=review.feedback[-1] if review.feedback else None,
                           diff=diff, states=MENTOR_STATES if as_mentor else STATES), status


@bp.post("/<int:review_id>/feedback")
@login_required
def feedback(review_id: int) -> ResponseReturnValue:
    """Record the mentor's rubric scores, comments and decision."""
    review = _locked_review_or_404(review_id, as_mentor=True)
    decision = request.form.get("decision", "")
    if not can_move(review.state, decision, by_mentor=True):
        flash("This review has moved on since the page was loaded; nothing was changed.", "warning")
        return redirect(url_for("reviews.show", review_id=review.id))
    subject = _subject(review)
    form = _rubric_form(subject.rubric, with_comments=True)
    if not form.validate_on_submit():
        return _render(review, True, form, 422)
    comments = {c.id: (form[f"comment_{c.id}"].data or "").strip() for c in subject.rubric}
    queries.add_feedback(review, _scores(form, subject.rubric), comments, (form.overall.data or "").strip(), decision,
                         utcnow())
    record(get_session(), review.learner_id, f"{current_user.display_name} (mentor)",
           f"reviewed your {subject.what}: {STATES[decision].lower()}")
    verdict = "signed off" if decision == "signed_off" else "asked for changes to"
    notify(get_session(), get_session().get(User, review.learner_id), "review_done",
           f"{current_user.display_name} {verdict} your {subject.what}.", "reviews.show", review_id=review.id)
    resolve(get_session(), current_user.id, utcnow(), "reviews.show", review_id=review.id)
    get_session().commit()
    flash(f"Review sent: {STATES[decision].lower()}.", "success")
    return redirect(url_for("reviews.show", review_id=review.id))


@bp.post("/<int:review_id>/revise")
@login_required
def revise(review_id: int) -> ResponseReturnValue:
    """Submit a revision with fresh self-scores: a rewritten answer, or the description as the project now has it."""
    review = _locked_review_or_404(review_id, as_mentor=False)
    if not can_move(review.state, "submitted", by_mentor=False):
        flash("This review is not waiting for changes; nothing was changed.", "warning")
        return redirect(url_for("reviews.show", review_id=review.id))
    subject = _subject(review)
    form = _rubric_form(subject.rubric, with_text=not review.of_description)
    if form.validate_on_submit():
        text, problem = _revised_text(review, form, subject)
        if problem is None:
            queries.add_revision(review, text, _scores(form, subject.rubric), utcnow())
            _tell_mentor(review, f"sent revision {len(review.revisions)} of their {subject.what}.")
            get_session().commit()
            flash("Revision sent back to your mentor.", "success")
            return redirect(url_for("reviews.show", review_id=review.id))
        if review.of_description:
            form.form_errors.append(problem)
        else:
            form.text.errors.append(f"Your message has {problem}.")
    return _render(review, False, form, 422)


def _revised_text(review: Review, form: SiteForm, subject: Subject) -> tuple[str, str | None]:
    """Return the text of the new revision and why it cannot be sent, if it cannot."""
    if subject.length_problem is not None:
        text = form.text.data.strip()
        return text, subject.length_problem(text)
    text = description_report(description_parts(get_session().get(Project, review.project_id))).text
    if text == review.revisions[-1].text:
        return text, (f"The description has not changed since revision {review.revisions[-1].number}: "
                      "edit it on the project page first, then send it again.")
    return text, None


def _tell_mentor(review: Review, what_happened: str) -> None:
    """Notify the review's mentor that the learner sent something."""
    notify(get_session(), get_session().get(User, review.mentor_id), "review_waiting",
           f"{current_user.display_name} {what_happened}", "reviews.show", review_id=review.id)
