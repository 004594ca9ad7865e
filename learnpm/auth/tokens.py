"""Secrets that stand for a login or a mailed link: random, and kept by the server only as a digest. Pure."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

# A login without "keep me logged in" ends with the browser, and on the server after a day at most.
SESSION_LIFETIME = timedelta(days=1)
# "Keep me logged in": the remember cookie's lifetime, renewed each time it opens a new browser session.
REMEMBER_LIFETIME = timedelta(days=30)

# What a mailed link is for, and how long it works.
RESET, CONFIRM = "reset", "confirm"
LINK_LIFETIMES = {RESET: timedelta(hours=1), CONFIRM: timedelta(days=7)}


def new_token() -> str:
    """Return a token long enough that guessing it is hopeless."""
    return secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    """Return what the database keeps of a token: a leaked table opens no account."""
    return hashlib.sha256(token.encode("utf-8", "ignore")).hexdigest()
