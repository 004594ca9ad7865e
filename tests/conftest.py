"""Fixtures shared by every test: the app on a migrated database, a client, logged-in users."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from learnpm import create_app
from learnpm.auth import queries
from learnpm.auth.models import User
from learnpm.clock import utcnow
from learnpm.db import get_session, make_engine, normalise_url
from learnpm.jobs.runner import wait_for_background
from learnpm.migrate import upgrade
from learnpm.security import limiter
from tests.support import PASSWORD, AuthActions, SmtpServer, empty_tables

# CI sets this to run the whole suite against PostgreSQL as well as the embedded SQLite.
POSTGRES_URL = os.environ.get("LEARNPM_TEST_DATABASE_URL", "")


def worker_database(url: str) -> str:
    """Return the URL of this test process's own PostgreSQL database beside `url`, created if missing.

    Tests run in parallel processes (pytest-xdist) empty the tables after each test, so each process needs a database
    of its own; a run in one process uses `url` itself."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if not worker:
        return url
    server_url = make_url(normalise_url(url))
    name = f"{server_url.database}_{worker}"
    server = make_engine(url).execution_options(isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        if connection.execute(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}).first() is None:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    server.dispose()
    return server_url.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Return the URL of a test database migrated to the newest schema, emptied first."""
    sqlite_url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
    url = worker_database(POSTGRES_URL) if POSTGRES_URL else sqlite_url
    engine = make_engine(url)
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    upgrade(engine)
    engine.dispose()
    return url


@pytest.fixture
def app_config() -> dict[str, Any]:
    """Return settings a test module wants on top of the test ones (override this fixture to change them)."""
    return {}


@pytest.fixture
def app(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, app_config: dict[str, Any]) -> Iterator[Flask]:
    """Return a learnpm app on the test database; every table is emptied afterwards."""
    monkeypatch.setenv("LEARNPM_INSTANCE_PATH", str(tmp_path / "instance"))
    app = create_app({"TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": "test-secret-key", **app_config})
    limiter.reset()
    yield app
    wait_for_background()  # a document still being prepared must not write into the next test's tables
    empty_tables(app)
    app.extensions["learnpm.engine"].dispose()  # close the pool's connections now, not when the collector finds them


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """Return a test client of the app."""
    return app.test_client()


@pytest.fixture
def session(app: Flask) -> Iterator[Session]:
    """Return a database session of its own, outside any app context, so requests keep theirs apart."""
    session = app.extensions["learnpm.sessionmaker"]()
    yield session
    session.close()


@dataclass
class UserFactory:
    """Create accounts straight in the database, much faster than through the forms; their addresses are confirmed."""

    app: Flask
    counter: int = 0

    def __call__(self, email: str | None = None, roles: tuple[str, ...] = ("learner",), name: str = "Test User") -> User:
        self.counter += 1
        email = email or f"user{self.counter}@example.org"
        with self.app.app_context():
            session = get_session()
            user = queries.create_user(session, email, name, PASSWORD, roles)
            queries.confirm_email(user, utcnow())
            session.commit()
            return user


@pytest.fixture
def make_user(app: Flask) -> UserFactory:
    """Return a factory of accounts whose password is PASSWORD."""
    return UserFactory(app)


@pytest.fixture
def auth(client: FlaskClient) -> AuthActions:
    """Return login and logout actions for the client."""
    return AuthActions(client)


@pytest.fixture
def logged_in(make_user: UserFactory, auth: AuthActions) -> User:
    """Return a learner who is logged in on `client`."""
    user = make_user()
    response = auth.login(user.email)
    assert response.status_code == 302
    return user


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    """Return a real SMTP server listening on a free loopback port, stopped after the test."""
    server = SmtpServer()
    server.start()
    yield server
    server.stop()
