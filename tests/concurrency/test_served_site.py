"""The served site used by these tests stops cleanly, and tells when a request left a database connection open."""

from __future__ import annotations

import urllib.request

import pytest

from learnpm.db import get_engine
from tests.concurrency.support import Visitor
from tests.support import served


def test_a_request_that_keeps_a_database_connection_fails_the_test_that_served_it(app):
    kept = []

    @app.get("/keeps-a-connection")
    def keeps_a_connection() -> str:
        kept.append(get_engine().connect())
        return "kept"

    with pytest.raises(AssertionError, match=r"kept 1 database connection\(s\) checked out"):
        with served(app) as base:
            assert urllib.request.urlopen(base + "/keeps-a-connection", timeout=30).read() == b"kept"
    kept[0].close()


def test_requests_that_close_their_sessions_leave_no_connection_behind(app, make_user):
    user = make_user()
    with served(app) as base:
        learner = Visitor(base).login(user.email)
        assert learner.get("/dashboard").status == 200
    assert get_engine(app).pool.checkedout() == 0
