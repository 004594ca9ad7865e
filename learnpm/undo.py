"""Undo for a while after a delete or a revoke: what was removed is kept in the user's session for ten minutes.

A feature registers, per kind of removal, how to put it back. The view that removes something calls `offer_undo`
with what it needs to restore it (the row's column values, or an id); base.html shows an Undo button beside the
message until the offer is used, replaced by another, or too old.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from flask import Blueprint, flash, redirect, session, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required
from sqlalchemy import inspect

from learnpm.clock import utcnow
from learnpm.db import Base, get_session

UNDO_FOR = timedelta(minutes=10)
SESSION_KEY = "undo"

bp = Blueprint("undo", __name__)


Restore = Callable[[dict[str, Any]], tuple[str, str]]


@dataclass(frozen=True)
class Undoable:
    """How to put back one kind of removal: restore(payload) returns the message and the page to go to.

    discard(payload), when given, removes what was kept aside for a restore once the offer lapses.
    """

    restore: Restore
    label: str
    discard: Callable[[dict[str, Any]], None] | None = None


_KINDS: dict[str, Undoable] = {}


def undoable(kind: str, label: str, discard: Callable[[dict[str, Any]], None] | None = None
             ) -> Callable[[Restore], Restore]:
    """Register `restore` as the way to undo removals of `kind`; `label` names the button (Undo: label)."""
    def register(restore: Restore) -> Restore:
        _KINDS[kind] = Undoable(restore, label, discard)
        return restore
    return register


def _discard(offer: dict[str, Any] | None) -> None:
    """Let go of what an offer that will never be used kept aside (the caller commits)."""
    kind = _KINDS.get(offer.get("kind", "")) if offer else None
    if kind is not None and kind.discard is not None and offer.get("user") == current_user.id:
        kind.discard(offer["payload"])


def row_values(row: Base) -> dict[str, Any]:
    """Return a row's column values as plain JSON values, its primary key left out (a restored row gets a new one)."""
    mapper = inspect(row).mapper
    keys = {column.key for column in mapper.primary_key}
    return {attr.key: _plain(getattr(row, attr.key)) for attr in mapper.column_attrs if attr.key not in keys}


def restored_row(model: type[Base], values: dict[str, Any]) -> Base:
    """Return a new row of `model` holding `values` as `row_values` gave them."""
    columns = {attr.key: attr.columns[0] for attr in inspect(model).column_attrs}
    return model(**{key: _typed(columns[key], value) for key, value in values.items() if key in columns})


def _plain(value: Any) -> Any:
    """Turn dates and decimals into strings that JSON keeps."""
    return value.isoformat() if isinstance(value, date) else str(value) if isinstance(value, Decimal) else value


def _typed(column: Any, value: Any) -> Any:
    """Turn a string kept by `_plain` back into the column's type."""
    if not isinstance(value, str):
        return value
    try:
        python_type = column.type.python_type
    except NotImplementedError:
        return value
    if python_type is datetime:
        return datetime.fromisoformat(value)
    if python_type is date:
        return date.fromisoformat(value)
    if python_type is Decimal:
        return Decimal(value)
    return value


def offer_undo(kind: str, payload: dict[str, Any]) -> None:
    """Keep what `kind` needs to put the removal back, replacing any earlier offer (the caller commits)."""
    _discard(session.get(SESSION_KEY))
    session[SESSION_KEY] = {"kind": kind, "user": current_user.id, "payload": payload,
                            "until": (utcnow() + UNDO_FOR).isoformat()}


def pending_undo() -> dict[str, str] | None:
    """Return the label of the Undo button on offer to the signed-in user, or None."""
    offer = session.get(SESSION_KEY)
    if not offer or not current_user.is_authenticated or not _current(offer):
        return None
    return {"label": _KINDS[offer["kind"]].label}


def _current(offer: dict[str, Any]) -> bool:
    """Tell whether an offer is the signed-in user's, of a known kind, and recent enough."""
    return (offer.get("user") == current_user.id and offer.get("kind") in _KINDS
            and datetime.fromisoformat(offer["until"]) > utcnow())


@bp.post("/undo")
@login_required
def undo() -> ResponseReturnValue:
    """Put back what the last delete or revoke removed, if it is still on offer."""
    offer = session.pop(SESSION_KEY, None)
    if not offer or not _current(offer):
        _discard(offer)
        get_session().commit()
        flash("There is nothing to undo any more: an undo is kept for ten minutes, for the last removal only.",
              "warning")
        return redirect(url_for("main.dashboard"))
    message, target = _KINDS[offer["kind"]].restore(offer["payload"])
    get_session().commit()
    flash(message, "success")
    return redirect(target)
