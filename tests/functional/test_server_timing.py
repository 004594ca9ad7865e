"""The Server-Timing header: off unless asked for, and when on, figures a browser's developer tools can read."""

from __future__ import annotations

import pytest

from learnpm.server_timing import parse


@pytest.fixture
def app_config(request) -> dict:
    return getattr(request, "param", {})


def test_no_timing_header_unless_the_configuration_asks(client):
    assert "Server-Timing" not in client.get("/healthz").headers


@pytest.mark.parametrize("app_config", [{"SERVER_TIMING": True}], indirect=True)
def test_every_response_says_what_it_cost_the_server(client):
    for path, status in (("/healthz", 200), ("/login", 200), ("/no-such-page", 404)):
        response = client.get(path)
        assert response.status_code == status
        durations = parse(response.headers["Server-Timing"])
        assert set(durations) == {"app", "cpu"}, path
        assert 0 < durations["app"] < 60_000 and 0 <= durations["cpu"] < 60_000, path


def test_the_header_is_read_as_browsers_read_it():
    assert parse("app;dur=12.5, cpu;dur=3.25") == {"app": 12.5, "cpu": 3.25}
    assert parse('db;desc="Database";dur=2, cache;desc=hit, total;dur=x') == {"db": 2.0}
    assert parse("") == {}
