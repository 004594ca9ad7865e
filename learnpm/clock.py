"""The one clock every feature reads: timezone-aware UTC, also for times read back from the database."""

from __future__ import annotations

from datetime import datetime, timezone


def utcnow() -> datetime:
    """Return the current time, timezone-aware in UTC."""
    return datetime.now(timezone.utc)


def aware(moment: datetime) -> datetime:
    """Return a stored time as UTC-aware (SQLite gives it back without its zone)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
