"""Reads and writes of plays, decisions and answers. Functions flush; the view commits."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping
from typing import Any

from sqlalchemy import bindparam, delete, func, insert, select, update
from sqlalchemy.orm import Session, defer
from sqlalchemy.orm.attributes import set_committed_value

from learnpm.auth.models import User
from learnpm.clock import utcnow
from learnpm.db import by_id, read
from learnpm.pagination import NewestFirst, Page, newest_first, parse_time_cursor, time_cursor
from learnpm.scenarios.core.content.scenario import Scenario
from learnpm.scenarios.core.play import saves
from learnpm.scenarios.core.play.engine import PlayState
from learnpm.scenarios.core.play.modes import COACHED
from learnpm.scenarios.core.play.order import new_seed
from learnpm.scenarios.core.play.progress import Tally
from learnpm.scenarios.core.play.scoring import move_scores
from learnpm.scenarios.models import CompetencyTotal, Play, PlayDecision, WriteAnswer
from learnpm.scenarios.sealing import save_key
from learnpm.scenarios.tallying import add_decisions


def get_play(session: Session, play_id: int, user: User) -> Play | None:
    """Return the user's own play with this id; another user's play is as good as missing."""
    play = by_id(session, Play, play_id)
    return play if play is not None and play.user_id == user.id else None


def start_play(session: Session, user: User, scenario: Scenario, state: PlayState, retry_of: Play | None = None,
               mode: str = COACHED, decision_seconds: int | None = None) -> Play:
    """Create a play at `state`: the start of the day in `mode` (timed or not), or a retried decision, which keeps
    its parent's seed, mode and timer."""
    if retry_of is not None:
        mode, decision_seconds = retry_of.mode, retry_of.decision_seconds
    play = Play(user_id=user.id, scenario_id=scenario.id, state={}, node_id=state.node_id,
                seed=retry_of.seed if retry_of else new_seed(), mode=mode, decision_seconds=decision_seconds,
                retry_of_id=retry_of.id if retry_of else None)
    session.add(play)
    session.flush()
    save_state(session, play, scenario, state)
    return play


# A move is the site's most frequent write: two statements built once, without the unit of work's bookkeeping,
# which cost more than the statements themselves.
_PLAYS = Play.__table__
_ADD_DECISIONS = insert(PlayDecision.__table__)
_UPDATE_PLAY = update(_PLAYS).where(_PLAYS.c.id == bindparam("play_id"))


def save_state(session: Session, play: Play, scenario: Scenario, state: PlayState) -> None:
    """Store a new state of the play and a decision row for each move it added, with the moves' scores added to
    the learner's competency totals."""
    added = move_scores(scenario, state, after=play.moves)
    if added:
        session.execute(_ADD_DECISIONS, [
            {"play_id": play.id, "scenario_id": scenario.id, "move": move.move, "node_id": move.node_id,
             "choice_id": move.choice_id, "quality": move.quality, "score": move.score} for move in added])
        add_decisions(session.connection(), play.user_id, [
            Tally(scenario.id, node_id=move.node_id, choice_id=move.choice_id, quality=move.quality,
                  score=move.score, times=1) for move in added])
    now = utcnow()
    values: dict[str, Any] = {"state": saves.to_dict(state, save_key()), "moves": play.moves + len(added),
                              "node_id": state.node_id, "updated_at": now}
    if state.finished and play.ending_id is None:
        values |= {"ending_id": state.ending_id, "finished_at": now,
                   "ending_rating": getattr(scenario.nodes[state.node_id], "rating", None)}
    session.execute(_UPDATE_PLAY, {"play_id": play.id, **values})
    for name, value in values.items():  # the play in hand is what was stored: nothing left for a flush to write
        set_committed_value(play, name, value)


def competency_totals(session: Session, learner_ids: Collection[int]) -> dict[int, dict[str, tuple[float, int]]]:
    """Return each learner's stored competency sums: (sum of scores, number of choices) per competency."""
    rows = read(session, _COMPETENCY_TOTALS, {"ids": list(learner_ids)})
    totals: dict[int, dict[str, tuple[float, int]]] = {learner_id: {} for learner_id in learner_ids}
    for learner_id, competency, total, count in rows:
        totals[learner_id][competency] = (total, count)
    return totals


