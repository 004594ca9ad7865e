"""A learnpm site served on a loopback port by a real, threaded HTTP server, and browsers that visit it."""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Iterator

import pytest
from flask import Flask
from sqlalchemy.orm import Session
from werkzeug.security import generate_password_hash

from learnpm.auth.models import User
from learnpm.auth.queries import set_roles
from tests.concurrency.support import Visitor
from tests.support import PASSWORD, served


@pytest.fixture
def site(app: Flask) -> Iterator[str]:
    """Serve the test app on a free loopback port, a thread per request; return its base URL."""
    with served(app) as base:
        yield base


@pytest.fixture
def visitor(site: str) -> Callable[[], Visitor]:
    """Return a factory of fresh browsers on the served site."""
    return lambda: Visitor(site)


@functools.cache
def password_hash() -> str:
    """Return a hash of the test password, made once: each hash takes a good part of a second, on purpose."""
    return generate_password_hash(PASSWORD)


@pytest.fixture
def member(visitor: Callable[[], Visitor], session: Session) -> Callable[..., Visitor]:
    """Return a factory of browsers, each logged in through the login form to a fresh account with these roles."""
    made = itertools.count(1)

    def logged_in(*roles: str) -> Visitor:
        user = User(email=f"member{next(made)}@example.org", display_name="Test User", password_hash=password_hash())
        set_roles(user, roles or ("learner",))
        session.add(user)
        session.commit()
        browser = visitor().login(user.email)
        browser.user = user
        return browser

    return logged_in
