"""Fixtures of the integration tests that run real servers: a throwaway Redis, and `learnpm worker` processes."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask

from tests.integration.support import learnpm_process, wait_for
from tests.support import free_port


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
