"""Load what the user may see, or answer 404: another user's object is as good as missing."""

from __future__ import annotations

import functools
from typing import Any, Protocol, TypeVar

from flask import abort
from sqlalchemy import Select, bindparam, inspect, select
from sqlalchemy.orm import Session


class _Owned(Protocol):
    user_id: Any


OwnedT = TypeVar("OwnedT", bound=_Owned)
T = TypeVar("T")


def owned(session: Session, model: type[OwnedT], object_id: int | str, user: Any) -> OwnedT | None:
    """Return the user's own object of `model` with this id, or None (missing, or someone else's)."""
    return session.scalars(_owned_statement(model), {"object_id": object_id, "user_id": user.id}).first()


@functools.cache
def _owned_statement(model: type[Any]) -> Select[Any]:
    """Return the lookup of one user's object of `model` by its id, built once per model: pages look their
    objects up on every visit, and session.get builds its statement each time."""
    key = inspect(model).primary_key[0]
    return select(model).where(key == bindparam("object_id"), model.user_id == bindparam("user_id"))


def found_or_404(found: T | None) -> T:
    """Return what a lookup found, or answer 404 when it found nothing this user may see."""
    if found is None:
        abort(404)
    return found


def owned_or_404(session: Session, model: type[OwnedT], object_id: int | str, user: Any) -> OwnedT:
    """Return the user's own object of `model` with this id, or answer 404."""
    return found_or_404(owned(session, model, object_id, user))
