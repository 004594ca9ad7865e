"""The player: a play's current card, its moves, its debrief."""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from learnpm.access import found_or_404
from learnpm.core.search import clean_query
from learnpm.db import get_session
from learnpm.reviews.queries import answer_mentors
from learnpm.scenarios import queries
from learnpm.scenarios.core.content.scenario import Node, Scenario, WriteTask, text_for
from learnpm.scenarios.core.play import debrief as debriefing
from learnpm.scenarios.core.play import engine, saves
from learnpm.scenarios.core.play.charts import meter_chart
from learnpm.scenarios.core.play.engine import PlayError, PlayState
from learnpm.scenarios.core.play.finding import LONG_DAY, MOVE_FILTERS, find_moves
from learnpm.scenarios.core.play.order import choice_order
from learnpm.scenarios.core.play.position import position, time_left
from learnpm.scenarios.core.play.scoring import competency_scores, move_scores
from learnpm.scenarios.library import competencies, loaded, scenario_or_404
from learnpm.scenarios.models import Play
from learnpm.scenarios.sealing import save_key
from learnpm.scenarios.web import bp
from learnpm.scenarios.web.forms import ChoiceForm, DraftForm, MoveForm, WaitForm, assessment_form
from learnpm.templating import clock

STALE_FORM = "That page was out of date, so nothing was changed. Here is where your day stands now."


@dataclass
class LoadedPlay:
    """A play with its scenario and its replayed state."""

    play: Play
    scenario: Scenario
    state: PlayState


def _load(play_id: int) -> LoadedPlay:
    """Return the user's play, or answer 404, or 409 with a page saying the scenario has changed since."""
    play = found_or_404(queries.get_play(get_session(), play_id, current_user))
    scenario = scenario_or_404(play.scenario_id)
    try:
        state = saves.from_dict(scenario, play.state, save_key())
    except engine.SaveError:
        abort(make_response(render_template("scenarios/outdated.html", play=play, scenario=scenario), 409))
    return LoadedPlay(play, scenario, state)


def _render(loaded_play: LoadedPlay, status: int = 200, **forms: object) -> ResponseReturnValue:
    """Render the current card of the play with the last move's feedback."""
    scenario, state, play = loaded_play.scenario, loaded_play.state, loaded_play.play
    node, feedback, coached = engine.current_node(scenario, state), debriefing.last_move(scenario, state), \
        play.play_mode.coached
    # The answers are shown only after a written move, when coached: other cards need not read them.
    written = feedback is not None and not feedback.entry.chosen and coached
    context = {
        "play": play, "scenario": scenario, "state": state, "node": node, "feedback": feedback,
        "competencies": competencies(), "coached": coached,
        "answers": {answer.node_id: answer for answer in play.answers} if written else {},
        "where": None if state.finished else position(scenario, state), "time_left": time_left(scenario, state),
        "node_text": text_for(node.text_parts, state.meters, state.flags, state.clock) if node.text_parts else node.text,
        "week": _week_of(play),
    }
    if isinstance(node, WriteTask):
        context.update(_write_context(play, node, forms))
    elif isinstance(node, Node):
        context.update(choices=choice_order(node, play.seed), timed=bool(play.decision_seconds) and not state.finished)
    context.setdefault("choice_form", forms.get("choice_form") or ChoiceForm(move=play.moves))
    return render_template("scenarios/play.html", **context), status


def _week_of(play: Play) -> dict[str, object] | None:
    """Return where a day of a week stands in its week: the week, the day's number and the next day's title."""
    week = loaded().library.weeks.get(play.week_run.week_id) if play.week_run else None
    if week is None or play.week_day is None:
        return None
    following = week.days[play.week_day] if play.week_day < len(week.days) else None
    return {"week": week, "run_id": play.week_run_id, "number": play.week_day, "total": len(week.days),
            "next_title": loaded().library.scenarios[following].title if following else None}


def _write_context(play: Play, task: WriteTask, forms: dict[str, object]) -> dict[str, object]:
    """Return what a write task shows: the draft form, or the self-assessment of the draft."""
    editing = play.draft_text is None or request.args.get("edit") == "1" or "draft_form" in forms
    if editing:
        form = forms.get("draft_form") or DraftForm(move=play.moves, text=play.draft_text or "")
        return {"draft_form": form, "assessing": False}
    form = forms.get("assess_form") or assessment_form(task)(move=play.moves)
    return {"assess_form": form, "assessing": True}


@bp.get("/plays/<int:play_id>")
@login_required
def play(play_id: int) -> ResponseReturnValue:
    """Show where the play stands: the current card, or the ending."""
    return _render(_load(play_id))


def _stale(form: MoveForm, loaded_play: LoadedPlay) -> bool:
    """Tell whether the form was made for another move than the play is at (a replay or an old tab)."""
    return form.move.data != loaded_play.play.moves or loaded_play.state.finished


@bp.post("/plays/<int:play_id>/choose")
@login_required
def choose(play_id: int) -> ResponseReturnValue:
    """Take a choice at the current decision."""
    loaded_play = _load(play_id)
    form = ChoiceForm()
    if _stale(form, loaded_play) or not form.validate_on_submit():
        flash(STALE_FORM, "warning")
        return redirect(url_for("scenarios.play", play_id=play_id))
    try:
        state = engine.choose(loaded_play.scenario, loaded_play.state, form.choice.data)
    except PlayError:
        flash("That choice is not one of the options on this card. Pick one of the buttons below.", "error")
        return redirect(url_for("scenarios.play", play_id=play_id))
    queries.save_state(get_session(), loaded_play.play, loaded_play.scenario, state)
    get_session().commit()
    return redirect(url_for("scenarios.play", play_id=play_id, _anchor="feedback"))


