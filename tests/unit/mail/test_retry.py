"""When undelivered mail is tried again, when delivery gives up, and which failures mean the server is away."""

from __future__ import annotations

import smtplib
import socket
from datetime import timedelta

import pytest

from learnpm.mail.core.retry import (
    MAX_ATTEMPTS,
    describe,
    gives_up,
    is_permanent,
    is_unreachable,
    new_message_id,
    retry_delay,
)


@pytest.mark.parametrize(("attempts", "minutes"), [
    (0, 0), (1, 1), (2, 2), (3, 4), (4, 8), (5, 16), (6, 32), (7, 60), (8, 60), (11, 60), (50, 60), (10_000, 60),
])
def test_the_wait_doubles_from_a_minute_up_to_an_hour(attempts, minutes):
    assert retry_delay(attempts) == timedelta(minutes=minutes)


def test_twelve_attempts_span_hours_of_an_outage_not_minutes():
    waits = sum((retry_delay(n) for n in range(1, MAX_ATTEMPTS)), timedelta())
    assert timedelta(hours=6) < waits < timedelta(hours=8)


@pytest.mark.parametrize(("attempts", "given_up"), [(1, False), (MAX_ATTEMPTS - 1, False), (MAX_ATTEMPTS, True),
                                                     (MAX_ATTEMPTS + 3, True)])
def test_delivery_gives_up_after_the_last_attempt(attempts, given_up):
    assert gives_up(attempts) is given_up


UNREACHABLE = [
    ConnectionRefusedError(111, "Connection refused"),
    socket.timeout("timed out"),
    socket.gaierror(-2, "Name or service not known"),
    smtplib.SMTPServerDisconnected("Connection unexpectedly closed"),
    smtplib.SMTPConnectError(421, b"Too busy"),
    smtplib.SMTPAuthenticationError(535, b"Bad credentials"),
]
ONE_MESSAGE = [
    smtplib.SMTPRecipientsRefused({"x@example.org": (550, b"No such user")}),
    smtplib.SMTPRecipientsRefused({"x@example.org": (450, b"Mailbox busy")}),
    smtplib.SMTPDataError(552, b"Too big"),
    smtplib.SMTPDataError(451, b"Try later"),
    smtplib.SMTPSenderRefused(553, b"Sender refused", "no-reply@localhost"),
]


@pytest.mark.parametrize("error", UNREACHABLE, ids=lambda e: type(e).__name__)
def test_a_server_that_cannot_be_used_stops_the_run(error):
    assert is_unreachable(error) and not is_permanent(error)


@pytest.mark.parametrize(("error", "permanent"), list(zip(ONE_MESSAGE, [True, False, True, False, True])),
                         ids=lambda e: getattr(e, "smtp_code", None) or type(e).__name__)
def test_a_refused_message_does_not_stop_the_others_and_a_5xx_refusal_is_final(error, permanent):
    assert not is_unreachable(error)
    assert is_permanent(error) is permanent


def test_a_failure_is_described_on_one_short_line():
    text = describe(smtplib.SMTPDataError(451, b"Try\nlater " + b"x" * 1000))
    assert text.startswith("SMTPDataError: (451") and "\n" not in text and len(text) <= 500


@pytest.mark.parametrize(("mail_from", "domain"), [
    ("learnpm <no-reply@learnpm.example>", "learnpm.example"), ("no-reply@localhost", "localhost"),
    ("nobody", "learnpm.invalid")])
def test_every_message_id_is_new_and_in_the_senders_domain(mail_from, domain):
    ids = {new_message_id(mail_from) for _ in range(500)}
    assert len(ids) == 500
    assert all(value.startswith("<") and value.endswith(f"@{domain}>") for value in ids)
