"""Registration: a new person gets an account and a link to confirm it, or a clear message at the wrong field."""

import pytest
from sqlalchemy import func, select

from learnpm.auth import queries
from learnpm.auth.models import User
from learnpm.clock import utcnow
from learnpm.db import get_session
from learnpm.notifications.queries import notify
from tests.support import PASSWORD, link_in, mails_in, post_form

GOOD = {"email": "Ada@Example.org", "display_name": "Ada Okafor", "password": PASSWORD, "confirm": PASSWORD}


def test_registering_mails_a_link_to_confirm_the_address(client, outbox):
    response = post_form(client, "/register", GOOD)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Check your inbox" in page and "ada@example.org" in page
    [mail] = mails_in(outbox)
    assert mail["To"] == "ada@example.org" and "Confirm your email address" in mail["Subject"]
    assert "/confirm-email/" in mail.get_content()


def test_the_account_works_at_once_with_a_banner_until_the_address_is_confirmed(client, auth, outbox):
    post_form(client, "/register", GOOD)
    assert auth.login("ada@example.org").status_code == 302
    page = client.get("/dashboard").get_data(as_text=True)
    assert "Hello, Ada Okafor" in page
    assert "Your next step" in page and "Practise your first day" in page  # what to do first
    assert "Please confirm your email address" in page
    confirmed = client.get(link_in(mails_in(outbox)[0], "/confirm-email/"))
    assert confirmed.status_code == 200 and "Your address is confirmed" in confirmed.get_data(as_text=True)
    assert "Please confirm your email address" not in client.get("/dashboard").get_data(as_text=True)


def test_a_confirmation_link_works_without_logging_in_and_only_once(app, client, outbox):
    post_form(client, "/register", GOOD)
    link = link_in(mails_in(outbox)[0], "/confirm-email/")
    assert client.get(link).status_code == 200
    assert app.test_client().get(link).status_code == 404


def test_a_taken_email_gets_the_same_answer_and_its_owner_a_mail(client, make_user, outbox, session):
    make_user("grace@example.org", name="Grace Owner")
    new = post_form(client, "/register", {**GOOD, "email": "newcomer@example.org"})
    taken = post_form(client, "/register", {**GOOD, "email": "Grace@Example.org"})
    assert taken.status_code == new.status_code == 200
    assert taken.get_data(as_text=True) == new.get_data(as_text=True).replace("newcomer@", "grace@")
    assert "Set-Cookie" not in taken.headers or taken.headers.getlist("Set-Cookie") == new.headers.getlist("Set-Cookie")
    owner_mail = mails_in(outbox)[-1]
    assert owner_mail["To"] == "grace@example.org"
    body = owner_mail.get_content()
    assert "Someone tried to create a new learnpm account with this email address" in body
    assert "/forgot-password" in body
    assert session.scalar(select(func.count()).select_from(User).where(User.email == "grace@example.org")) == 1
    assert session.scalar(select(User.display_name).where(User.email == "grace@example.org")) == "Grace Owner"


def test_someone_registering_a_taken_email_again_and_again_mails_its_owner_only_a_little(client, make_user, outbox):
    make_user("busy@example.org")
    for _ in range(5):
        assert post_form(client, "/register", {**GOOD, "email": "busy@example.org"}).status_code == 200
    assert len(mails_in(outbox)) == 2


def test_the_confirmation_link_can_be_sent_again_a_few_times(client, auth, outbox):
    post_form(client, "/register", GOOD)
    auth.login("ada@example.org")
    response = post_form(client, "/confirm-email/send", {"next": "/account/"}, form_page="/dashboard",
                         follow_redirects=True)
    assert "We have sent a new link to ada@example.org" in response.get_data(as_text=True)
    assert response.request.path == "/account/"
    for _ in range(3):
        response = post_form(client, "/confirm-email/send", {}, form_page="/dashboard", follow_redirects=True)
    assert "We have sent you several links" in response.get_data(as_text=True)
    assert len(mails_in(outbox)) == 3


def test_the_email_is_stored_in_lower_case_so_either_spelling_logs_in(client, auth):
    post_form(client, "/register", GOOD)
    assert auth.login("ada@example.ORG").status_code == 302


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"email": ""}, "email", "Enter your email address."),
        ({"email": "not-an-address"}, "email", "Enter an email address like"),
        ({"display_name": ""}, "display_name", "Enter the name other people will see."),
        ({"display_name": "x" * 81}, "display_name", "under 80 characters"),
        ({"password": "short", "confirm": "short"}, "password", "at least 12 characters"),
        ({"password": "password1234", "confirm": "password1234"}, "password", "very common password"),
        ({"password": "ada okafor rocks", "confirm": "ada okafor rocks"}, "password", "Leave your name"),
        ({"confirm": "something else entirely"}, "confirm", "The two passwords differ."),
    ],
)
def test_bad_input_is_explained_at_the_field_and_the_rest_is_kept(client, change, field, message):
    response = post_form(client, "/register", {**GOOD, **change})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'id="{field}-error"' in page
    assert message in page
    if field != "display_name":
        assert 'value="Ada Okafor"' in page
    assert PASSWORD not in page  # passwords are never sent back


def test_a_logged_in_user_is_sent_to_the_dashboard(client, logged_in):
    assert client.get("/register").headers["Location"] == "/dashboard"


def test_notifications_are_mailed_only_to_a_confirmed_address(app, make_user, outbox):
    with app.test_request_context():
        session = get_session()
        unconfirmed = queries.create_user(session, "unsure@example.org", "Unsure", PASSWORD)
        confirmed = queries.create_user(session, "sure@example.org", "Sure", PASSWORD)
        queries.confirm_email(confirmed, utcnow())
        for user in (unconfirmed, confirmed):
            notify(session, user, "review_done", "Your mentor reviewed your answer.", "notifications.index")
        session.commit()
    assert [mail["To"] for mail in mails_in(outbox)] == ["sure@example.org"]
