"""Render PDFs in a few worker processes: at most so many at once, each within a deadline.

A render cannot be interrupted inside the process that runs it, so it runs in a child process that is killed when
its deadline passes; a burst of exports waits for a free slot for a bounded time and is then told to come back. Each
worker keeps WeasyPrint's font configuration, stylesheet and image cache from one render to the next.
"""

from __future__ import annotations

import atexit
import logging
import os
import subprocess
import sys
import threading
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, Protocol

from learnpm.paths import static_dir

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RenderedPdf:
    """A PDF and the URLs its HTML asked for that were refused; for a document the renderer made itself, the
    columns of its record."""

    data: bytes
    refused: tuple[str, ...]
    document: dict[str, Any] | None = None


class MadeByRenderer(Protocol):
    """Work a renderer does in full, from the data to the PDF, rather than HTML handed to it: it is sent to the
    worker process (pickled) and made there."""

    def make(self, static_folder: Path) -> RenderedPdf:
        """Gather, lay out and render the document in this process."""


@dataclass(frozen=True)
class RenderLimits:
    """How many renders run at once, how long one may take, and how long a request waits for a free slot.

    A render may take `seconds`, or `seconds_per_page` for each page of a long document when that is longer: a
    transcript of 150 pages takes 30 to 40 seconds on an idle machine and several times that on a busy one, and the
    deadline is there to stop a render that went wrong, not one that is merely long."""

    at_once: int = 2
    seconds: float = 60.0
    wait_seconds: float = 20.0
    seconds_per_page: float = 0.0

    @classmethod
    def from_config(cls, config: Any) -> RenderLimits:
        """Read the limits from the app's settings."""
        return cls(int(config["PDF_RENDERS_AT_ONCE"]), float(config["PDF_RENDER_SECONDS"]),
                   float(config["PDF_WAIT_SECONDS"]), float(config["PDF_RENDER_SECONDS_PER_PAGE"]))

    def for_pages(self, pages: int | None) -> RenderLimits:
        """Return the limits of a render of about `pages` pages (unknown: the shortest deadline)."""
        return replace(self, seconds=max(self.seconds, (pages or 0) * self.seconds_per_page))


class RendererBusy(Exception):
    """Every render slot stayed taken for too long; the caller should ask the user to try again."""


class RenderTooLong(Exception):
    """A render passed its deadline and its worker was stopped."""


class RenderFailed(Exception):
    """A worker stopped or reported an error instead of a PDF."""


class DocumentRefused(Exception):
    """The document cannot be made as asked (its message says why, for its owner); nothing went wrong."""


