"""Fixtures of the integration tests that run real servers: a throwaway Redis, and `learnpm worker` processes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask

import learnpm
from tests.support import free_port

CHECKOUT = Path(learnpm.__file__).resolve().parents[1]


def wait_for(ready: Callable[[], bool], what: str, seconds: float = 60) -> None:
    """Poll `ready` until it answers true, failing after `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if ready():
            return
        time.sleep(0.1)
    pytest.fail(f"{what} did not happen within {seconds:g} s")


@pytest.fixture
def redis_url() -> Iterator[str]:
    """Start a throwaway Redis on a free loopback port; return its URL."""
    server = shutil.which("redis-server")
    if server is None:
        pytest.fail("redis-server is not installed: run `bash .ci/setup test`.")
    import redis

    port = free_port()
    process = subprocess.Popen([server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    client = redis.Redis(host="127.0.0.1", port=port, socket_timeout=2)

    def pings() -> bool:
        try:
            return bool(client.ping())
        except redis.RedisError:
            return False

    try:
        wait_for(pings, "redis-server answering", 30)
        yield f"redis://127.0.0.1:{port}"
    finally:
        client.close()
        process.terminate()
        process.wait(timeout=10)


def site_environment(app: Flask) -> dict[str, str]:
    """Return the environment of a `learnpm` process that serves the same site as `app`."""
    env = {**os.environ, "PYTHONPATH": str(CHECKOUT), "LEARNPM_INSTANCE_PATH": app.instance_path,
           "LEARNPM_DATABASE_URL": app.config["DATABASE_URL"], "LEARNPM_SECRET_KEY": app.config["SECRET_KEY"],
           "LEARNPM_QUEUE_URL": app.config["QUEUE_URL"], "LEARNPM_LOG_LEVEL": "WARNING"}
    for name in ("PDF_RENDER_SECONDS", "SCHEDULE_SECONDS", "BASE_URL"):
        env[f"LEARNPM_{name}"] = str(app.config[name])
    return env


def learnpm_process(app: Flask, log: Path, *arguments: str) -> subprocess.Popen[bytes]:
    """Start `learnpm ARGUMENTS` for the site of `app`, its output going to `log`."""
    with log.open("ab") as output:
        return subprocess.Popen([sys.executable, "-c", "from learnpm.cli import main; main()", *arguments],
                                env=site_environment(app), stdout=output, stderr=subprocess.STDOUT, cwd=log.parent)


@pytest.fixture
def start_worker(app: Flask, tmp_path: Path) -> Iterator[Callable[..., subprocess.Popen[bytes]]]:
    """Return a function that starts a `learnpm worker` for the site of `app`; every one is stopped afterwards."""
    started: list[subprocess.Popen[bytes]] = []

    def start(*options: str) -> subprocess.Popen[bytes]:
        process = learnpm_process(app, tmp_path / f"worker-{len(started)}.log", "worker", *options)
        started.append(process)
        return process

    yield start
    for process in started:
        process.terminate()
    for process in started:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
