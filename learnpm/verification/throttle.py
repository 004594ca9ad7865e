"""How often verification mail may leave: per learner, and per verifier address whoever asks.

Without these a learner could make the site mail any address again and again (asking anew starts a fresh
request, and every project can name the same person). Reminders count as well as first requests.
"""

from __future__ import annotations

from flask import current_app

from learnpm.security import wait_before, within_limit


def _limits(learner_id: int, address: str) -> list[tuple[str, tuple[str, ...]]]:
    """Return each limit with the keys a mail from this learner to this address counts under."""
    config = current_app.config
    return [
        (config["VERIFICATION_MAILS_PER_LEARNER"], ("verification-learner", str(learner_id))),
        (config["VERIFICATION_MAILS_PER_ADDRESS"], ("verification-address", address.strip().lower()[:254])),
    ]


def mail_problem(learner_id: int, address: str) -> str | None:
    """Return why no verification mail may go to `address` for this learner now, or None; counts nothing."""
    learner_limit, address_limit = _limits(learner_id, address)
    minutes = wait_before(learner_limit[0], *learner_limit[1])
    if minutes is not None:
        return (f"You have sent as many verification requests as learnpm allows in a while "
                f"({learner_limit[0]}). Try again in {_wait_words(minutes)}.")
    minutes = wait_before(address_limit[0], *address_limit[1])
    if minutes is not None:
        return (f"{address} has been sent as many verification requests as learnpm allows "
                f"({address_limit[0]}). Try again in {_wait_words(minutes)}, or ask them directly.")
    return None


def count_mail(learner_id: int, address: str) -> None:
    """Count one verification mail against every limit."""
    for limit, keys in _limits(learner_id, address):
        within_limit(limit, *keys)


def _wait_words(minutes: int) -> str:
    """Say a wait in minutes or hours."""
    if minutes < 90:
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    return f"about {round(minutes / 60)} hours"
