"""A login lives on the server: logging out, or out everywhere, kills every copy of its cookies."""

from datetime import timedelta

from sqlalchemy import select, update

from learnpm.auth.models import LoginSession
from learnpm.clock import utcnow
from tests.support import AuthActions, post_form


def copy_cookie(source, target, name):
    """Put `source`'s cookie `name` into `target`, as someone who copied it would."""
    cookie = source.get_cookie(name)
    assert cookie is not None, f"no {name} cookie to copy"
    target.set_cookie(name, cookie.value)


def test_a_session_cookie_copied_before_logout_is_refused_after_it(app, client, logged_in, auth):
    thief = app.test_client()
    copy_cookie(client, thief, "session")
    assert thief.get("/dashboard").status_code == 200
    auth.logout()
    assert thief.get("/dashboard").headers["Location"].startswith("/login")


def test_a_remember_cookie_copied_before_logout_is_refused_after_it(app, client, make_user, auth):
    user = make_user()
    auth.login(user.email, remember="y")
    thief = app.test_client()
    copy_cookie(client, thief, "remember_token")
    auth.logout()
    assert thief.get("/dashboard").headers["Location"].startswith("/login")


def test_a_remember_cookie_opens_a_new_browser_session_once_and_is_replaced(app, client, make_user, auth):
    user = make_user()
    auth.login(user.email, remember="y")
    old_cookie = client.get_cookie("remember_token").value
    reopened = app.test_client()
    reopened.set_cookie("remember_token", old_cookie)
    response = reopened.get("/dashboard")
    assert response.status_code == 200
    new_cookie = reopened.get_cookie("remember_token").value
    assert new_cookie != old_cookie
    assert reopened.get("/dashboard").status_code == 200  # the browser carries on with the new cookie
    replayed = app.test_client()
    replayed.set_cookie("remember_token", old_cookie)
    assert replayed.get("/dashboard").headers["Location"].startswith("/login")


def test_logging_out_ends_only_that_browser(app, client, logged_in, auth):
    other_device = app.test_client()
    AuthActions(other_device).login(logged_in.email)
    auth.logout()
    assert other_device.get("/dashboard").status_code == 200


def test_log_out_everywhere_ends_every_browser_and_every_remember_cookie(app, client, make_user, auth):
    user = make_user()
    auth.login(user.email)
    laptop, phone = app.test_client(), app.test_client()
    AuthActions(laptop).login(user.email, remember="y")
    AuthActions(phone).login(user.email)
    remembered = app.test_client()
    copy_cookie(laptop, remembered, "remember_token")
    page = client.get("/account/").get_data(as_text=True)
    assert "You are logged in on 3 browsers or devices" in page
    response = post_form(client, "/account/log-out-everywhere", {}, form_page="/account/", follow_redirects=True)
    assert "You are logged out on every browser and device" in response.get_data(as_text=True)
    for browser in (client, laptop, phone, remembered):
        assert browser.get("/dashboard").headers["Location"].startswith("/login")


def test_a_login_ends_on_the_server_when_it_expires(app, client, logged_in, session):
    session.execute(update(LoginSession).values(expires_at=utcnow() - timedelta(minutes=1)))
    session.commit()
    assert client.get("/dashboard").headers["Location"].startswith("/login")


def test_the_server_keeps_a_digest_of_the_login_never_the_token_itself(client, logged_in, session):
    with client.session_transaction() as browser_session:
        token = browser_session["_user_id"]
    rows = session.execute(select(LoginSession)).scalars().all()
    assert len(rows) == 1
    assert token not in {str(value) for value in vars(rows[0]).values()}
