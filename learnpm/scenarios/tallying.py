"""Competency totals kept equal to the moves: whatever stores a move adds its scores to its learner's sums.

A play's save (its page, a retry, the demo) stores its moves with one statement and adds them here itself; any other
move stored through the session is added by a listener on the flush, with the competencies the content gives its
node. The rule stays in the pure core (scenarios.core.play.progress.move_sums),
and `learnpm db check` recomputes the sums from every move to show any drift (after the content changed, say).
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from flask import has_app_context
from sqlalchemy import Connection, event, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from learnpm.scenarios.core.play.progress import Tally, move_sums
from learnpm.scenarios.library import _load, loaded
from learnpm.scenarios.models import CompetencyTotal, Play, PlayDecision


def add_sums(connection: Connection, user_id: int, sums: Mapping[str, tuple[float, int]]) -> None:
    """Add sums to a learner's competency totals in one statement: new rows, or additions in the database to the
    rows there are (so two moves saved at once by two requests both count)."""
    if not sums:
        return
    rows = [{"user_id": user_id, "competency": competency, "score_sum": total, "moves": count}
            for competency, (total, count) in sums.items()]
    connection.execute(_upsert(connection.dialect.name), rows)


@functools.cache
def _upsert(dialect_name: str) -> Any:
    """Return the upsert of one competency total, built once per dialect: every move runs it, and building it
    again each time cost more than the statement itself."""
    dialect_insert = postgresql_insert if dialect_name == "postgresql" else sqlite_insert
    statement = dialect_insert(CompetencyTotal)
    return statement.on_conflict_do_update(
        index_elements=[CompetencyTotal.user_id, CompetencyTotal.competency],
        set_={"score_sum": CompetencyTotal.score_sum + statement.excluded.score_sum,
              "moves": CompetencyTotal.moves + statement.excluded.moves})


@event.listens_for(Session, "after_flush")
def _add_new_moves(session: Session, _context: object) -> None:
    """Add the moves stored in this flush to their learners' competency totals."""
    new = [obj for obj in session.new if isinstance(obj, PlayDecision)]
    if not new:
        return
    connection = session.connection()
    owners = {play_id: play.user_id for play_id in {d.play_id for d in new}
              if (play := session.identity_map.get(identity_key(Play, play_id))) is not None}
    missing = {d.play_id for d in new} - owners.keys()
    if missing:
        owners |= dict(connection.execute(select(Play.id, Play.user_id).where(Play.id.in_(missing))).all())
    by_learner: dict[int, list[Tally]] = defaultdict(list)
    for decision in new:
        by_learner[owners[decision.play_id]].append(
            Tally(decision.scenario_id, node_id=decision.node_id, choice_id=decision.choice_id,
                  quality=decision.quality, score=decision.score, times=1))
    for user_id, moves in by_learner.items():
        add_decisions(connection, user_id, moves)


def add_decisions(connection: Connection, user_id: int, moves: list[Tally]) -> None:
    """Add stored moves to their learner's competency totals, with the competencies the content gives their nodes."""
    scenarios = (loaded() if has_app_context() else _load()).library.scenarios
    add_sums(connection, user_id, move_sums(moves, scenarios))
