"""The scenario part of a user's data download: every play, move and written answer."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from learnpm.account.export import export_section
from learnpm.auth.models import User
from learnpm.scenarios import queries


@export_section("scenario_plays")
def scenario_plays(session: Session, user: User) -> list[dict[str, Any]]:
    """Return each play with its moves and answers."""
    return [
        {
            "scenario": play.scenario_id,
            "started_at": play.started_at.isoformat(),
            "finished_at": play.finished_at.isoformat() if play.finished_at else None,
            "ending": play.ending_id,
            "moves": [
                {"node": d.node_id, "choice": d.choice_id, "quality": d.quality, "score": d.score}
                for d in play.decisions
            ],
            "written_answers": [
                {"node": a.node_id, "text": a.text, "self_scores": a.self_scores, "created_at": a.created_at.isoformat()}
                for a in play.answers
            ],
            "draft": play.draft_text,
        }
        for play in queries.plays_of(session, user)
    ]
