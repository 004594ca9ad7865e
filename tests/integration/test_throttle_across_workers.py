"""Login limits hold across server processes: two real servers on one instance count every failure together.

Each server is `learnpm serve` with its own gunicorn worker, as two workers of one machine are; the requests
alternate between them. With counters kept per process (Flask-Limiter's memory storage) twice the limit got
through. The servers use an SQLite file of their own: what is tested is where the counters live.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.client import HTTPConnection
from pathlib import Path
from urllib.parse import urlencode

import pytest
from sqlalchemy.orm import Session

import learnpm
from learnpm.auth.queries import create_user
from learnpm.db import make_engine
from learnpm.migrate import upgrade

EMAIL, PASSWORD = "owner@example.org", "a lamp in the boathouse"
STRANGER, OWNER = "127.0.0.1", "127.0.0.2"  # both on loopback: the owner logs in from another address
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
CHECKOUT = Path(learnpm.__file__).resolve().parents[1]


def free_port() -> int:
    """Return a loopback port nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(ready, what: str, seconds: float = 90) -> None:
    """Poll `ready` until it answers true, failing after `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if ready():
            return
        time.sleep(0.2)
    pytest.fail(f"{what} did not start within {seconds:g} s")


def answers(port: int, path: str = "/healthz") -> bool:
    """Tell whether a server on `port` answers `path` with 200."""
    connection = HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", path)
        return connection.getresponse().status == 200
    except OSError:
        return False
    finally:
        connection.close()


@pytest.fixture
def site(tmp_path: Path) -> tuple[dict[str, str], str]:
    """Return the environment of a served instance with one account, and its database URL."""
    url = f"sqlite:///{tmp_path / 'served.sqlite3'}"
    engine = make_engine(url)
    upgrade(engine)
    with Session(engine) as session:
        create_user(session, EMAIL, "Owner", PASSWORD)
        session.commit()
    engine.dispose()
    env = {**os.environ, "PYTHONPATH": str(CHECKOUT), "LEARNPM_INSTANCE_PATH": str(tmp_path / "instance"),
           "LEARNPM_DATABASE_URL": url, "LEARNPM_LOG_LEVEL": "WARNING"}
    env.pop("LEARNPM_RATELIMIT_STORAGE_URI", None)
    return env, url


@contextmanager
def serve_twice(env: dict[str, str], log_dir: Path) -> Iterator[list[int]]:
    """Start two `learnpm serve` processes on one instance; yield their ports; stop them."""
    ports, processes = [free_port(), free_port()], []
    try:
        for port in ports:
            with (log_dir / f"server-{port}.log").open("w") as log:
                command = [sys.executable, "-c", "from learnpm.cli import main; main()",
                           "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "1"]
                processes.append(subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=log_dir))
            wait_until(lambda port=port: answers(port), f"learnpm serve on port {port}")
        yield ports
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)


def log_in(port: int, source: str, password: str) -> int:
    """Log in on the server at `port` from the address `source`, as a browser would; return the status."""
    connection = HTTPConnection("127.0.0.1", port, timeout=60, source_address=(source, 0))
    try:
        connection.request("GET", "/login")
        page = connection.getresponse()
        token = CSRF.search(page.read().decode())[1]
        cookie = page.getheader("Set-Cookie").split(";", 1)[0]
        form = urlencode({"csrf_token": token, "email": EMAIL, "password": password})
        connection.request("POST", "/login", body=form,
                           headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie})
        answer = connection.getresponse()
        answer.read()
        return answer.status
    finally:
        connection.close()


def check_the_limit_holds_across_servers(env: dict[str, str], log_dir: Path) -> None:
    """Send twelve wrong passwords across two servers: six are judged, six refused; the owner elsewhere gets in."""
    with serve_twice(env, log_dir) as ports:
        statuses = [log_in(ports[attempt % 2], STRANGER, "is it this one") for attempt in range(12)]
        assert statuses == [401] * 6 + [429] * 6, f"the '6 per 15 minutes' limit let through {statuses.count(401)}"
        assert log_in(ports[0], STRANGER, PASSWORD) == 429  # the stranger's address waits, right password or not
        assert log_in(ports[1], OWNER, PASSWORD) == 302  # the owner, from another address, is not held up


def test_the_per_account_limit_holds_across_two_servers_by_default(site, tmp_path):
    env, _url = site
    check_the_limit_holds_across_servers(env, tmp_path)
    assert (tmp_path / "instance" / "ratelimits.sqlite3").exists()


def test_the_per_account_limit_holds_across_two_servers_on_redis(site, tmp_path, redis_url):
    env, _url = site
    check_the_limit_holds_across_servers({**env, "LEARNPM_RATELIMIT_STORAGE_URI": redis_url}, tmp_path)
    assert not (tmp_path / "instance" / "ratelimits.sqlite3").exists()