_COMPETENCY_TOTALS = select(CompetencyTotal.user_id, CompetencyTotal.competency, CompetencyTotal.score_sum,
                            CompetencyTotal.moves).where(CompetencyTotal.user_id.in_(bindparam("ids", expanding=True)))


def rebuild_competency_totals(session: Session, user_id: int, sums: Mapping[str, tuple[float, int]]) -> None:
    """Replace the learner's competency totals with these sums (recomputed from their moves)."""
    session.execute(delete(CompetencyTotal).where(CompetencyTotal.user_id == user_id))
    session.add_all(CompetencyTotal(user_id=user_id, competency=competency, score_sum=total, moves=count)
                    for competency, (total, count) in sums.items())
    session.flush()


def decision_tallies_of(session: Session, user_id: int) -> list[Any]:
    """Return each distinct move the learner made with how many times, counted by the database."""
    columns = (PlayDecision.scenario_id, PlayDecision.node_id, PlayDecision.choice_id, PlayDecision.quality,
               PlayDecision.score)
    return list(read(session, select(*columns, func.count(PlayDecision.id).label("times"))
                              .join(Play, Play.id == PlayDecision.play_id).where(Play.user_id == user_id)
                              .group_by(*columns)))


def record_answer(session: Session, play: Play, node_id: str, text: str, scores: dict[str, int], strong: bool) -> None:
    """Keep the message the learner wrote, with their own scores."""
    session.add(WriteAnswer(play_id=play.id, scenario_id=play.scenario_id, node_id=node_id, move=play.moves,
                            text=text, self_scores=scores, strong=strong))


def self_scored_messages(session: Session, learner_ids: Collection[int]) -> dict[int, list[Any]]:
    """Return each learner's written answers as (scenario_id, node_id, scores) rows, scores being their own."""
    by_learner: dict[int, list[Any]] = {learner_id: [] for learner_id in learner_ids}
    for row in read(session, _SELF_SCORED, {"ids": list(learner_ids)}):
        by_learner[row.user_id].append(row)
    return by_learner


_SELF_SCORED = (
    select(Play.user_id, WriteAnswer.scenario_id, WriteAnswer.node_id, WriteAnswer.self_scores.label("scores"))
    .join(Play, Play.id == WriteAnswer.play_id).where(Play.user_id.in_(bindparam("ids", expanding=True)))
    .order_by(WriteAnswer.id))


def plays_of(session: Session, user: User, scenario_id: str | None = None) -> list[Play]:
    """Return the user's plays, newest first, optionally of one scenario."""
    query = select(Play).where(Play.user_id == user.id)
    if scenario_id is not None:
        query = query.where(Play.scenario_id == scenario_id)
    return list(session.scalars(query.order_by(Play.updated_at.desc(), Play.id.desc())))


def recent_plays(session: Session, user: User, limit: int, scenario_id: str | None = None) -> list[Play]:
    """Return the user's `limit` latest plays (of one scenario when given), newest first, without their states."""
    query = select(Play).options(defer(Play.state)).where(Play.user_id == user.id)
    if scenario_id is not None:
        query = query.where(Play.scenario_id == scenario_id)
    return list(session.scalars(query.order_by(Play.updated_at.desc(), Play.id.desc()).limit(limit)))


def plays_page(session: Session, user: User, cursor: str | None, size: int) -> Page[Play]:
    """Return a page of the user's plays, newest first, after `cursor`, without their states."""
    return newest_first(session, _PLAYS, {"owner": user.id}, parse_time_cursor(cursor), size,
                        lambda play: time_cursor(play.updated_at, play.id))


_PLAYS = NewestFirst.of(select(Play).options(defer(Play.state)).where(Play.user_id == bindparam("owner")),
                        (Play.updated_at, Play.id))


