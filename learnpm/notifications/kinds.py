"""What each notification says by mail, and the weekly digest. Pure functions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

KINDS = {
    "review_waiting": "Review waiting",
    "review_done": "Review done",
    "verification_answered": "Verification answered",
    "verification_waiting": "Verification waiting",
}
DIGEST_EVERY = timedelta(days=7)
# A digest sent a little early (cron drift) still counts as this week's.
DIGEST_SLACK = timedelta(hours=12)


@dataclass(frozen=True)
class Item:
    """One notification as mail shows it."""

    kind: str
    text: str
    url: str
    created_at: datetime


def message_mail(name: str, item: Item, settings_url: str) -> tuple[str, str]:
    """Return the subject and body of the mail sent at once for one notification."""
    body = (f"Hello {name},\n\n{item.text}\n\nOpen it here:\n{item.url}\n\n"
            f"You can stop these messages or choose a weekly digest instead:\n{settings_url}\n\nlearnpm")
    return f"{KINDS[item.kind]}: {_shorten(item.text, 70)}", body


def digest_mail(name: str, items: list[Item], settings_url: str) -> tuple[str, str]:
    """Return the subject and body of a weekly digest of the items still unread, newest first."""
    ordered = sorted(items, key=lambda item: item.created_at, reverse=True)
    count = len(ordered)
    lines = [f"Hello {name},", "",
             f"{count} thing{'s' if count != 1 else ''} happened on learnpm that you have not opened yet:", ""]
    for item in ordered:
        lines += [f"- {item.created_at:%a %d %b}: {item.text}", f"  {item.url}"]
    lines += ["", "Change how often you hear from us:", settings_url, "", "learnpm"]
    return f"Your week on learnpm: {count} waiting for you", "\n".join(lines)


def digest_due(last_sent: datetime | None, now: datetime) -> bool:
    """Tell whether a weekly digest may go out now, given when the last one went."""
    return last_sent is None or now - last_sent >= DIGEST_EVERY - DIGEST_SLACK


def _shorten(text: str, limit: int) -> str:
    """Cut a text at a word boundary to fit a subject line."""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",.;:") + "…"
