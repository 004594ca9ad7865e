"""Rate-limit counters in an SQLite file, so that every worker process on one machine counts together.

Flask-Limiter's memory storage counts per process: with four workers an attacker gets four times the limit.
Redis shares the counts but is one more server to run. This file in the instance folder needs none: each worker
opens it, and one statement adds to a counter and reads it back, so two workers never both see the last free try.
Several machines behind one address still need Redis (`RATELIMIT_STORAGE_URI = "redis://…"`).
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

from limits.storage import Storage

from learnpm.config import RATELIMIT_FILE_SCHEME as SCHEME

# Expired counters are swept after this many increments in a process, so the file stays small.
SWEEP_EVERY = 500

_SCHEMA = """CREATE TABLE IF NOT EXISTS counters (
    key TEXT PRIMARY KEY, count INTEGER NOT NULL, expires_at REAL NOT NULL) WITHOUT ROWID"""
# A window that has run out starts again at `amount`; every expression sees the row as it was.
_INCREMENT = """INSERT INTO counters (key, count, expires_at) VALUES (:key, :amount, :now + :expiry)
    ON CONFLICT (key) DO UPDATE SET
        count = CASE WHEN expires_at <= :now THEN :amount ELSE count + :amount END,
        expires_at = CASE WHEN expires_at <= :now THEN :now + :expiry ELSE expires_at END
    RETURNING count"""


class SQLiteFileStorage(Storage):
    """Fixed-window counters kept in one SQLite file that all processes of a machine open."""

    STORAGE_SCHEME = [SCHEME]

    def __init__(self, uri: str, wrap_exceptions: bool = False, **options: Any) -> None:
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self.path = Path(uri.removeprefix(f"{SCHEME}://"))
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._increments = 0
        self._connection().execute(_SCHEMA)

    @property
    def base_exceptions(self) -> type[Exception]:
        return sqlite3.Error

    def _connection(self) -> sqlite3.Connection:
        """Return this thread's connection, opening a new one after a fork."""
        connection = getattr(self._local, "connection", None)
        if connection is None or self._local.pid != os.getpid():
            # Autocommit: each statement is its own transaction, and takes the write lock only while it runs.
            connection = sqlite3.connect(self.path, timeout=15, isolation_level=None, check_same_thread=False)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            self._local.connection, self._local.pid = connection, os.getpid()
        return connection

    def incr(self, key: str, expiry: float, amount: int = 1) -> int:
        """Add `amount` to the counter of `key` and return its new value; a new window lasts `expiry` seconds."""
        now = time.time()
        connection = self._connection()
        (count,) = connection.execute(_INCREMENT, {"key": key, "amount": amount, "now": now, "expiry": expiry}).fetchone()
        self._increments += 1
        if self._increments % SWEEP_EVERY == 0:
            connection.execute("DELETE FROM counters WHERE expires_at <= ?", (now,))
        return int(count)

    def get(self, key: str) -> int:
        """Return the counter of `key` in its current window (0 when none runs)."""
        row = self._connection().execute(
            "SELECT count FROM counters WHERE key = ? AND expires_at > ?", (key, time.time())).fetchone()
        return int(row[0]) if row else 0

    def get_expiry(self, key: str) -> float:
        """Return when the current window of `key` ends, as a Unix time."""
        now = time.time()
        row = self._connection().execute(
            "SELECT expires_at FROM counters WHERE key = ? AND expires_at > ?", (key, now)).fetchone()
        return float(row[0]) if row else now

    def check(self) -> bool:
        """Tell whether the file answers."""
        try:
            self._connection().execute("SELECT 1").fetchone()
        except sqlite3.Error:
            return False
        return True

    def reset(self) -> int | None:
        """Forget every counter; return how many there were."""
        return self._connection().execute("DELETE FROM counters").rowcount

    def clear(self, key: str) -> None:
        """Forget the counter of `key`."""
        self._connection().execute("DELETE FROM counters WHERE key = ?", (key,))
