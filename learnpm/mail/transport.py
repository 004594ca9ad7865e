"""How a message leaves: through the configured SMTP server, or as a file in the outbox folder when there is none."""

from __future__ import annotations

import logging
import smtplib
import time
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from learnpm.clock import aware
from learnpm.mail.models import OutgoingMail

log = logging.getLogger(__name__)
SMTP_TIMEOUT = 15


@dataclass(frozen=True)
class Transport:
    """Where messages go and as whom, read from the configuration once."""

    server: str
    port: int
    use_tls: bool
    username: str
    password: str
    mail_from: str
    outbox: Path

    @classmethod
    def from_config(cls, config: Any, instance_path: str) -> Transport:
        """Read the MAIL_* settings."""
        outbox = Path(config["MAIL_OUTBOX_DIR"]) if config["MAIL_OUTBOX_DIR"] else Path(instance_path) / "outbox"
        return cls(config["MAIL_SERVER"], int(config["MAIL_PORT"]), bool(config["MAIL_USE_TLS"]),
                   config["MAIL_USERNAME"], config["MAIL_PASSWORD"], config["MAIL_FROM"], outbox)

    def message(self, mail: OutgoingMail) -> EmailMessage:
        """Return the outbox row as a plain-text message, under its own Message-ID."""
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = self.mail_from, mail.recipient, mail.subject
        message["Message-ID"], message["Date"] = mail.message_id, format_datetime(aware(mail.created_at))
        message.set_content(mail.body)
        return message


class Postman:
    """Sends messages through one SMTP connection, opened for the first and closed at the end or on any failure."""

    def __init__(self, transport: Transport) -> None:
        self.transport = transport
        self._smtp: smtplib.SMTP | None = None

    def __enter__(self) -> Postman:
        return self

    def __exit__(self, *_exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.close()

    def send(self, mail: OutgoingMail) -> None:
        """Hand the message over; returns only once the server (or the outbox folder) has it."""
        message = self.transport.message(mail)
        if not self.transport.server:
            self._write_to_outbox(message)
            return
        try:
            self._connection().send_message(message)
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        """Say goodbye to the server, if connected."""
        smtp, self._smtp = self._smtp, None
        if smtp is not None:
            try:
                smtp.quit()
            except (OSError, smtplib.SMTPException):
                smtp.close()

    def _connection(self) -> smtplib.SMTP:
        """Return the open connection, opening and logging in first if needed."""
        if self._smtp is None:
            transport = self.transport
            smtp = smtplib.SMTP(transport.server, transport.port, timeout=SMTP_TIMEOUT)
            try:
                if transport.use_tls:
                    smtp.starttls()
                if transport.username:
                    smtp.login(transport.username, transport.password)
            except BaseException:
                smtp.close()
                raise
            self._smtp = smtp
        return self._smtp

    def _write_to_outbox(self, message: EmailMessage) -> None:
        """Keep the message as a .eml file, for a site without a mail server (development, demos)."""
        folder = self.transport.outbox
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{time.time_ns()}.eml"
        path.write_bytes(bytes(message))
        log.warning("No mail server configured: the message to %s is in %s\n%s", message["To"], path,
                    message.get_content())
