"""Load what the user may see, or answer 404: another user's object is as good as missing."""

from __future__ import annotations

from typing import Any, Protocol, TypeVar

from flask import abort
from sqlalchemy.orm import Session

from learnpm.db import by_id


class _Owned(Protocol):
    user_id: Any


OwnedT = TypeVar("OwnedT", bound=_Owned)
T = TypeVar("T")


def owned(session: Session, model: type[OwnedT], object_id: int | str, user: Any) -> OwnedT | None:
    """Return the user's own object of `model` with this id, or None (missing, or someone else's)."""
    found = by_id(session, model, object_id)
    return found if found is not None and found.user_id == user.id else None


def found_or_404(found: T | None) -> T:
    """Return what a lookup found, or answer 404 when it found nothing this user may see."""
    if found is None:
        abort(404)
    return found


def owned_or_404(session: Session, model: type[OwnedT], object_id: int | str, user: Any) -> OwnedT:
    """Return the user's own object of `model` with this id, or answer 404."""
    return found_or_404(owned(session, model, object_id, user))
