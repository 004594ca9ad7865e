"""The served site keeps an idle connection open longer than a progress page waits between two questions.

A progress page asks for its document's status every 2 seconds on the same connection. When the server closed
idle connections after 2 seconds (gunicorn's default), the question sometimes went out on a connection the
server was closing, and came back as a broken connection instead of an answer.
"""

from __future__ import annotations

import time
from http.client import HTTPConnection

from tests.integration.test_throttle_across_workers import serve_twice, site  # noqa: F401  (a fixture)

STATUS_EVERY = 2  # seconds between two status questions of the progress page's script


def test_a_connection_idle_for_longer_than_the_pages_wait_still_answers(site, tmp_path):  # noqa: F811
    env, _url = site
    with serve_twice(env, tmp_path) as ports:
        connection = HTTPConnection("127.0.0.1", ports[0], timeout=30)
        try:
            connection.request("GET", "/healthz")
            first = connection.getresponse()
            first.read()
            assert first.status == 200 and first.getheader("Connection", "").lower() != "close"
            held = connection.sock
            time.sleep(STATUS_EVERY + 1)
            connection.request("GET", "/healthz")  # on the same socket: http.client does not reconnect by itself
            assert connection.sock is held
            second = connection.getresponse()
            second.read()
            assert second.status == 200
        finally:
            connection.close()
