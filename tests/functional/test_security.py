"""Protections a user never sees until they are missing: CSRF, headers, error pages, limits."""

import pytest
from flask import Flask

from learnpm import create_app
from tests.support import PASSWORD


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/login", {"email": "a@example.org", "password": PASSWORD}),
        ("/register", {"email": "a@example.org", "display_name": "A", "password": PASSWORD, "confirm": PASSWORD}),
        ("/logout", {}),
        ("/account/password", {"current_password": PASSWORD, "new_password": "x" * 20, "confirm": "x" * 20}),
        ("/account/delete", {"password": PASSWORD}),
    ],
)
def test_a_post_without_a_csrf_token_is_refused(client, logged_in, url, data):
    response = client.post(url, data=data)
    assert response.status_code == 400
    assert "The form had expired" in response.get_data(as_text=True)
    assert client.get("/dashboard").status_code == 200  # still logged in, nothing changed


def test_a_post_with_a_forged_csrf_token_is_refused(client, logged_in):
    response = client.post("/account/delete", data={"csrf_token": "forged", "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/dashboard").status_code == 200


def test_every_page_carries_the_security_headers(client):
    headers = client.get("/").headers
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"


def test_pages_need_no_inline_script(client, logged_in):
    for url in ("/dashboard", "/account/", "/account/delete"):
        page = client.get(url).get_data(as_text=True)
        assert "<script>" not in page and "onclick=" not in page and 'style="' not in page


def test_an_unknown_page_is_a_friendly_404(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)


@pytest.fixture
def failing_app(app: Flask) -> Flask:
    @app.get("/boom")
    def boom():
        raise RuntimeError("secret internals: db password is hunter2")

    return app


def test_an_unexpected_error_shows_a_500_page_that_reveals_nothing(failing_app, caplog):
    response = failing_app.test_client().get("/boom")
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Something went wrong on our side" in page
    assert "hunter2" not in page and "Traceback" not in page and "RuntimeError" not in page
    assert "hunter2" in caplog.text  # the operator still gets the details in the log


def test_a_request_over_the_size_limit_is_refused(app, client):
    app.config["MAX_CONTENT_LENGTH"] = 1024
    response = client.post("/login", data={"email": "x" * 4096})
    assert response.status_code == 413
    assert "too large" in response.get_data(as_text=True)


def test_healthz_answers_200_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


def test_healthz_answers_503_when_the_database_does_not(tmp_path, monkeypatch):
    monkeypatch.setenv("LEARNPM_INSTANCE_PATH", str(tmp_path))
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": f"sqlite:///{tmp_path}/missing/dir/db.sqlite3"})
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["status"] == "unavailable"
