"""Reads and writes of project weeks: a run's days are plays, each started from what the day before left."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from learnpm.auth.models import User
from learnpm.clock import utcnow
from learnpm.scenarios.core.content.scenario import Scenario
from learnpm.scenarios.core.content.week import Week, carry_over
from learnpm.scenarios.core.play import engine, saves
from learnpm.scenarios.core.play.engine import PlayState
from learnpm.scenarios.models import Play, WeekRun
from learnpm.scenarios.queries import start_play
from learnpm.scenarios.sealing import save_key


def start_week(session: Session, user: User, week: Week, first_day: Scenario, mode: str) -> Play:
    """Begin a run of the week and its first day."""
    run = WeekRun(user_id=user.id, week_id=week.id, mode=mode)
    session.add(run)
    session.flush()
    return _day_play(session, user, run, 1, first_day, engine.start(first_day))


def _day_play(session: Session, user: User, run: WeekRun, number: int, scenario: Scenario, state: PlayState) -> Play:
    play = start_play(session, user, scenario, state, mode=run.mode)
    play.week_run_id, play.week_day = run.id, number
    session.flush()
    return play


def run_of(session: Session, run_id: int, user: User) -> WeekRun | None:
    """Return the user's own run of a week; anyone else's is as good as missing."""
    run = session.get(WeekRun, run_id)
    return run if run is not None and run.user_id == user.id else None


def runs_of(session: Session, user: User, week_id: str) -> list[WeekRun]:
    """Return the user's runs of a week, newest first."""
    query = select(WeekRun).where(WeekRun.user_id == user.id, WeekRun.week_id == week_id)
    return list(session.scalars(query.order_by(WeekRun.started_at.desc(), WeekRun.id.desc())))


def day_states(run: WeekRun, scenarios: Mapping[str, Scenario]) -> list[PlayState]:
    """Return the state each played day of a run has reached, in order (a changed day stops the list)."""
    states = []
    for play in sorted(run.days, key=lambda day: day.week_day or 0):
        scenario = scenarios.get(play.scenario_id)
        try:
            states.append(saves.from_dict(scenario, play.state, save_key()) if scenario else None)
        except engine.SaveError:
            break
        if states[-1] is None:
            states.pop()
            break
    return states


def start_next_day(session: Session, user: User, run: WeekRun, week: Week,
                   scenarios: Mapping[str, Scenario]) -> Play | None:
    """Start the day after the last finished one, from what it left; None when there is none to start."""
    states = day_states(run, scenarios)
    if not states or not states[-1].finished or len(run.days) != len(states) or len(states) >= len(week.days):
        return None
    last = scenarios[week.days[len(states) - 1]]
    carried = carry_over(week, last, states[-1].meters, states[-1].flags, states[-1].carried)
    following = scenarios[week.days[len(states)]]
    return _day_play(session, user, run, len(states) + 1, following, engine.start(following, carried))


def finish_if_done(run: WeekRun, week: Week, states: list[PlayState]) -> None:
    """Record that the run is over once its last day has ended."""
    if run.finished_at is None and len(states) == len(week.days) and states[-1].finished:
        run.finished_at = utcnow()
