"""Project weeks: a week's page, starting it, going on to the next day, and the week's debrief."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from learnpm.access import found_or_404
from learnpm.charts import Bar, bar_chart
from learnpm.db import get_session
from learnpm.scenarios import weeks
from learnpm.scenarios.core.content.week import Week
from learnpm.scenarios.core.play.modes import MODES
from learnpm.scenarios.core.play.weekstory import WeekStory, week_story
from learnpm.scenarios.library import competencies, loaded
from learnpm.scenarios.models import WeekRun
from learnpm.scenarios.web import bp
from learnpm.scenarios.web.forms import StartForm


def week_or_404(week_id: str) -> Week:
    """Return the playable week with this id, or answer 404."""
    return found_or_404(loaded().library.weeks.get(week_id))


@bp.get("/scenarios/weeks/<week_id>")
@login_required
def week(week_id: str) -> ResponseReturnValue:
    """Introduce a week: the project, its days in order, what carries over; start it or go on with it."""
    return _week_page(week_or_404(week_id), StartForm())


def _week_page(found: Week, form: StartForm, status: int = 200) -> ResponseReturnValue:
    runs = weeks.runs_of(get_session(), current_user, found.id)
    scenarios = loaded().library.scenarios
    current = next((run for run in runs if run.finished_at is None), None)
    return render_template(
        "scenarios/week.html", week=found, days=[scenarios[day] for day in found.days], runs=runs, current=current,
        current_play=_current_play(current), start_form=form, modes=MODES, competencies=competencies(),
        carried_labels=[scenarios[found.days[0]].meters[meter].label.lower() for meter in found.carried_meters],
    ), status


def _current_play(run: WeekRun | None):  # type: ignore[no-untyped-def]
    """Return the latest day a run has started, or None."""
    return max(run.days, key=lambda day: day.week_day or 0) if run is not None and run.days else None


@bp.post("/scenarios/weeks/<week_id>/start")
@login_required
def start_week(week_id: str) -> ResponseReturnValue:
    """Begin a new run of the week with its first day, played the way the learner chose."""
    found = week_or_404(week_id)
    form = StartForm()
    if not form.validate_on_submit():
        return _week_page(found, form, 422)
    first = loaded().library.scenarios[found.days[0]]
    play = weeks.start_week(get_session(), current_user, found, first, form.mode.data)
    get_session().commit()
    return redirect(url_for("scenarios.play", play_id=play.id))


@bp.post("/scenarios/weeks/runs/<int:run_id>/next")
@login_required
def next_day(run_id: int) -> ResponseReturnValue:
    """Start the next day of the week from what the day before left."""
    run = found_or_404(weeks.run_of(get_session(), run_id, current_user))
    found = week_or_404(run.week_id)
    play = weeks.start_next_day(get_session(), current_user, run, found, loaded().library.scenarios)
    if play is None:
        flash("There is no next day to start: finish the day you are on, or read how the week went.", "info")
        return redirect(url_for("scenarios.week_debrief", run_id=run.id))
    get_session().commit()
    return redirect(url_for("scenarios.play", play_id=play.id))


@bp.get("/scenarios/weeks/runs/<int:run_id>")
@login_required
def week_debrief(run_id: int) -> ResponseReturnValue:
    """Tell the week: how each day ended, the meters from day to day, and what carried over."""
    run = found_or_404(weeks.run_of(get_session(), run_id, current_user))
    found = week_or_404(run.week_id)
    scenarios = loaded().library.scenarios
    states = weeks.day_states(run, scenarios)
    weeks.finish_if_done(run, found, states)
    get_session().commit()
    story = week_story(found, scenarios, states)
    plays = {play.week_day: play for play in run.days}
    return render_template("scenarios/week_debrief.html", week=found, run=run, story=story, plays=plays,
                           charts=_meter_charts(story))


def _meter_charts(story: WeekStory) -> list[str]:
    """Return a bar chart per carried meter: its value at the end of each finished day."""
    names = [day.title for day in story.days]
    return [bar_chart(f"{label} at the end of each day", [Bar(names[i], float(v)) for i, v in enumerate(values)],
                      unit="of 100") for label, values in story.meters.items() if values]
