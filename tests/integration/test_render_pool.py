"""The PDF worker pool: a render that overruns is stopped, a burst waits its turn or is turned away, and no more
renders run at once than the limit allows."""

from __future__ import annotations

import io
import os
import signal
import threading
import time

import pytest
from pypdf import PdfReader

from learnpm.documents.render.pool import (
    RenderedPdf,
    RendererBusy,
    RenderFailed,
    RenderLimits,
    RenderPool,
    RenderTooLong,
    pool_for,
)
from learnpm.paths import static_dir

SMALL = "<html lang='en'><head><title>Small</title></head><body><p>A short document.</p></body></html>"
# Hundreds of pages: seconds of work on any machine, far beyond the short deadlines below.
LARGE = ("<html lang='en'><head><title>Large</title></head><body>"
         + "<p>A paragraph that keeps the renderer busy for a while, line after line.</p>" * 20_000 + "</body></html>")


def text_of(pdf: RenderedPdf) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)


@pytest.fixture
def make_pool():
    pools: list[RenderPool] = []

    def make(**limits: float) -> RenderPool:
        pool = RenderPool(RenderLimits(**limits), static_dir())
        pools.append(pool)
        return pool

    yield make
    for pool in pools:
        pool.close()


def wait_until(condition, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the pool never reached the expected state"
        time.sleep(0.01)


def render_in_background(pool: RenderPool, html: str) -> tuple[threading.Thread, list[BaseException]]:
    """Start rendering `html` in a thread; the list receives the error that ends the render, if one does."""
    outcome: list[BaseException] = []

    def render() -> None:
        try:
            pool.render(html)
        except BaseException as error:  # noqa: BLE001 - recorded for the caller's assertions
            outcome.append(error)

    thread = threading.Thread(target=render, daemon=True)
    thread.start()
    return thread, outcome


def test_a_worker_renders_one_document_after_another_in_the_same_process(make_pool):
    pool = make_pool(at_once=1)
    first, second = pool.render(SMALL), pool.render(SMALL.replace("short", "second"))
    assert "A short document." in text_of(first) and "A second document." in text_of(second)
    assert len(pool.pids()) == 1


def test_a_render_past_its_deadline_is_stopped_and_the_next_one_gets_a_fresh_worker(make_pool):
    pool = make_pool(at_once=1, seconds=0.3)
    pool.render(SMALL)  # the worker has started and warmed up; only the render itself is timed now
    first_worker = pool.pids()
    started = time.monotonic()
    with pytest.raises(RenderTooLong):
        pool.render(LARGE)
    assert time.monotonic() - started < 10, "the caller was kept waiting long after the deadline"
    assert pool.pids() == [], "the overrunning worker is still alive"
    assert "A short document." in text_of(pool.render(SMALL))
    assert pool.pids() != first_worker


def test_a_long_documents_longer_deadline_renders_in_the_same_pool_within_that_deadline(make_pool):
    limits = RenderLimits(at_once=1, seconds=0.3, seconds_per_page=60)
    assert limits.for_pages(None).seconds == 0.3 and limits.for_pages(2).seconds == 120
    assert pool_for(limits.for_pages(150), static_dir()) is pool_for(limits, static_dir())  # one bound on them all
    pool = make_pool(at_once=1, seconds=0.3)
    medium = ("<html lang='en'><head><title>Medium</title></head><body>"  # a second or two of work
              + "<p>A paragraph that keeps the renderer busy for a while, line after line.</p>" * 1_000
              + "</body></html>")
    assert "A paragraph" in text_of(pool.render(medium, limits.for_pages(2).seconds))  # past 0.3 s, within 120


def test_a_burst_beyond_the_limit_is_turned_away_once_its_wait_is_over(make_pool):
    pool = make_pool(at_once=1, seconds=120, wait_seconds=0.2)
    pool.render(SMALL)
    busy, outcome = render_in_background(pool, LARGE)
    wait_until(lambda: pool.running == 1)
    started = time.monotonic()
    with pytest.raises(RendererBusy):
        pool.render(SMALL)
    assert time.monotonic() - started < 5
    pool.close()  # stops the long render rather than waiting for it
    busy.join(timeout=60)
    assert not busy.is_alive() and outcome, "the long render neither finished nor failed"


def test_no_more_renders_run_at_once_than_the_limit(make_pool):
    pool = make_pool(at_once=2, seconds=120, wait_seconds=120)
    pool.warm()
    assert len(pool.pids()) == 2
    # Long enough that two renders certainly overlap, short enough to keep the test quick.
    documents = [f"<html lang='en'><head><title>{n}</title></head><body>"
                 + f"<p>Number {n} keeps a worker busy.</p>" * 200 + "</body></html>" for n in range(6)]
    results: dict[int, str] = {}

    def render(n: int) -> None:
        results[n] = text_of(pool.render(documents[n]))

    threads = [threading.Thread(target=render, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(results) == list(range(6))
    assert all(results[n].startswith(f"Number {n} keeps") for n in range(6))
    assert pool.most_running == 2
    assert len(pool.pids()) == 2


def test_a_worker_that_dies_mid_render_is_reported_and_replaced(make_pool):
    pool = make_pool(at_once=1, seconds=120)
    pool.render(SMALL)
    [pid] = pool.pids()
    thread, outcome = render_in_background(pool, LARGE)
    wait_until(lambda: pool.running == 1)
    os.kill(pid, signal.SIGKILL)
    thread.join(timeout=60)
    assert len(outcome) == 1 and isinstance(outcome[0], RenderFailed)
    assert "A short document." in text_of(pool.render(SMALL))
    assert pool.pids() != [pid]
