"""The key that seals saved plays, derived from the app's secret key (a new secret key means one replay each)."""

from __future__ import annotations

import hashlib
import hmac

from flask import current_app


def save_key() -> bytes:
    """Return the key of saved plays' seals, apart from every other use of the secret key."""
    secret = current_app.config["SECRET_KEY"]
    secret = secret.encode() if isinstance(secret, str) else secret
    return hmac.new(secret, b"learnpm saved plays", hashlib.sha256).digest()
