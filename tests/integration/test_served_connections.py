"""The served site keeps an idle connection open longer than a progress page waits between two questions.

A progress page asks for its document's status every 2 seconds on the same connection. When the server closed
idle connections after 2 seconds (gunicorn's default), the question sometimes went out on a connection the
server was closing, and came back as a broken connection instead of an answer.
"""

from __future__ import annotations

import socket
import time
from http.client import HTTPConnection

from tests.integration.support import learnpm_process, wait_for

STATUS_EVERY = 2  # seconds between two status questions of the progress page's script


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def answers(port: int) -> bool:
    connection = HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", "/healthz")
        return connection.getresponse().status == 200
    except OSError:
        return False
    finally:
        connection.close()


def test_a_connection_idle_for_longer_than_the_pages_wait_still_answers(app, tmp_path):
    port = free_port()
    server = learnpm_process(app, tmp_path / "server.log", "serve", "--host", "127.0.0.1", "--port", str(port),
                             "--workers", "1", "--no-migrate")
    connection = HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        wait_for(lambda: answers(port), "learnpm serve answering", seconds=90)
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
        server.terminate()
        server.wait(timeout=30)
