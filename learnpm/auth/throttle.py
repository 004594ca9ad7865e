"""Limits on guessing passwords that a stranger cannot turn against the owner.

Failed logins count per address (any accounts) and per account *and* address: someone failing on an account from
their own address holds up only that address, and the owner's right password from anywhere else still works. The
owner who shares the address (or forgot the password) gets in by a reset link, which these limits never hold up,
and a correct password or a reset starts the count of their address afresh.
"""

from __future__ import annotations

from flask import current_app

from learnpm.auth.models import User
from learnpm.security import client_address, forget_uses, wait_before, within_limit


def _login_limits(email: str) -> list[tuple[str, tuple[str, ...]]]:
    """Return each login limit with the keys an attempt on `email` from this client counts under."""
    config, client = current_app.config, client_address()
    return [
        (config["LOGIN_LIMIT_PER_CLIENT"], ("login-client", client)),
        (config["LOGIN_LIMIT_PER_ACCOUNT"], ("login-account", email[:254], client)),
    ]


def login_wait(email: str) -> int | None:
    """Return the minutes this client must wait before trying `email` again, or None when it may try now."""
    waits = [minutes for limit, keys in _login_limits(email) if (minutes := wait_before(limit, *keys)) is not None]
    return max(waits, default=None)


def count_failed_login(email: str) -> None:
    """Count a wrong password (or unknown account) against every login limit."""
    for limit, keys in _login_limits(email):
        within_limit(limit, *keys)


def forget_failed_logins(email: str) -> None:
    """Start afresh the count of this client on this account: its owner has just proved who they are."""
    limit, keys = _login_limits(email)[1]
    forget_uses(limit, *keys)


def current_password_wait(user: User) -> int | None:
    """Return the minutes the user must wait before their current password is checked again, or None."""
    return wait_before(current_app.config["CURRENT_PASSWORD_LIMIT"], "current-password", str(user.id))


def count_wrong_current_password(user: User) -> None:
    """Count a wrong current password against the user's limit."""
    within_limit(current_app.config["CURRENT_PASSWORD_LIMIT"], "current-password", str(user.id))


def wait_message(minutes: int) -> str:
    """Return what to tell someone who must wait, with the way in that needs no waiting."""
    return (f"Too many attempts. Please wait {minutes} minute{'s' if minutes != 1 else ''} and try again, "
            "or reset your password by mail to get in now.")
