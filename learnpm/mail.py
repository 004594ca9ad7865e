"""Outgoing mail: through SMTP when a server is configured, else written to an outbox folder."""

from __future__ import annotations

import logging
import smtplib
import time
from email.message import EmailMessage
from pathlib import Path

from flask import Flask, current_app
from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

log = logging.getLogger(__name__)


def send_mail(to: str, subject: str, body: str) -> None:
    """Send a plain-text message, or keep it in the outbox when no SMTP server is configured."""
    config = current_app.config
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = config["MAIL_FROM"], to, subject
    message.set_content(body)
    if config["MAIL_SERVER"]:
        with smtplib.SMTP(config["MAIL_SERVER"], int(config["MAIL_PORT"]), timeout=15) as smtp:
            if config["MAIL_USE_TLS"]:
                smtp.starttls()
            if config["MAIL_USERNAME"]:
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
            smtp.send_message(message)
        return
    outbox = outbox_dir()
    outbox.mkdir(parents=True, exist_ok=True)
    path = outbox / f"{time.time_ns()}.eml"
    path.write_bytes(bytes(message))
    log.warning("No mail server configured: the message to %s is in %s\n%s", to, path, body)


def outbox_dir() -> Path:
    """Return the folder where unsent mail is written."""
    configured = current_app.config["MAIL_OUTBOX_DIR"]
    return Path(configured) if configured else Path(current_app.instance_path) / "outbox"


def send_after_commit(session: Session, to: str, subject: str, body: str) -> None:
    """Send a message once the session's changes are committed; never when they are rolled back."""
    session.info.setdefault("outgoing_mail", []).append((to, subject, body))


def init_app(app: Flask) -> None:
    """Deliver the mail queued in a session when it commits, and drop it when it rolls back."""
    factory = app.extensions["learnpm.sessionmaker"]
    event.listen(factory, "after_commit", _deliver_queued)
    event.listen(factory, "after_soft_rollback", _drop_queued)


def _deliver_queued(session: Session) -> None:
    """Send what was queued; a failing mail server is logged, the committed work stands."""
    for to, subject, body in session.info.pop("outgoing_mail", []):
        try:
            send_mail(to, subject, body)
        except (OSError, smtplib.SMTPException):
            log.exception("Could not send the message to %s (%s)", to, subject)


def _drop_queued(session: Session, previous_transaction: SessionTransaction) -> None:
    """Forget mail about changes that were not kept (when the whole transaction is rolled back)."""
    if previous_transaction.parent is None:
        session.info.pop("outgoing_mail", None)
