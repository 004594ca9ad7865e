"""The scenario catalogue, a scenario's introduction, the learner's progress, and authors' analytics."""

from __future__ import annotations

from flask import Response, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from learnpm.auth.roles import role_required
from learnpm.core.search import clean_query
from learnpm.db import get_session
from learnpm.reviews.queries import reviewed_messages
from learnpm.scenarios import queries
from learnpm.scenarios.core.content.scenario import Scenario
from learnpm.scenarios.core.play import engine
from learnpm.scenarios.core.play.catalogue import LENGTHS, filter_cards
from learnpm.scenarios.core.play.finding import DEFAULT_SORT, SORTS, search_cards, sort_cards
from learnpm.scenarios.core.play.map import scenario_map_svg
from learnpm.scenarios.core.play.modes import DECISION_SECONDS, MODES
from learnpm.scenarios.core.play.progress import progress_report
from learnpm.scenarios.core.play.scoring import scores_of_sums, weakest_competencies
from learnpm.scenarios.library import competencies, loaded, scenario_or_404, scenario_titles
from learnpm.scenarios.web import bp
from learnpm.scenarios.web.forms import StartForm

RECENT_PLAYS = 50  # attempts listed on the progress and intro pages, the latest first; the scores count every one


@bp.get("/scenarios/")
@login_required
def catalogue() -> ResponseReturnValue:
    """List the scenarios matching the search and the filters (competency, length, done / not done), sorted."""
    session = get_session()
    finished = queries.finished_scenario_ids(session, current_user)
    in_progress = queries.unfinished_scenario_ids(session, current_user)
    args = {key: request.args.get(key, "", type=str)[:100] for key in ("competency", "length", "status")}
    query = clean_query(request.args.get("q", "", type=str))
    sort = request.args.get("sort", "", type=str)
    sort = sort if sort in SORTS else DEFAULT_SORT
    labels = {key: competency.label for key, competency in competencies().items()}
    cards = search_cards(filter_cards(loaded().cards.values(), finished_ids=finished, **args), query, labels)
    cards = sort_cards(cards, sort, finished, in_progress, _weakest(sort))
    return render_template(
        "scenarios/catalogue.html", cards=cards, total=len(loaded().cards), args=args, query=query, sort=sort,
        filters={key: value for key, value in args.items() if value}, sorts=SORTS, finished=finished,
        in_progress=in_progress, competencies=competencies(), lengths=LENGTHS,
        weeks=list(loaded().library.weeks.values()), scenarios=loaded().library.scenarios,
    )


def _weakest(sort: str) -> list[str]:
    """Return the learner's weakest competencies, read only when the recommended order needs them."""
    if sort != "recommended":
        return []
    sums = queries.competency_totals(get_session(), [current_user.id])[current_user.id]
    return weakest_competencies(scores_of_sums(sums), competencies(), limit=len(competencies()))


@bp.get("/scenarios/<scenario_id>")
@login_required
def intro(scenario_id: str) -> ResponseReturnValue:
    """Introduce a scenario: the role, what it trains, the meters; start or resume it."""
    return _intro(scenario_or_404(scenario_id), StartForm())


def _intro(scenario: Scenario, form: StartForm, status: int = 200) -> ResponseReturnValue:
    """Render a scenario's introduction with the form that starts a day."""
    plays = queries.recent_plays(get_session(), current_user, RECENT_PLAYS, scenario.id)
    return render_template(
        "scenarios/intro.html", scenario=scenario, card=loaded().cards[scenario.id], plays=plays,
        current=queries.latest_unfinished(get_session(), current_user, scenario.id), competencies=competencies(),
        start_form=form, modes=MODES,
    ), status


@bp.post("/scenarios/<scenario_id>/start")
@login_required
def start(scenario_id: str) -> ResponseReturnValue:
    """Begin a new attempt at the scenario, played the way the learner chose."""
    scenario = scenario_or_404(scenario_id)
    form = StartForm()
    if not form.validate_on_submit():
        return _intro(scenario, form, 422)
    seconds = DECISION_SECONDS if form.timed.data else None
    play = queries.start_play(get_session(), current_user, scenario, engine.start(scenario), mode=form.mode.data,
                              decision_seconds=seconds)
    get_session().commit()
    return redirect(url_for("scenarios.play", play_id=play.id))


@bp.get("/scenarios/progress")
@login_required
def progress() -> ResponseReturnValue:
    """Show the learner's score per competency, their attempts, and what to practise next."""
    session, me = get_session(), current_user.id
    report = progress_report(queries.play_tallies(session, current_user),
                             queries.competency_totals(session, [me])[me], loaded().library.scenarios, competencies(),
                             queries.self_scored_messages(session, [me])[me], reviewed_messages(session, [me])[me])
    return render_template("scenarios/progress.html", report=report, competencies=competencies(),
                           cards=loaded().cards, plays=queries.plays_page(session, current_user, request.args.get("after"), RECENT_PLAYS),
                           titles=scenario_titles())


@bp.get("/scenarios/<scenario_id>/analytics")
@role_required("mentor", "admin")
def analytics(scenario_id: str) -> ResponseReturnValue:
    """Show authors which choices learners take, where they stop, and which endings they reach."""
    scenario = scenario_or_404(scenario_id)
    session = get_session()
    return render_template(
        "scenarios/analytics.html", scenario=scenario, counts=queries.choice_counts(session, scenario.id),
        outcomes=queries.play_outcomes(session, scenario.id),
    )


@bp.get("/scenarios/<scenario_id>/map.svg")
@role_required("mentor", "admin")
def map_svg(scenario_id: str) -> ResponseReturnValue:
    """Send the scenario's graph as an SVG picture."""
    return Response(scenario_map_svg(scenario_or_404(scenario_id)), mimetype="image/svg+xml")


@bp.get("/scenarios/<scenario_id>/map")
@role_required("mentor", "admin")
def map_page(scenario_id: str) -> ResponseReturnValue:
    """Show the scenario's graph on a page."""
    return render_template("scenarios/map.html", scenario=scenario_or_404(scenario_id))
