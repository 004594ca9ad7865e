"""Jinja filters and globals shared by every template."""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal

from flask import Flask
from markupsafe import Markup, escape

from learnpm.clock import aware, utcnow
from learnpm.experience.core.amounts import as_decimal, plain
from learnpm.navigation import id_url, navigation_for, plain_url
from learnpm.responses import static_url
from learnpm.scenarios.core.play.modes import mode_of


def paragraphs(text: str | None) -> Markup:
    """Render plain text as HTML: blank lines split paragraphs, a block of "- " lines becomes a list."""
    blocks = [block.strip() for block in re.split(r"\n\s*\n", text or "") if block.strip()]
    return Markup("".join(_block(block) for block in blocks))


def _block(block: str) -> str:
    """Render one block: a list when every line starts with "- ", else a paragraph of re-flowed lines."""
    lines = [line.strip() for line in block.splitlines()]
    if all(line.startswith("- ") for line in lines):
        return "<ul>" + "".join(f"<li>{escape(line[2:])}</li>" for line in lines) + "</ul>"
    return f"<p>{escape(' '.join(lines))}</p>"


def clock(minutes: int) -> str:
    """Render minutes after midnight as HH:MM."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def signed(number: int) -> str:
    """Render a change with its sign, with a real minus sign."""
    return f"+{number}" if number > 0 else f"\u2212{-number}" if number < 0 else "0"


def amount(value: object) -> str:
    """Render hours or PDUs without trailing zeros: 7.50 -> 7.5, 8.00 -> 8."""
    if value is None or value == "":
        return ""
    return plain(as_decimal(value if isinstance(value, Decimal | int | float) else Decimal(str(value))))


def capitalize_first(text: str) -> str:
    """Upper-case the first letter only: "description of “X”" -> "Description of “X”"."""
    return text[:1].upper() + text[1:]


def waited(since: datetime) -> str:
    """Render how long something has waited, in the largest whole unit: "under an hour", "5 hours", "3 days"."""
    hours = int((utcnow() - aware(since)).total_seconds() // 3600)
    if hours < 1:
        return "under an hour"
    if hours < 48:
        return f"{hours} hour{'s' if hours != 1 else ''}"
    return f"{hours // 24} days"


def mode_label(mode_id: str | None) -> str:
    """Render the way a scenario attempt is played: Coached, On the job."""
    return mode_of(mode_id).label


def init_app(app: Flask) -> None:
    """Register the filters and globals."""
    app.jinja_env.filters.update(paragraphs=paragraphs, clock=clock, signed=signed, amount=amount,
                                 mode_label=mode_label, capitalize_first=capitalize_first, waited=waited)
    from learnpm.undo import pending_undo

    # Globals rather than a context processor: the same functions for every page, not a new mapping per render.
    app.jinja_env.globals.update(navigation_for=navigation_for, unread_notifications=unread_notifications,
                                 pending_undo=pending_undo, plain_url=plain_url, id_url=id_url, static_url=static_url)


def unread_notifications() -> int:
    """Return how many notifications the signed-in user has not opened (0 when nobody is signed in)."""
    from flask_login import current_user

    from learnpm.db import get_session
    from learnpm.notifications.queries import unread_badge

    if not current_user.is_authenticated:
        return 0
    return unread_badge(get_session(), current_user.id, current_user.unread_at_load)
