"""Helpers every kind of test shares: the test password, CSRF tokens, posting forms, logging in."""

from __future__ import annotations

import asyncio
import re
import socket
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope
from aiosmtpd.smtp import Session as SmtpSession
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event, inspect
from werkzeug.serving import make_server

from learnpm.db import Base
from learnpm.jobs.runner import wait_for_background

PASSWORD = "a quiet harbour at dawn"


CSRF_PATTERN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')


def csrf_token(client: FlaskClient, url: str) -> str:
    """Fetch `url` and return the CSRF token of its first form."""
    page = client.get(url).get_data(as_text=True)
    match = CSRF_PATTERN.search(page)
    assert match, f"no CSRF token on {url}"
    return match.group(1) or match.group(2)


def post_form(client: FlaskClient, url: str, data: dict[str, Any], form_page: str | None = None, **kwargs: Any) -> Any:
    """Post `data` to `url` the way a browser would, with the token of the page holding the form."""
    token = csrf_token(client, form_page or url)
    return client.post(url, data={"csrf_token": token, **data}, **kwargs)


@dataclass
class AuthActions:
    """Log a test client in and out."""

    client: FlaskClient

    def login(self, email: str, password: str = PASSWORD, **extra: Any) -> Any:
        return post_form(self.client, "/login", {"email": email, "password": password, **extra})

    def logout(self) -> Any:
        return post_form(self.client, "/logout", {}, form_page="/dashboard")


def mails_in(outbox: Path) -> list[EmailMessage]:
    """Return the messages written to the outbox folder, oldest first."""
    files = sorted(outbox.glob("*.eml")) if outbox.exists() else []
    return [message_from_bytes(path.read_bytes(), policy=policy.default) for path in files]  # type: ignore[misc]


def link_in(message: EmailMessage, path: str) -> str:
    """Return the path of the first link in the message that starts with `path`."""
    match = re.search(rf"https?://[^/\s]+({re.escape(path)}[^\s]*)", message.get_content())
    assert match, f"no link to {path} in the message {message['Subject']!r}"
    return match[1]


def empty_tables(app: Flask) -> None:
    """Delete every row, children first, so the next test starts clean."""
    engine = app.extensions["learnpm.engine"]
    with engine.begin() as connection:
        existing = set(inspect(connection).get_table_names())
        for table in reversed(Base.metadata.sorted_tables):
            if table.name in existing:
                connection.execute(table.delete())
    engine.dispose()


def free_port() -> int:
    """Return a loopback port nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class SmtpServer:
    """A real SMTP server on loopback that can be stopped and started again on its port; it keeps what it accepts."""

    port: int = field(default_factory=free_port)
    received: list[EmailMessage] = field(default_factory=list)
    refused: set[str] = field(default_factory=set)  # addresses answered with 550, for good
    delay: float = 0.0  # seconds each message takes to be accepted, so that senders overlap
    _controller: Controller | None = None

    def start(self) -> None:
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    async def handle_RCPT(self, server: SMTP, session: SmtpSession, envelope: Envelope, address: str,
                          rcpt_options: list[str]) -> str:
        if address in self.refused:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: SmtpSession, envelope: Envelope) -> str:
        await asyncio.sleep(self.delay)
        self.received.append(message_from_bytes(envelope.content, policy=policy.default))  # type: ignore[arg-type]
        return "250 Message accepted for delivery"

    def times_received(self) -> Counter[str]:
        """Count the messages received under each Message-ID."""
        return Counter(str(message["Message-ID"]) for message in self.received)


@contextmanager
def served(app: Flask) -> Iterator[str]:
    """Serve `app` on a free loopback port, a thread per request, for as long as the block runs; give its base URL.

    On leaving, the site stops answering (a kept-alive connection gets 503), lets the requests under way and the
    background jobs finish, then fails if a thread of the site still holds a database connection: a session that is
    never closed would otherwise only show later, as a connection the garbage collector closes."""
    engine = app.extensions["learnpm.engine"]
    test_thread = threading.get_ident()
    held: dict[Any, str] = {}  # pooled connections checked out by the site's threads, with the thread's name
    lock = threading.Condition()
    under_way = 0
    stopping = threading.Event()

    def checked_out(_dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        if threading.get_ident() != test_thread:
            with lock:
                held[record] = threading.current_thread().name

    def checked_in(_dbapi_connection: Any, record: Any) -> None:
        with lock:
            held.pop(record, None)

    def site(environ: dict[str, Any], start_response: Any) -> Any:
        nonlocal under_way
        if stopping.is_set():
            start_response("503 Service Unavailable", [("Content-Length", "0"), ("Connection", "close")])
            return [b""]
        with lock:
            under_way += 1
        try:
            return app(environ, start_response)  # Flask closes the request's session before the body is sent
        finally:
            with lock:
                under_way -= 1
                lock.notify_all()

    event.listen(engine, "checkout", checked_out)
    event.listen(engine, "checkin", checked_in)
    server = make_server("127.0.0.1", 0, site, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        stopping.set()
        server.shutdown()
        thread.join(timeout=5)
        with lock:
            lock.wait_for(lambda: under_way == 0, timeout=60)
        wait_for_background()
        event.remove(engine, "checkout", checked_out)
        event.remove(engine, "checkin", checked_in)
        with lock:
            left = sorted(held.values())
        assert not left, f"the served site's threads kept {len(left)} database connection(s) checked out: {left}"
