"""Everything a user entered, gathered for the "download my data" file."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from learnpm.auth.models import User

Section = Callable[[Session, User], Any]
_SECTIONS: dict[str, Section] = {}


def export_section(name: str) -> Callable[[Section], Section]:
    """Register a function that returns one feature's part of the download."""

    def register(func: Section) -> Section:
        _SECTIONS[name] = func
        return func

    return register


@export_section("account")
def _account(_session: Session, user: User) -> dict[str, Any]:
    """Return the account's own fields, without the password hash."""
    return {
        "email": user.email,
        "display_name": user.display_name,
        "roles": user.roles,
        "created_at": user.created_at.isoformat(),
        "last_login_at": user.last_login_at.isoformat() if user.last_login_at else None,
    }


def user_data(session: Session, user: User) -> dict[str, Any]:
    """Return every registered section of the user's data."""
    return {"format": "learnpm-export/1", **{name: section(session, user) for name, section in _SECTIONS.items()}}
