"""Logging in and out, remember-me, throttling and the `next` redirect."""

import pytest

from tests.support import PASSWORD, AuthActions, csrf_token, link_in, mails_in, post_form

GENERIC = "That email and password do not match an account."


def test_a_person_logs_in_sees_their_dashboard_and_logs_out(client, make_user, auth):
    user = make_user(name="Grace Hopper")
    response = auth.login(user.email)
    assert response.headers["Location"] == "/dashboard"
    assert "Hello, Grace Hopper" in client.get("/dashboard").get_data(as_text=True)
    assert auth.logout().headers["Location"] == "/"
    assert client.get("/dashboard").headers["Location"].startswith("/login")


@pytest.mark.parametrize("email", ["nobody@example.org", "user1@example.org"])
def test_a_failed_login_gives_one_generic_message_and_keeps_the_email(client, make_user, auth, email):
    make_user("user1@example.org")
    response = auth.login(email, "not the password at all")
    page = response.get_data(as_text=True)
    assert response.status_code == 401
    assert GENERIC in page
    assert f'value="{email}"' in page
    assert "not the password at all" not in page


def test_the_dashboard_needs_a_login_and_comes_back_after_it(client, make_user, auth):
    user = make_user()
    response = client.get("/dashboard")
    assert response.headers["Location"] == "/login?next=%2Fdashboard"
    token_page = "/login?next=/account/"
    response = post_form(client, token_page, {"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == "/account/"


@pytest.mark.parametrize(
    "target", ["//evil.example", "https://evil.example", "http://evil.example/account/", "/\\evil.example", "javascript:alert(1)"]
)
def test_next_pointing_to_another_site_is_ignored(client, make_user, target):
    user = make_user()
    url = f"/login?next={target}"
    response = post_form(client, url, {"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == "/dashboard"


def test_repeated_failures_on_one_account_from_one_address_are_throttled(app, client, make_user, auth):
    app.config["LOGIN_LIMIT_PER_ACCOUNT"] = "3 per 15 minutes"
    user = make_user()
    statuses = [auth.login(user.email, "wrong password here").status_code for _ in range(4)]
    assert statuses == [401, 401, 401, 429]
    blocked = auth.login(user.email)  # even the right password waits now
    assert blocked.status_code == 429
    assert "Too many attempts. Please wait 15 minutes" in blocked.get_data(as_text=True)


def from_address(app, address):
    """Return a test client whose requests come from `address`."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def test_a_stranger_failing_on_an_account_does_not_lock_its_owner_out(app, make_user):
    app.config["LOGIN_LIMIT_PER_ACCOUNT"] = "3 per 15 minutes"
    user = make_user()
    stranger = AuthActions(from_address(app, "203.0.113.9"))
    assert [stranger.login(user.email, "a guess at it").status_code for _ in range(4)] == [401, 401, 401, 429]
    assert stranger.login(user.email).status_code == 429
    assert AuthActions(from_address(app, "198.51.100.7")).login(user.email).status_code == 302


def test_ipv6_addresses_of_one_network_count_together(app, make_user):
    app.config["LOGIN_LIMIT_PER_ACCOUNT"] = "3 per 15 minutes"
    user = make_user()
    for host in (1, 2, 3):
        AuthActions(from_address(app, f"2001:db8:5:7::{host}")).login(user.email, "a guess at it")
    assert AuthActions(from_address(app, "2001:db8:5:7::99")).login(user.email).status_code == 429
    assert AuthActions(from_address(app, "2001:db8:5:8::1")).login(user.email).status_code == 302


def test_a_throttled_owner_gets_in_by_the_reset_link(app, client, make_user, auth, outbox):
    app.config["LOGIN_LIMIT_PER_ACCOUNT"] = "3 per 15 minutes"
    user = make_user(name="Olu Owner")
    for _ in range(3):
        auth.login(user.email, "is it this one")
    blocked = auth.login(user.email)
    assert blocked.status_code == 429
    assert 'href="/forgot-password"' in blocked.get_data(as_text=True)
    post_form(client, "/forgot-password", {"email": user.email})
    link = link_in(mails_in(outbox)[-1], "/reset-password/")
    new = "a new kettle on the hob"
    assert post_form(client, link, {"password": new, "confirm": new}).headers["Location"] == "/dashboard"
    assert "Hello, Olu Owner" in client.get("/dashboard").get_data(as_text=True)
    auth.logout()
    assert auth.login(user.email, new).status_code == 302  # and the password works from here again


def test_the_account_limit_counts_per_account_not_per_email_spelling(app, client, make_user, auth):
    app.config["LOGIN_LIMIT_PER_ACCOUNT"] = "2 per 15 minutes"
    make_user("case@example.org")
    auth.login("CASE@example.org", "wrong password here")
    auth.login(" case@example.org", "wrong password here")
    assert auth.login("case@example.org", "wrong password here").status_code == 429


def test_repeated_failures_from_one_client_are_throttled_across_accounts(app, client, auth):
    app.config["LOGIN_LIMIT_PER_CLIENT"] = "5 per 10 minutes"
    statuses = [auth.login(f"guess{n}@example.org", "wrong password here").status_code for n in range(6)]
    assert statuses[:5] == [401] * 5
    assert statuses[5] == 429


def test_successful_logins_do_not_use_up_the_limit(app, client, make_user, auth):
    app.config["LOGIN_LIMIT_PER_ACCOUNT"] = "2 per 15 minutes"
    user = make_user()
    for _ in range(4):
        assert auth.login(user.email).status_code == 302
        auth.logout()


def test_a_right_password_starts_the_count_afresh(app, client, make_user, auth):
    app.config["LOGIN_LIMIT_PER_ACCOUNT"] = "3 per 15 minutes"
    user = make_user()
    for _ in range(2):
        auth.login(user.email, "typo in it")
    assert auth.login(user.email).status_code == 302
    auth.logout()
    assert [auth.login(user.email, "typo in it").status_code for _ in range(3)] == [401, 401, 401]


def test_remember_me_sets_a_long_lived_http_only_lax_cookie(client, make_user, auth):
    user = make_user()
    response = auth.login(user.email, remember="y")
    cookies = response.headers.getlist("Set-Cookie")
    remember = next(c for c in cookies if c.startswith("remember_token="))
    assert "HttpOnly" in remember and "SameSite=Lax" in remember and "Expires=" in remember
    session_cookie = next(c for c in cookies if c.startswith("session="))
    assert "HttpOnly" in session_cookie and "SameSite=Lax" in session_cookie
    assert "Secure" not in session_cookie  # plain HTTP in tests; see the HTTPS test


def test_behind_https_the_cookies_are_secure(app, client, make_user, auth):
    app.config["SESSION_COOKIE_SECURE"] = True
    app.config["REMEMBER_COOKIE_SECURE"] = True
    user = make_user()
    token = csrf_token(client, "https://localhost/login")
    response = client.post(
        "https://localhost/login", data={"csrf_token": token, "email": user.email, "password": PASSWORD, "remember": "y"}
    )
    for cookie in response.headers.getlist("Set-Cookie"):
        assert "Secure" in cookie
    assert "Strict-Transport-Security" in response.headers


def test_logout_needs_a_post(client, logged_in):
    assert client.get("/logout").status_code == 405
    assert client.get("/dashboard").status_code == 200
