"""A browser whose requests land on different app servers stays one user: logins live in the database, and the
servers of a fleet share one secret key (the form tokens and signed cookies of one are good on the other)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from learnpm import create_app
from tests.support import PASSWORD, csrf_token


@pytest.fixture
def other_server(app: Flask, database_url: str, tmp_path, monkeypatch) -> Iterator[Flask]:
    """Return a second app server of the same site: same database and secret key, an instance folder of its own."""
    monkeypatch.setenv("LEARNPM_INSTANCE_PATH", str(tmp_path / "other-machine"))
    other = create_app({"TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": app.config["SECRET_KEY"]})
    yield other
    other.extensions["learnpm.engine"].dispose()


def carry_cookies(source: FlaskClient, target: FlaskClient) -> None:
    """Give `target` the cookies `source` holds, as one browser talking to two servers has one cookie jar."""
    for name in ("session", "remember_token"):
        cookie = source.get_cookie(name)
        if cookie is not None:
            target.set_cookie(name, cookie.value)


def test_a_login_on_one_server_holds_on_the_other_and_a_logout_there_ends_it_on_both(app, other_server, make_user):
    user = make_user()
    first, second = app.test_client(), other_server.test_client()
    token = csrf_token(first, "/login")
    answer = first.post("/login", data={"csrf_token": token, "email": user.email, "password": PASSWORD})
    assert answer.status_code == 302

    carry_cookies(first, second)
    assert second.get("/dashboard").status_code == 200  # the login row is in the shared database

    logout_token = csrf_token(second, "/dashboard")  # a form served by the second server...
    carry_cookies(second, first)
    assert first.post("/logout", data={"csrf_token": logout_token}).status_code == 302  # ...is good on the first
    carry_cookies(first, second)
    assert second.get("/dashboard").headers["Location"].startswith("/login")


def test_servers_with_keys_of_their_own_do_not_know_each_others_visitors(app, database_url, make_user, tmp_path,
                                                                         monkeypatch):
    # What happens when every machine generates its own key: why a fleet sets LEARNPM_SECRET_KEY on every server.
    monkeypatch.setenv("LEARNPM_INSTANCE_PATH", str(tmp_path / "machine-with-its-own-key"))
    stranger = create_app({"TESTING": True, "DATABASE_URL": database_url})
    try:
        assert stranger.config["SECRET_KEY"] != app.config["SECRET_KEY"]
        user = make_user()
        first, second = app.test_client(), stranger.test_client()
        token = csrf_token(first, "/login")
        first.post("/login", data={"csrf_token": token, "email": user.email, "password": PASSWORD})
        carry_cookies(first, second)
        assert second.get("/dashboard").headers["Location"].startswith("/login")
    finally:
        stranger.extensions["learnpm.engine"].dispose()