def recent_finished(session: Session, user: User, limit: int) -> list[Play]:
    """Return the user's `limit` latest finished plays, newest first, without their saved states."""
    query = (select(Play).options(defer(Play.state)).where(Play.user_id == user.id, Play.ending_id.is_not(None))
             .order_by(Play.updated_at.desc(), Play.id.desc()).limit(limit))
    return list(session.scalars(query))


def latest_unfinished(session: Session, user: User, scenario_id: str | None = None) -> Play | None:
    """Return the user's play (of one scenario when given) moved most recently that has not reached an ending."""
    query = _LATEST_UNFINISHED if scenario_id is None else _LATEST_UNFINISHED_OF
    return session.scalars(query, {"user_id": user.id, "scenario_id": scenario_id}).first()


_LATEST_UNFINISHED = (select(Play).options(defer(Play.state))
                      .where(Play.user_id == bindparam("user_id"), Play.ending_id.is_(None))
                      .order_by(Play.updated_at.desc(), Play.id.desc()).limit(1))
_LATEST_UNFINISHED_OF = _LATEST_UNFINISHED.where(Play.scenario_id == bindparam("scenario_id"))


def finished_scenario_ids(session: Session, user: User) -> frozenset[str]:
    """Return the scenarios the user has finished at least once."""
    return frozenset(read(session, _FINISHED_SCENARIOS, {"user_id": user.id}).scalars())


_FINISHED_SCENARIOS = (select(Play.scenario_id).where(Play.user_id == bindparam("user_id"), Play.ending_id.is_not(None))
                       .distinct())


def unfinished_scenario_ids(session: Session, user: User) -> frozenset[str]:
    """Return the scenarios the user has a play of that has not reached an ending."""
    return frozenset(read(session, _UNFINISHED_SCENARIOS, {"user_id": user.id}).scalars())


_UNFINISHED_SCENARIOS = (select(Play.scenario_id).where(Play.user_id == bindparam("user_id"), Play.ending_id.is_(None))
                         .distinct())


def play_tallies(session: Session, user: User) -> list[Any]:
    """Return, per scenario, how many plays the user started and finished, counted by the database."""
    return list(read(session, _PLAY_TALLIES, {"user_id": user.id}))


_PLAY_TALLIES = (select(Play.scenario_id, func.count(Play.id).label("attempts"),
                        func.count(Play.ending_id).label("finished"))
                 .where(Play.user_id == bindparam("user_id")).group_by(Play.scenario_id))


def decisions_of(session: Session, user: User) -> list[PlayDecision]:
    """Return every move the user made in any play."""
    query = select(PlayDecision).join(Play).where(Play.user_id == user.id).order_by(PlayDecision.id)
    return list(session.scalars(query))


def choice_counts(session: Session, scenario_id: str) -> dict[str, Counter[str]]:
    """Return, per decision node, how many learners took each choice (a learner counts once per choice)."""
    rows = read(session,
        select(PlayDecision.node_id, PlayDecision.choice_id, func.count(func.distinct(Play.user_id)))
        .join(Play, Play.id == PlayDecision.play_id)
        .where(PlayDecision.scenario_id == scenario_id, PlayDecision.choice_id.is_not(None))
        .group_by(PlayDecision.node_id, PlayDecision.choice_id)
    )
    counts: dict[str, Counter[str]] = {}
    for node_id, choice_id, count in rows:
        counts.setdefault(node_id, Counter())[choice_id] = count
    return counts


def play_outcomes(session: Session, scenario_id: str) -> dict[str, Any]:
    """Return which endings plays reached and where unfinished plays stopped."""
    endings = dict(read(session,
        select(Play.ending_id, func.count()).where(Play.scenario_id == scenario_id, Play.ending_id.is_not(None))
        .group_by(Play.ending_id)
    ).all())
    stopped = dict(read(session,
        select(Play.node_id, func.count()).where(Play.scenario_id == scenario_id, Play.ending_id.is_(None))
        .group_by(Play.node_id)
    ).all())
    learners = read(session, select(func.count(func.distinct(Play.user_id)))
                    .where(Play.scenario_id == scenario_id)).scalar()
    return {"endings": endings, "stopped": stopped, "learners": learners or 0}
