"""The `learnpm` command: database, demo data and account administration."""

import re

import pytest

from learnpm.auth import queries
from learnpm.cli import cli
from learnpm.db import get_session
from learnpm.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from learnpm.migrate import head_revision
from learnpm.scenarios.queries import plays_of
from tests.support import AuthActions


@pytest.fixture
def run(app):
    runner = app.test_cli_runner()

    def invoke(*args, **kwargs):
        return runner.invoke(cli, list(args), **kwargs)

    return invoke


def test_demo_creates_the_three_accounts_once(app, run):
    first = run("demo")
    assert first.exit_code == 0, first.output
    assert "3 account(s) created" in first.output
    assert "0 account(s) created" in run("demo").output
    with app.app_context():
        for account in DEMO_ACCOUNTS:
            user = queries.authenticate(get_session(), account.email, DEMO_PASSWORD)
            assert user is not None and tuple(user.roles) == account.roles


def test_demo_gives_the_student_a_finished_day_and_one_to_resume(app, run):
    run("demo")
    with app.app_context():
        student = queries.user_by_email(get_session(), "student@demo.learnpm")
        plays = plays_of(get_session(), student)
        assert len(plays) == 2
        finished = [play for play in plays if play.finished]
        assert len(finished) == 1 and finished[0].answers, "the finished day includes a written message"
        assert any(not play.finished and play.moves > 0 for play in plays)
    run("demo")
    with app.app_context():
        assert len(plays_of(get_session(), student)) == 2  # running it again adds nothing


def test_demo_gives_the_volunteer_a_log_that_fills_every_page(app, run):
    run("demo")
    client = app.test_client()
    AuthActions(client).login("volunteer@demo.learnpm", DEMO_PASSWORD)
    page = client.get("/experience/").get_data(as_text=True)
    assert "Four-year degree or higher" in page and "of 36 months" in page
    assert "Community food drive" in page and "counted once, projects overlap" in page
    assert "3 more contact hours" in page  # 32 of 35: the demo shows what is still missing
    assert "name someone who can confirm it" in page


def test_demo_mentor_follows_both_learners(app, run):
    run("demo")
    client = app.test_client()
    AuthActions(client).login("mentor@demo.learnpm", DEMO_PASSWORD)
    page = client.get("/dashboard").get_data(as_text=True)
    assert "Sol Student" in page and "Vera Volunteer" in page
    assert re.search(r"\d+ of 36 months", page)  # the volunteer shares experience; it grows month by month


def test_user_create_makes_an_account_with_its_roles(app, run):
    result = run("user", "create", "ops@example.org", "--name", "Ops", "--role", "admin", "--role", "mentor",
                 "--password", "plums under the old bridge")
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert queries.user_by_email(get_session(), "ops@example.org").roles == ["mentor", "admin"]


def test_user_create_refuses_a_weak_password_and_a_taken_email(run):
    weak = run("user", "create", "a@example.org", "--name", "A", "--password", "password1234")
    assert weak.exit_code == 2 and "common password" in weak.output
    run("user", "create", "b@example.org", "--name", "B", "--password", "plums under the old bridge")
    taken = run("user", "create", "b@example.org", "--name", "B", "--password", "plums under the old bridge")
    assert taken.exit_code == 1 and "already uses" in taken.output


def test_set_role_gives_exactly_the_roles_named(app, run, make_user):
    user = make_user("m@example.org")
    result = run("user", "set-role", user.email, "learner", "mentor")
    assert result.exit_code == 0 and "learner, mentor" in result.output
    assert run("user", "set-role", "ghost@example.org", "mentor").exit_code == 1


def test_delete_asks_first_and_only_deletes_when_confirmed(app, run, make_user):
    user = make_user("gone@example.org")
    kept = run("user", "delete", user.email, input="n\n")
    assert "Nothing deleted." in kept.output
    assert run("user", "delete", user.email, "--yes").exit_code == 0
    with app.app_context():
        assert queries.user_by_email(get_session(), user.email) is None


def test_db_upgrade_reports_the_revision(run):
    result = run("db", "upgrade")
    assert result.exit_code == 0 and f"Database is at revision {head_revision()}" in result.output


def test_demo_mentor_has_a_description_to_review_and_the_student_a_signed_off_answer(app, run):
    run("demo")
    run("demo")  # loading twice adds nothing
    mentor = app.test_client()
    AuthActions(mentor).login("mentor@demo.learnpm", DEMO_PASSWORD)
    queue = mentor.get("/reviews/").get_data(as_text=True)
    assert queue.count("Sent to you, not opened yet") == 1 and "Description of “" in queue
    assert "Vera Volunteer sent the description of" in mentor.get("/notifications/").get_data(as_text=True)
    student = app.test_client()
    AuthActions(student).login("student@demo.learnpm", DEMO_PASSWORD)
    review_url = re.search(r'href="(/reviews/\d+)"', student.get("/reviews/").get_data(as_text=True))[1]
    page = student.get(review_url).get_data(as_text=True)
    assert "Signed off" in page and "I would send this to a sponsor as it is." in page
