"""One writer at a time on a SQLite file, the next one woken the moment the one before is done.

SQLite lets one connection write at a time. A connection that finds the file's write lock taken waits in SQLite's
busy handler, which sleeps 1, 2, 5, 10, 15, 20, 25 ... ms between tries whatever the holder is doing. Under load
(two workers of four threads each) a write that arrives during another's commit often sleeps 10 ms or more for a
lock freed after 1 or 2: measured with the load test, about one write in ten.

This queue goes in front of SQLite's lock: a connection about to write (its first INSERT, UPDATE, DELETE or
REPLACE, or a `BEGIN IMMEDIATE`) takes the queue, and gives it back when it goes back to the pool or next runs a
statement outside a transaction. Threads of one process wait on a `threading.Lock`; processes on an `flock` of a
file beside the database (`<database>-writer`), tried every fraction of a millisecond. Whoever waits is woken as
soon as the writer before leaves.

The queue only orders writers: SQLite's own locking still guards the data. Whoever waits longer than the busy
timeout goes on without the queue, to SQLite's busy handler as before, so a writer can never wait here for good
(a thread that already holds the queue through another connection does not wait for itself either).
"""

from __future__ import annotations

import fcntl
import logging
import os
import threading
import time
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine

log = logging.getLogger(__name__)

WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "BEGIN IMMEDIATE", "BEGIN EXCLUSIVE")
HOLDS = "learnpm.writer"  # the key, in a pooled connection's info, of "this connection holds the queue"
POLL_FIRST, POLL_MOST = 0.0002, 0.002  # seconds between two tries of the file lock: doubling up to the most


def is_write(statement: str) -> bool:
    """Whether a statement makes SQLite take its write lock (a WITH ... INSERT is left to SQLite's own waiting)."""
    return statement.lstrip()[:15].upper().startswith(WRITES)


def database_file(engine: Engine) -> str | None:
    """The file an SQLite engine writes to, or None for a database in memory."""
    database = engine.url.database or ""
    if database in ("", ":memory:") or database.startswith("file:") or "mode=memory" in database:
        return None
    return database


class WriterQueue:
    """The queue of one SQLite file's writers, shared by the threads of this process and, through the file lock,
    with every other process that writes to the file."""

    def __init__(self, path: str, timeout: float) -> None:
        self.path = path
        self.timeout = timeout
        self._pid = -1
        self._fd: int | None = None
        self._start()

    def _start(self) -> None:
        """Start this process's own thread lock and lock file (a forked child must not share its parent's)."""
        self._pid = os.getpid()
        self._threads = threading.Lock()
        self._fd = None  # the parent's stays open, untouched; this process opens its own at its first write
        self.owner: int | None = None  # the thread holding the queue

    def acquire(self) -> bool:
        """Wait for the writers before; False if that took longer than the timeout (then go on without the queue),
        or if the lock file cannot be opened (then SQLite says what is wrong with the database's folder)."""
        if os.getpid() != self._pid:
            self._start()
        if self.owner == threading.get_ident():
            return False  # this thread writes through another connection already: waiting would wait for itself
        deadline = time.monotonic() + self.timeout
        if not self._threads.acquire(timeout=self.timeout):
            log.warning("A write waited %s s for the writers before it; it goes on without the queue", self.timeout)
            return False
        if self._fd is None:
            try:
                self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            except OSError:
                self._threads.release()
                return False
        pause = POLL_FIRST
        while True:
            try:
                fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    self._threads.release()
                    log.warning("A write waited %s s for another process's writer; it goes on without the queue",
                                self.timeout)
                    return False
                time.sleep(pause)
                pause = min(pause * 2, POLL_MOST)
        self.owner = threading.get_ident()
        return True

    def release(self) -> None:
        self.owner = None
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
        self._threads.release()


def install(engine: Engine, timeout: float) -> WriterQueue | None:
    """Put a writer queue in front of an SQLite engine's file (none for a database in memory)."""
    path = database_file(engine)
    if path is None:
        return None
    queue = WriterQueue(f"{path}-writer", timeout)

    def before_cursor_execute(connection: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        pooled = connection.connection
        if pooled.info.get(HOLDS) and not pooled.driver_connection.in_transaction:
            _give_back(pooled.info)  # its transaction ended (committed on this same checkout)
        if not pooled.info.get(HOLDS) and not pooled.driver_connection.in_transaction and is_write(statement):
            if queue.acquire():
                pooled.info[HOLDS] = queue

    def ended(_dbapi_connection: Any, record: Any) -> None:
        if record is not None:  # None for a connection detached from the pool, which never held the queue
            _give_back(record.info)

    def reset(dbapi_connection: Any, record: Any, _reset_state: Any) -> None:
        ended(dbapi_connection, record)

    def invalidated(dbapi_connection: Any, record: Any, _exception: Any) -> None:
        ended(dbapi_connection, record)

    event.listen(engine, "before_cursor_execute", before_cursor_execute)
    event.listen(engine.pool, "checkin", ended)
    event.listen(engine.pool, "close", ended)
    event.listen(engine.pool, "reset", reset)
    event.listen(engine.pool, "invalidate", invalidated)
    return queue


def _give_back(info: dict[str, Any]) -> None:
    queue = info.pop(HOLDS, None)
    if queue is not None:
        queue.release()
