"""Delivering the outbox against sending the same messages straight over SMTP, and its SQL statements per message.

A real SMTP server (aiosmtpd, from the test extra) listens on loopback. The floor sends N messages over one
SMTP connection with nothing else; delivery claims, sends and marks each of N queued messages.
Run: .venv/bin/python benchmarks/mail.py
"""

from __future__ import annotations

import smtplib
import socket
import sys
import time
from email.message import EmailMessage
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import make_app, print_ratios  # noqa: E402
from aiosmtpd.controller import Controller  # noqa: E402
from sqlalchemy import event  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from learnpm.clock import utcnow  # noqa: E402
from learnpm.db import get_engine  # noqa: E402
from learnpm.mail.delivery import deliver_due  # noqa: E402
from learnpm.mail.queries import queue_mail  # noqa: E402

MESSAGES = 200


class Sink:
    """Accept every message and count them."""

    received = 0

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        self.received += 1
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def send_straight(port: int) -> float:
    """Send MESSAGES plain messages over one connection; return the seconds it took."""
    start = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port) as smtp:
        for number in range(MESSAGES):
            message = EmailMessage()
            message["From"], message["To"], message["Subject"] = "no-reply@localhost", f"r{number}@example.org", "Hi"
            message.set_content("A short body with a link: http://localhost/confirm/abc")
            smtp.send_message(message)
    return time.perf_counter() - start


def queue_many(app) -> None:
    """Queue MESSAGES messages without delivering them (a session of no request: nothing runs after its commit)."""
    with app.app_context(), Session(get_engine(app)) as session:
        for number in range(MESSAGES):
            queue_mail(session, f"r{number}@example.org", "Hi", "A short body with a link: http://localhost/confirm/abc")
        session.commit()


def deliver_all(app) -> tuple[float, int, int]:
    """Deliver everything due; return the seconds, the messages sent and the SQL statements run."""
    statements: list[str] = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(get_engine(app), "before_cursor_execute", listener)
    start = time.perf_counter()
    with app.app_context():
        report = deliver_due(app.extensions["learnpm.sessionmaker"], utcnow())
    seconds = time.perf_counter() - start
    event.remove(get_engine(app), "before_cursor_execute", listener)
    return seconds, report.sent, len(statements)


def main() -> None:
    port, sink = free_port(), Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    app = make_app()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_USE_TLS=False)
    try:
        floor = send_straight(port)
        queue_many(app)
        seconds, sent, statements = deliver_all(app)
        assert sent == MESSAGES and sink.received == 2 * MESSAGES, (sent, sink.received)
        print_ratios(f"{MESSAGES} messages to a loopback SMTP server", "smtplib, one connection, nothing else",
                     floor, [("deliver_due: claim, send, mark sent, one commit each", seconds)])
        print(f"  SQL statements per delivered message: {statements / MESSAGES:.1f} (2 commits: the claim, the mark)")
        controller.stop()
        queue_many(app)
        outage, _sent, statements = deliver_all(app)
        print(f"  server down, {MESSAGES} due: one attempt made, {statements} SQL statements, "
              f"{outage / floor:.2f}x the floor")
    finally:
        if controller.loop.is_running():
            controller.stop()


if __name__ == "__main__":
    main()