class _Worker:
    """One `python -m learnpm.documents.render.worker` process, with a pipe for requests and one for replies.

    A fresh interpreter rather than a fork: forking a threaded web worker is unsafe, and multiprocessing's spawn
    would import the parent's main script again."""

    STARTUP_SECONDS = 60.0

    def __init__(self, static_folder: Path) -> None:
        self._stopping = threading.Lock()
        self.process = subprocess.Popen([sys.executable, "-m", "learnpm.documents.render.worker", str(static_folder)],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        assert self.process.stdin is not None and self.process.stdout is not None
        self.requests = Connection(os.dup(self.process.stdin.fileno()), readable=False)
        self.replies = Connection(os.dup(self.process.stdout.fileno()), writable=False)
        self.process.stdin.close()
        self.process.stdout.close()
        try:
            ready = self.replies.poll(self.STARTUP_SECONDS) and self.replies.recv() == "ready"
        except (EOFError, OSError):
            ready = False
        if not ready:
            self.stop()
            raise RenderFailed("the PDF worker did not start")

    @property
    def pid(self) -> int:
        return self.process.pid

    def render(self, work: str | MadeByRenderer, seconds: float) -> RenderedPdf:
        """Send one document (its HTML, or the work of making it) and wait for its PDF at most `seconds`."""
        try:
            self.requests.send(work)
            if not self.replies.poll(seconds):
                raise RenderTooLong(f"the render passed its deadline of {seconds:g} s")
            outcome = self.replies.recv()
        except (EOFError, OSError) as error:
            raise RenderFailed("the PDF worker stopped during a render") from error
        if outcome[0] == "refused":
            raise DocumentRefused(outcome[1])
        if outcome[0] != "ok":
            raise RenderFailed(outcome[1])
        return RenderedPdf(outcome[1], tuple(outcome[2]), outcome[3])

    def stop(self) -> None:
        """Kill the process and close the pipes; a second call, from any thread, does nothing."""
        with self._stopping:
            if self.process.poll() is None:
                self.process.kill()
            self.process.wait()
            self.requests.close()
            self.replies.close()


class RenderPool:
    """At most `limits.at_once` renders at a time, each in a worker process, each within its deadline (by default
    `limits.seconds`)."""

    def __init__(self, limits: RenderLimits, static_folder: Path) -> None:
        self.limits = limits
        self.static_folder = static_folder
        self._slots = threading.BoundedSemaphore(limits.at_once)
        self._lock = threading.Lock()
        self._idle: list[_Worker] = []
        self._workers: list[_Worker] = []
        self.running = 0
        self.most_running = 0

    def render(self, html: str | MadeByRenderer, seconds: float | None = None) -> RenderedPdf:
        """Render `html` (or make the document it stands for) within `seconds` (else `limits.seconds`), or raise
        RendererBusy, RenderTooLong, RenderFailed or DocumentRefused."""
        if not self._slots.acquire(timeout=self.limits.wait_seconds):
            raise RendererBusy()
        try:
            worker = self._take()
            self._count(+1)
            try:
                pdf = worker.render(html, self.limits.seconds if seconds is None else seconds)
            except DocumentRefused:
                with self._lock:  # the worker is sound: it said why it made nothing
                    self._idle.append(worker)
                raise
            except BaseException as error:
                self._retire(worker)
                log.warning("PDF render stopped: %s", error)
                raise
            finally:
                self._count(-1)
            with self._lock:
                self._idle.append(worker)
            return pdf
        finally:
            self._slots.release()

    def warm(self) -> None:
        """Start every worker now rather than on first use."""
        with self._lock:
            missing = self.limits.at_once - len(self._workers)
        for _ in range(missing):
            worker = _Worker(self.static_folder)
            with self._lock:
                self._workers.append(worker)
                self._idle.append(worker)

    def pids(self) -> list[int]:
        """Return the process ids of the live workers (for measuring their memory)."""
        with self._lock:
            return [worker.pid for worker in self._workers]

    def close(self) -> None:
        """Stop every worker. One busy rendering is only killed: the thread waiting on it closes its pipes."""
        with self._lock:
            workers, idle, self._workers, self._idle = self._workers, self._idle, [], []
        for worker in workers:
            if worker in idle:
                worker.stop()
            else:
                worker.process.kill()

    def _take(self) -> _Worker:
        """Return an idle worker, starting one when none is free."""
        with self._lock:
            if self._idle:
                return self._idle.pop()
        worker = _Worker(self.static_folder)
        with self._lock:
            self._workers.append(worker)
        return worker

    def _retire(self, worker: _Worker) -> None:
        """Stop a worker that overran or failed; the next render starts a fresh one."""
        worker.stop()
        with self._lock:
            if worker in self._workers:  # close() may have let go of it already
                self._workers.remove(worker)

    def _count(self, change: int) -> None:
        with self._lock:
            self.running += change
            self.most_running = max(self.most_running, self.running)


def render_pdf(html: str | MadeByRenderer, limits: RenderLimits = RenderLimits()) -> RenderedPdf:
    """Render a print template's HTML (title, author, subject and language come from its head), or make the document
    `html` stands for, within `limits`."""
    return pool_for(limits, static_dir()).render(html, limits.seconds)


_pools: dict[tuple[int, float], RenderPool] = {}
_pools_lock = threading.Lock()


def pool_for(limits: RenderLimits, static_folder: Path) -> RenderPool:
    """Return this process's pool for these limits, creating it on first use.

    One pool for each number of renders at once and wait: a long document's longer deadline renders in the same
    pool as the others, so that the number at once holds for them all."""
    key = (limits.at_once, limits.wait_seconds)
    with _pools_lock:
        pool = _pools.get(key)
        if pool is None:
            pool = _pools[key] = RenderPool(limits, static_folder)
        return pool


@atexit.register
def _close_pools() -> None:
    """Stop this process's workers on the way out rather than leave them to notice their closed pipe."""
    with _pools_lock:
        pools = list(_pools.values())
        _pools.clear()
    for pool in pools:
        pool.close()
