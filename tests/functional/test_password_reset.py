"""Forgot your password: a link by mail that works once, for an hour, and ends every login."""

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from learnpm.auth.models import AccountToken
from learnpm.clock import utcnow
from tests.support import PASSWORD, AuthActions, csrf_token, link_in, mails_in, post_form

NEW_PASSWORD = "copper gulls above the weir"


def ask_for_a_link(client, email):
    return post_form(client, "/forgot-password", {"email": email})


def set_password(client, link, password=NEW_PASSWORD, confirm=None):
    return post_form(client, link, {"password": password, "confirm": confirm or password})


def test_the_login_page_offers_a_way_back_in(client):
    page = client.get("/login").get_data(as_text=True)
    assert 'href="/forgot-password"' in page and "Forgot your password?" in page


def test_a_reset_link_by_mail_sets_a_new_password_and_logs_in(client, make_user, auth, outbox):
    user = make_user("rosa@example.org", name="Rosa Diaz")
    response = ask_for_a_link(client, "Rosa@Example.org")
    assert response.status_code == 200
    assert "If an account uses <strong>rosa@example.org</strong>" in response.get_data(as_text=True)
    [mail] = mails_in(outbox)
    assert mail["To"] == "rosa@example.org" and "Reset your learnpm password" in mail["Subject"]
    link = link_in(mail, "/reset-password/")
    assert "rosa@example.org" in client.get(link).get_data(as_text=True)
    response = set_password(client, link)
    assert response.headers["Location"] == "/dashboard"
    assert "Hello, Rosa Diaz" in client.get("/dashboard").get_data(as_text=True)
    auth.logout()
    assert auth.login(user.email).status_code == 401
    assert auth.login(user.email, NEW_PASSWORD).status_code == 302


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, make_user, outbox):
    make_user("known@example.org")
    known = ask_for_a_link(client, "known@example.org")
    unknown = ask_for_a_link(client, "unknown@example.org")
    assert unknown.status_code == known.status_code == 200
    assert unknown.get_data(as_text=True) == known.get_data(as_text=True).replace("known@", "unknown@")
    assert [mail["To"] for mail in mails_in(outbox)] == ["known@example.org"]


def test_a_reset_link_works_once(app, client, make_user, outbox):
    user = make_user("once@example.org")
    ask_for_a_link(client, "once@example.org")
    link = link_in(mails_in(outbox)[0], "/reset-password/")
    assert set_password(client, link).status_code == 302
    other = app.test_client()
    again = other.get(link)
    assert again.status_code == 404
    assert "This link cannot be used" in again.get_data(as_text=True)
    replay = {"csrf_token": csrf_token(other, "/login"), "password": "another fine passphrase",
              "confirm": "another fine passphrase"}
    assert other.post(link, data=replay).status_code == 404
    assert AuthActions(other).login(user.email, NEW_PASSWORD).status_code == 302


def test_a_reset_link_expires_after_an_hour(client, make_user, outbox, session):
    make_user("late@example.org")
    ask_for_a_link(client, "late@example.org")
    link = link_in(mails_in(outbox)[0], "/reset-password/")
    session.execute(update(AccountToken).values(expires_at=utcnow() - timedelta(seconds=1)))
    session.commit()
    response = client.get(link)
    assert response.status_code == 404
    assert 'href="/forgot-password"' in response.get_data(as_text=True)


def test_the_newest_password_makes_every_earlier_link_useless(client, make_user, outbox):
    make_user("twice@example.org")
    ask_for_a_link(client, "twice@example.org")
    ask_for_a_link(client, "twice@example.org")
    first, second = (link_in(mail, "/reset-password/") for mail in mails_in(outbox))
    assert set_password(client, second).status_code == 302
    assert client.get(first).status_code == 404


def test_setting_a_new_password_ends_every_login(app, client, make_user, outbox):
    user = make_user("many@example.org")
    laptop = app.test_client()
    AuthActions(laptop).login(user.email, remember="y")
    remembered = app.test_client()
    remembered.set_cookie("remember_token", laptop.get_cookie("remember_token").value)
    ask_for_a_link(client, user.email)
    set_password(client, link_in(mails_in(outbox)[0], "/reset-password/"))
    for browser in (laptop, remembered):
        assert browser.get("/dashboard").headers["Location"].startswith("/login")
    assert client.get("/dashboard").status_code == 200


@pytest.mark.parametrize(
    ("password", "confirm", "message"),
    [
        ("short", "short", "at least 12 characters"),
        ("password1234", "password1234", "very common password"),
        ("nadia petrova forever", "nadia petrova forever", "Leave your name"),
        (NEW_PASSWORD, "something else entirely", "The two passwords differ."),
    ],
)
def test_a_refused_new_password_says_why_and_leaves_the_link_working(client, make_user, auth, outbox, password,
                                                                       confirm, message):
    user = make_user("nadia@example.org", name="Nadia Petrova")
    ask_for_a_link(client, user.email)
    link = link_in(mails_in(outbox)[0], "/reset-password/")
    response = set_password(client, link, password, confirm)
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert set_password(client, link).status_code == 302


def test_the_database_keeps_a_digest_of_the_link_never_the_link(client, make_user, outbox, session):
    make_user("digest@example.org")
    ask_for_a_link(client, "digest@example.org")
    token = link_in(mails_in(outbox)[0], "/reset-password/").rsplit("/", 1)[1]
    [stored] = session.scalars(select(AccountToken)).all()
    assert token not in {str(value) for value in vars(stored).values()}


def test_asking_again_and_again_sends_only_a_few_mails(client, make_user, outbox):
    make_user("flood@example.org")
    answers = {ask_for_a_link(client, "flood@example.org").status_code for _ in range(6)}
    assert answers == {200}
    assert len(mails_in(outbox)) == 3


def test_the_reset_page_with_a_made_up_link_is_a_404(client):
    assert client.get("/reset-password/made-up").status_code == 404
    assert client.post("/reset-password/made-up", data={"password": NEW_PASSWORD}).status_code in (400, 404)


def test_a_reset_confirms_the_address(client, outbox, session):
    post_form(client, "/register", {"email": "new@example.org", "display_name": "New Person", "password": PASSWORD,
                                    "confirm": PASSWORD})
    ask_for_a_link(client, "new@example.org")
    set_password(client, link_in(mails_in(outbox)[-1], "/reset-password/"))
    assert "Please confirm your email address" not in client.get("/dashboard").get_data(as_text=True)
