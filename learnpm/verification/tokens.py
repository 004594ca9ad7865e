"""Verification links: a random token, kept only as a digest, tied to the project as it was sent. Pure."""

from __future__ import annotations

import hashlib
import json
import secrets
from datetime import datetime, timedelta
from typing import Any

VALID_FOR = timedelta(days=30)
RESEND_AFTER = timedelta(days=3)
MAX_SENDS = 3


def new_token() -> str:
    """Return a token for a link: long enough that guessing is hopeless."""
    return secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    """Return what the database keeps of a token."""
    return hashlib.sha256(token.encode("utf-8", "ignore")).hexdigest()


def project_digest(fields: dict[str, Any]) -> str:
    """Return a digest of the project as the verifier is asked to confirm it."""
    canonical = json.dumps(fields, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def resend_problem(sent_count: int, last_sent: datetime, now: datetime) -> str | None:
    """Return why the request cannot be sent again now, or None."""
    if sent_count >= MAX_SENDS:
        return f"This request has been sent {MAX_SENDS} times already; ask your verifier directly."
    wait = last_sent + RESEND_AFTER - now
    if wait > timedelta(0):
        days = wait.days + (1 if wait.seconds else 0)
        return f"You can send a reminder in {days} day{'s' if days != 1 else ''}: give your verifier time to answer."
    return None
