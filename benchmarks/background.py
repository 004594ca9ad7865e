"""Background work: a PDF rendered on a `learnpm worker` through Redis, against the same PDF rendered by this
server's own render pool (the embedded default), and the time from asking for a document in the background to
its being ready, in both modes.

Run: .venv/bin/python benchmarks/background.py [REPEAT]   (REPEAT defaults to 15; needs Debian's redis-server)
The worker and Redis are started here on loopback and stopped at the end. All are timed in turn, so that load
from elsewhere on the machine hits them alike.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import interleaved_medians, make_app, print_ratios  # noqa: E402

from learnpm.documents.jobs import render_on_worker  # noqa: E402
from learnpm.documents.render.pool import RenderLimits, pool_for  # noqa: E402
from learnpm.paths import static_dir  # noqa: E402

ONE_PAGE = "<html lang='en'><head><title>One page</title></head><body><h1>One page</h1><p>" + "Text. " * 200 + "</p></body></html>"
TEN_PAGES = ("<html lang='en'><head><title>Ten pages</title></head><body>"
             + "<p>A paragraph of an hours transcript, with a project, a day and an activity.</p>" * 400 + "</body></html>")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_redis() -> tuple[subprocess.Popen[bytes], str]:
    """Start a throwaway Redis on loopback; return it and its URL."""
    import redis

    port = free_port()
    process = subprocess.Popen([shutil.which("redis-server") or "redis-server", "--port", str(port), "--bind",
                                "127.0.0.1", "--save", "", "--appendonly", "no"], stdout=subprocess.DEVNULL)
    client = redis.Redis(port=port)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.RedisError:
            time.sleep(0.1)
    return process, f"redis://127.0.0.1:{port}"


def main(repeat: int) -> None:
    redis_process, queue_url = start_redis()
    app = make_app()
    app.config["QUEUE_URL"] = queue_url
    env = {**os.environ, "LEARNPM_QUEUE_URL": queue_url, "LEARNPM_DATABASE_URL": app.config["DATABASE_URL"],
           "LEARNPM_INSTANCE_PATH": app.instance_path, "LEARNPM_SECRET_KEY": "benchmark", "LEARNPM_LOG_LEVEL": "ERROR"}
    worker = subprocess.Popen([sys.executable, "-c", "from learnpm.cli import main; main()", "worker",
                               "--no-scheduler"], env=env)
    try:
        limits = RenderLimits(at_once=1, seconds=60, wait_seconds=60)
        pool = pool_for(limits, static_dir())
        pool.warm()
        with app.app_context():
            render_on_worker(app, ONE_PAGE, limits)  # the worker is up and warm
            actions = [lambda: pool.render(ONE_PAGE), lambda: render_on_worker(app, ONE_PAGE, limits),
                       lambda: pool.render(TEN_PAGES), lambda: render_on_worker(app, TEN_PAGES, limits)]
            one_pool, one_queue, ten_pool, ten_queue = interleaved_medians(actions, repeat)
        print_ratios("A PDF rendered on a queue worker against this server's render pool", "one page, render pool",
                     one_pool, [("one page, queue worker (enqueue, fork, render, result)", one_queue),
                                ("ten pages, render pool", ten_pool),
                                ("ten pages, queue worker", ten_queue)])
        print(f"\n  queue overhead per render: {1000 * (one_queue - one_pool):.0f} ms "
              f"(one page), {1000 * (ten_queue - ten_pool):.0f} ms (ten pages); one-page floor {1000 * one_pool:.0f} ms")
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        redis_process.terminate()
        redis_process.wait(timeout=10)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 15)
