"""Invitation codes: easy to read aloud, hard to guess, stored only as a digest. Pure functions."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

# No 0/O or 1/I/L: a code is read from a screen or over the phone.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10
VALID_FOR = timedelta(days=7)


def new_code() -> str:
    """Return a fresh code, grouped for reading: e.g. 7KQ2M-9XPRT."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return f"{raw[:5]}-{raw[5:]}"


def normalise_code(text: str) -> str:
    """Return the code as typed, without spaces or dashes, in capitals."""
    return "".join(ch for ch in text.upper() if ch.isalnum())


def code_digest(code: str) -> str:
    """Return what the database keeps of a code."""
    return hashlib.sha256(normalise_code(code).encode("ascii", "ignore")).hexdigest()


def expires_at(created: datetime) -> datetime:
    """Return when an invitation made at `created` stops working."""
    return created + VALID_FOR
