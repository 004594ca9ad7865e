"""When a message that could not be delivered is tried again, and when delivery gives up. Pure."""

from __future__ import annotations

import smtplib
import uuid
from datetime import timedelta
from email.utils import parseaddr

FIRST_RETRY = timedelta(minutes=1)
LONGEST_WAIT = timedelta(hours=1)
# 1, 2, 4 … 32 minutes, then hourly: twelve attempts span about six hours of a mail server being down.
MAX_ATTEMPTS = 12
# A claimed message not marked sent or failed within this time is taken to be lost with its sender, and is tried
# again. Longer than any SMTP conversation can last (its timeout is 15 seconds per step).
LEASE = timedelta(minutes=10)
# Sent messages are kept this long (without their body) so that `learnpm mail status` can tell what left.
KEEP_SENT = timedelta(days=30)

# SMTP failures that concern the connection, not one message: every other message would fail the same way now.
CONNECTION_FAILURES = (smtplib.SMTPConnectError, smtplib.SMTPServerDisconnected, smtplib.SMTPHeloError,
                       smtplib.SMTPAuthenticationError, smtplib.SMTPNotSupportedError)


def retry_delay(attempts: int) -> timedelta:
    """Return how long to wait after the `attempts`-th failed attempt: doubling from a minute, at most an hour."""
    if attempts < 1:
        return timedelta(0)
    return min(FIRST_RETRY * 2 ** min(attempts - 1, 20), LONGEST_WAIT)


def gives_up(attempts: int) -> bool:
    """Tell whether a message that failed `attempts` times is tried no more."""
    return attempts >= MAX_ATTEMPTS


def is_unreachable(error: BaseException) -> bool:
    """Tell whether the failure says the mail server cannot be used at all (down, refusing us, unreachable)."""
    if isinstance(error, CONNECTION_FAILURES):
        return True
    # Every SMTP error is an OSError too; the others (refused, timed out, no route) are the network's.
    return isinstance(error, OSError) and not isinstance(error, smtplib.SMTPException)


def is_permanent(error: BaseException) -> bool:
    """Tell whether the server refused this message for good (a 5xx answer): trying again would not help."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return bool(error.recipients) and all(500 <= code < 600 for code, _message in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException) and not is_unreachable(error):
        return 500 <= error.smtp_code < 600
    return False


def describe(error: BaseException) -> str:
    """Return a one-line account of a failure, short enough to store."""
    text = " ".join(str(error).split()) or "no detail"
    return f"{type(error).__name__}: {text}"[:500]


def new_message_id(mail_from: str) -> str:
    """Return a Message-ID that no other message has, in the domain of the sender's address."""
    _local, at, domain = parseaddr(mail_from)[1].rpartition("@")
    domain = domain if at and domain else "learnpm.invalid"
    return f"<{uuid.uuid4().hex}@{domain}>"
