"""Scheduled runs are claimed in the database: two schedulers at once start each period's run once, a run whose
scheduler died is taken over when its claim runs out, and the weekly digest reaches each subscriber once a week."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from learnpm.jobs import schedule
from learnpm.jobs.core.schedule import ScheduledJob
from learnpm.jobs.models import ScheduledRun
from learnpm.jobs.queries import claim_run, finish_run
from learnpm.notifications.models import Notification, NotificationSettings
from tests.integration.support import add_project_row
from tests.support import mails_in

HOURLY = ScheduledJob("test.hourly", timedelta(hours=1), lease=timedelta(minutes=10))
NOW = datetime(2026, 12, 2, 4, 20, tzinfo=UTC)


@pytest.fixture
def app_config() -> dict:
    return {"SCHEDULE_SECONDS": 0, "BASE_URL": "https://learnpm.example.org/"}


def claim(app, now: datetime, job: ScheduledJob = HOURLY) -> datetime | None:
    with app.extensions["learnpm.sessionmaker"]() as session:
        start = claim_run(session, job, now)
        session.commit()
        return start


def finish(app, start: datetime, now: datetime) -> None:
    with app.extensions["learnpm.sessionmaker"]() as session:
        finish_run(session, HOURLY.name, start, now, "done")
        session.commit()


def test_a_period_is_claimed_once_and_the_next_period_again(app):
    assert claim(app, NOW) == datetime(2026, 12, 2, 4, 0, tzinfo=UTC)
    assert claim(app, NOW + timedelta(minutes=5)) is None  # the same hour, still running
    finish(app, datetime(2026, 12, 2, 4, 0, tzinfo=UTC), NOW + timedelta(minutes=6))
    assert claim(app, NOW + timedelta(minutes=30)) is None  # the same hour, done
    assert claim(app, NOW + timedelta(hours=1)) == datetime(2026, 12, 2, 5, 0, tzinfo=UTC)


def test_a_run_whose_scheduler_died_is_taken_over_once_its_claim_runs_out(app):
    start = claim(app, NOW)
    assert claim(app, NOW + timedelta(minutes=9)) is None
    assert claim(app, NOW + timedelta(minutes=11)) == start
    assert claim(app, NOW + timedelta(minutes=12)) is None  # the new claim holds in its turn


def test_a_slow_run_keeps_the_next_period_from_starting_beside_it(app):
    claim(app, datetime(2026, 12, 2, 4, 55, tzinfo=UTC))
    assert claim(app, datetime(2026, 12, 2, 5, 1, tzinfo=UTC)) is None  # the 4 o'clock run still holds its claim
    assert claim(app, datetime(2026, 12, 2, 5, 6, tzinfo=UTC)) is not None  # its claim ran out: 5 o'clock may go


def test_of_many_schedulers_claiming_at_the_same_moment_exactly_one_wins(app):
    barrier, results = threading.Barrier(6), []

    def scheduler() -> None:
        barrier.wait()
        results.append(claim(app, NOW))

    threads = [threading.Thread(target=scheduler) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [start for start in results if start is not None] == [datetime(2026, 12, 2, 4, 0, tzinfo=UTC)]


def subscribers_with_news(app, make_user, count: int) -> list[str]:
    emails = []
    with app.extensions["learnpm.sessionmaker"]() as session:
        for _ in range(count):
            user = make_user()
            session.add_all([NotificationSettings(user_id=user.id, email_each=False, weekly_digest=True),
                             Notification(user_id=user.id, kind="review_done", text="Meg signed off your answer.",
                                          path="/reviews/7", created_at=datetime.now(UTC) - timedelta(days=1))])
            emails.append(user.email)
        session.commit()
    return emails


def tick_together(app, now: datetime, schedulers: int) -> list[list[str]]:
    """Run `schedulers` schedulers at the same moment, each in a thread of its own; return what each started."""
    barrier, started = threading.Barrier(schedulers), []

    def scheduler() -> None:
        with app.app_context():
            barrier.wait()
            started.append(schedule.tick(app, now))

    threads = [threading.Thread(target=scheduler) for _ in range(schedulers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return started


def test_two_schedulers_started_by_mistake_send_the_weekly_digest_once_per_user(app, make_user):
    emails = subscribers_with_news(app, make_user, 4)
    outbox = Path(app.instance_path) / "outbox"
    now = datetime.now(UTC)

    started = [name for names in tick_together(app, now, schedulers=2) for name in names]
    assert sorted(started) == ["documents.cleanup", "notifications.digest", "verification.reminders"]  # once each
    assert sorted(message["To"] for message in mails_in(outbox)) == sorted(emails)

    for hours in range(1, 30):  # the next day's hourly looks find nobody due: a digest comes once a week
        tick_together(app, now + timedelta(hours=hours), schedulers=2)
    assert len(mails_in(outbox)) == 4
    with app.extensions["learnpm.sessionmaker"]() as session:
        outcomes = session.scalars(select(ScheduledRun.outcome).where(ScheduledRun.name == "notifications.digest")
                                   .order_by(ScheduledRun.period_start)).all()
    assert outcomes[0] == "Sent 4 digests." and set(outcomes[1:]) == {"Sent 0 digests."} and len(outcomes) == 30


def test_the_command_for_cron_starts_what_is_due_and_then_nothing(app, make_user):
    from learnpm.cli import cli

    subscribers_with_news(app, make_user, 1)
    runner = app.test_cli_runner()
    assert "notifications.digest" in runner.invoke(cli, ["schedule", "--once"]).output
    assert "Nothing was due." in runner.invoke(cli, ["schedule", "--once"]).output
    assert len(mails_in(Path(app.instance_path) / "outbox")) == 1


def test_a_learner_whose_verifier_has_not_answered_is_told_once_per_send(app, make_user):
    from learnpm.verification.models import VerificationRequest
    from learnpm.verification.queries import request_verification

    learner = make_user()
    with app.extensions["learnpm.sessionmaker"]() as session:
        project = add_project_row(session, learner.id)
        request, _token = request_verification(session, project, datetime.now(UTC) - timedelta(days=2))
        session.commit()
        request_id = request.id

    def waiting_notices() -> list[str]:
        with app.extensions["learnpm.sessionmaker"]() as session:
            return list(session.scalars(select(Notification.text).where(Notification.user_id == learner.id,
                                                                         Notification.kind == "verification_waiting")))

    def sent_ago(last_sent: timedelta, reminded: timedelta | None = None) -> None:
        """Move the request's last send (and the learner's last reminder) into the past, as days going by would."""
        with app.extensions["learnpm.sessionmaker"]() as session:
            request = session.get(VerificationRequest, request_id)
            request.last_sent_at = datetime.now(UTC) - last_sent
            if reminded is not None:
                request.learner_reminded_at = datetime.now(UTC) - reminded
            session.commit()

    now = datetime.now(UTC)
    tick_together(app, now, schedulers=2)
    assert waiting_notices() == []  # two days: the verifier still has time
    sent_ago(timedelta(days=3, hours=1))
    tick_together(app, now + timedelta(hours=1), schedulers=2)
    [notice] = waiting_notices()
    assert "Maria Okafor has not answered for “Spring adoption day” yet" in notice
    for hours in range(2, 8):
        tick_together(app, now + timedelta(hours=hours), schedulers=2)
    assert len(waiting_notices()) == 1  # once for this send, however often the schedule looks

    sent_ago(timedelta(days=3, hours=2), reminded=timedelta(days=4))  # the learner sent a reminder since, and waited
    tick_together(app, now + timedelta(hours=9), schedulers=2)
    assert len(waiting_notices()) == 2
    mails = [message for message in mails_in(Path(app.instance_path) / "outbox")
             if message["Subject"].startswith("Verification waiting")]
    assert [message["To"] for message in mails] == [learner.email] * 2
