"""How the served site holds its connections: each worker takes at most as many as it has threads, and closes each
after its answer, so that a client's next request goes to a worker with a thread free.

With keep-alive, a worker kept every connection it took for as long as the client lived: a handful of busy clients
split between the workers as chance had it, and one worker served most of them while the other idled.
"""

from __future__ import annotations

import collections
import socket
import time
from http.client import HTTPConnection

import psutil

from learnpm.server import THREADS
from tests.integration.support import learnpm_process, wait_for

STATUS_EVERY = 2  # seconds between two status questions of the progress page's script
# An upload that has started and not ended: the worker's thread reading it is held until it ends.
UNFINISHED_UPLOAD = (b"POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                     b"Content-Length: 1000\r\n\r\nemail=")


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


def serve(app, tmp_path, workers: int):
    port = free_port()
    server = learnpm_process(app, tmp_path / "server.log", "serve", "--host", "127.0.0.1", "--port", str(port),
                             "--workers", str(workers), "--no-migrate")
    wait_for(lambda: answers(port), "learnpm serve answering", seconds=90)
    return server, port


def stop(server) -> None:
    server.terminate()
    server.wait(timeout=30)


def test_a_progress_page_asking_every_two_seconds_gets_every_answer(app, tmp_path):
    server, port = serve(app, tmp_path, workers=1)
    connection = HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        for _ in range(3):
            connection.request("GET", "/healthz")
            answer = connection.getresponse()
            answer.read()
            # Closed by the server with its answer, never while a question may be on its way: the next one connects.
            assert answer.status == 200 and answer.getheader("Connection", "").lower() == "close"
            time.sleep(STATUS_EVERY)
    finally:
        connection.close()
        stop(server)


def connections_by_worker(server, port: int) -> list[int]:
    """Return how many connections to `port` each worker of the server holds, fewest first."""
    held: collections.Counter[int] = collections.Counter()
    for worker in psutil.Process(server.pid).children():
        try:
            held[worker.pid] = sum(1 for found in worker.net_connections(kind="tcp")
                                   if found.laddr and found.laddr.port == port and found.status == "ESTABLISHED")
        except psutil.NoSuchProcess:
            continue
    return sorted(held.values())


def test_a_worker_whose_threads_are_all_taken_leaves_the_next_connections_to_the_other(app, tmp_path):
    server, port = serve(app, tmp_path, workers=2)
    try:
        for _ in range(2):  # twice: connections that happened to split evenly once would not do it twice
            uploads = [socket.create_connection(("127.0.0.1", port), timeout=30) for _ in range(2 * THREADS)]
            try:
                for upload in uploads:
                    upload.sendall(UNFINISHED_UPLOAD)
                wait_for(lambda: sum(connections_by_worker(server, port)) == 2 * THREADS,
                         "every upload taken by a worker", seconds=90)
                assert connections_by_worker(server, port) == [THREADS, THREADS]
            finally:
                for upload in uploads:
                    upload.close()
            wait_for(lambda: sum(connections_by_worker(server, port)) == 0, "the uploads let go", seconds=30)
        assert answers(port)
    finally:
        stop(server)