@bp.post("/plays/<int:play_id>/wait")
@login_required
def wait(play_id: int) -> ResponseReturnValue:
    """Let a timed decision run out: the day moves on without the learner (the page's timer sends this)."""
    loaded_play = _load(play_id)
    form, state = WaitForm(), loaded_play.state
    if (_stale(form, loaded_play) or not form.validate_on_submit() or form.clock.data != state.clock
            or not loaded_play.play.decision_seconds):
        flash(STALE_FORM, "warning")
        return redirect(url_for("scenarios.play", play_id=play_id))
    try:
        state = engine.wait(loaded_play.scenario, state)
    except PlayError:
        flash("Only decisions are timed, so nothing was changed.", "info")
        return redirect(url_for("scenarios.play", play_id=play_id))
    queries.save_state(get_session(), loaded_play.play, loaded_play.scenario, state)
    get_session().commit()
    flash(f"Time ran out on that decision: the day moved on to {clock(state.clock)} without you.", "warning")
    return redirect(url_for("scenarios.play", play_id=play_id))


@bp.post("/plays/<int:play_id>/timer-off")
@login_required
def timer_off(play_id: int) -> ResponseReturnValue:
    """Turn the timer off for the rest of this play."""
    loaded_play = _load(play_id)
    if MoveForm().validate_on_submit():
        loaded_play.play.decision_seconds = None
        get_session().commit()
        flash("The timer is off for the rest of this day: take all the time you need.", "info")
    return redirect(url_for("scenarios.play", play_id=play_id))


@bp.post("/plays/<int:play_id>/draft")
@login_required
def draft(play_id: int) -> ResponseReturnValue:
    """Keep the learner's message, then ask them to score it against the rubric."""
    loaded_play = _load(play_id)
    node = engine.current_node(loaded_play.scenario, loaded_play.state)
    form = DraftForm()
    if not isinstance(node, WriteTask) or _stale(form, loaded_play):
        flash(STALE_FORM, "warning")
        return redirect(url_for("scenarios.play", play_id=play_id))
    if form.validate_on_submit():
        problem = node.word_limit_problem(form.text.data)
        if problem is None:
            loaded_play.play.draft_text = form.text.data.strip()
            get_session().commit()
            return redirect(url_for("scenarios.play", play_id=play_id, _anchor="assess"))
        form.text.errors.append(f"Your message has {problem}.")
    return _render(loaded_play, 422, draft_form=form)


@bp.post("/plays/<int:play_id>/assess")
@login_required
def assess(play_id: int) -> ResponseReturnValue:
    """Score the draft against the rubric, then move on and show the model answer."""
    loaded_play = _load(play_id)
    play, node = loaded_play.play, engine.current_node(loaded_play.scenario, loaded_play.state)
    if not isinstance(node, WriteTask) or play.draft_text is None:
        flash(STALE_FORM, "warning")
        return redirect(url_for("scenarios.play", play_id=play_id))
    form = assessment_form(node)()
    if _stale(form, loaded_play):
        flash(STALE_FORM, "warning")
        return redirect(url_for("scenarios.play", play_id=play_id))
    if not form.validate_on_submit():
        return _render(loaded_play, 422, assess_form=form)
    scores = {criterion.id: int(form[f"score_{criterion.id}"].data) for criterion in node.rubric}
    try:
        state = engine.submit_write(loaded_play.scenario, loaded_play.state, play.draft_text, scores)
    except PlayError as error:
        flash(str(error), "error")
        return redirect(url_for("scenarios.play", play_id=play_id, edit=1))
    queries.record_answer(get_session(), play, node.id, play.draft_text, scores, engine.is_strong(node, play.draft_text))
    play.draft_text = None
    queries.save_state(get_session(), play, loaded_play.scenario, state)
    get_session().commit()
    return redirect(url_for("scenarios.play", play_id=play_id, _anchor="feedback"))


@bp.get("/plays/<int:play_id>/debrief")
@login_required
def debrief(play_id: int) -> ResponseReturnValue:
    """Replay the day: each move with its feedback, the best path, the meters and the competencies."""
    loaded_play = _load(play_id)
    scenario, state = loaded_play.scenario, loaded_play.state
    best = debriefing.best_day(scenario)
    path = debriefing.path(scenario, state, loaded_play.play.seed)
    points = debriefing.meter_points(scenario, state)
    find, show = clean_query(request.args.get("find", "", type=str)), request.args.get("show", "", type=str)
    show = show if show in MOVE_FILTERS else ""
    return render_template(
        "scenarios/debrief.html", play=loaded_play.play, scenario=scenario, state=state,
        path=path, shown=find_moves(path, find, show), find=find, show=show, move_filters=MOVE_FILTERS,
        long_day=LONG_DAY, ideal_path=best.path, ideal=best.state,
        chart=meter_chart(scenario, points), points=points,
        scores=competency_scores(move_scores(scenario, state)), competencies=competencies(),
        answers={answer.node_id: answer for answer in loaded_play.play.answers},
        review_mentors=answer_mentors(get_session(), current_user),
    )


@bp.post("/plays/<int:play_id>/retry/<int:move>")
@login_required
def retry(play_id: int, move: int) -> ResponseReturnValue:
    """Start a new attempt that replays this play up to a decision, to try that decision again."""
    loaded_play = _load(play_id)
    if not 0 <= move < loaded_play.play.moves:
        abort(404)  # no such decision in this play
    state = debriefing.replay_moves(loaded_play.scenario, loaded_play.state, move)
    new_play = queries.start_play(get_session(), current_user, loaded_play.scenario, state, retry_of=loaded_play.play)
    get_session().commit()
    flash("You are back at that decision. The rest of the day will follow from what you choose now.", "info")
    return redirect(url_for("scenarios.play", play_id=new_play.id))
