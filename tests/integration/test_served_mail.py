"""`learnpm serve` retries mail on its own: each worker's thread sends what is due, and no message goes twice."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

import learnpm
from learnpm.clock import utcnow
from learnpm.db import make_engine
from learnpm.mail.models import OutgoingMail
from learnpm.migrate import upgrade
from tests.support import free_port

CHECKOUT = Path(learnpm.__file__).resolve().parents[1]
LEFT_BY_FAILURES = 6


def seed_failed_mail(url: str) -> list[str]:
    """Leave messages in the outbox as an outage would: tried once, failed, due again now."""
    engine = make_engine(url)
    upgrade(engine)
    now = utcnow()
    rows = [OutgoingMail(message_id=f"<left-{n}@learnpm.test>", recipient=f"reader{n}@example.org",
                         subject=f"Left behind {n}", body="Sent by the server's own thread.", created_at=now,
                         attempts=1, next_attempt_at=now - timedelta(seconds=1),
                         last_error="ConnectionRefusedError: [Errno 111] Connection refused")
            for n in range(LEFT_BY_FAILURES)]
    with Session(engine) as session:
        session.add_all(rows)
        session.commit()
        message_ids = [row.message_id for row in rows]
    engine.dispose()
    return message_ids


def test_a_served_site_delivers_what_an_outage_left_exactly_once(tmp_path, smtp):
    url = f"sqlite:///{tmp_path / 'served.sqlite3'}"
    message_ids = seed_failed_mail(url)
    env = {**os.environ, "PYTHONPATH": str(CHECKOUT), "LEARNPM_INSTANCE_PATH": str(tmp_path / "instance"),
           "LEARNPM_DATABASE_URL": url, "LEARNPM_MAIL_SERVER": "127.0.0.1", "LEARNPM_MAIL_PORT": str(smtp.port),
           "LEARNPM_MAIL_USE_TLS": "false", "LEARNPM_MAIL_RETRY_SECONDS": "0.2", "LEARNPM_LOG_LEVEL": "WARNING"}
    command = [sys.executable, "-c", "from learnpm.cli import main; main()",
               "serve", "--host", "127.0.0.1", "--port", str(free_port()), "--workers", "2"]
    with (tmp_path / "server.log").open("w") as log:
        server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=tmp_path)
    try:
        deadline = time.monotonic() + 90
        while len(smtp.received) < LEFT_BY_FAILURES and time.monotonic() < deadline and server.poll() is None:
            time.sleep(0.2)
        time.sleep(1)  # long enough for both workers' threads to have had several more turns
    finally:
        server.terminate()
        server.wait(timeout=30)
    if len(smtp.received) < LEFT_BY_FAILURES:
        pytest.fail(f"sent {len(smtp.received)} of {LEFT_BY_FAILURES}:\n{(tmp_path / 'server.log').read_text()}")
    assert smtp.times_received() == dict.fromkeys(message_ids, 1)
    engine = make_engine(url)
    with Session(engine) as session:
        assert all(row.sent_at is not None for row in session.scalars(select(OutgoingMail)))
    engine.dispose()
