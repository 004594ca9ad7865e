"""Writers of one SQLite file queue for it, across threads and processes, and never wait there for good."""

from __future__ import annotations

import fcntl
import logging
import multiprocessing
import os
import threading
import time

import pytest
from sqlalchemy import text

from learnpm import sqlite_writers
from learnpm.db import make_engine


@pytest.fixture
def engine(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'writers.sqlite3'}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE marks (who TEXT, at REAL)"))
    yield engine
    engine.dispose()


def queue_of(engine) -> sqlite_writers.WriterQueue:
    with engine.connect() as connection:
        connection.execute(text("INSERT INTO marks VALUES ('probe', 0)"))
        queue = connection.connection.info[sqlite_writers.HOLDS]
        connection.rollback()
    return queue


def marks(engine) -> list[str]:
    with engine.connect() as connection:
        return [row[0] for row in connection.execute(text("SELECT who FROM marks ORDER BY rowid"))]


@pytest.mark.parametrize(("statement", "writes"), [
    ("INSERT INTO t VALUES (1)", True), ("  update t SET a = 1", True), ("DELETE FROM t", True),
    ("REPLACE INTO t VALUES (1)", True), ("BEGIN IMMEDIATE", True), ("begin exclusive", True),
    ("SELECT * FROM t", False), ("BEGIN", False), ("PRAGMA foreign_keys=ON", False), ("SAVEPOINT a", False),
])
def test_the_statements_that_take_the_write_lock_are_the_ones_that_queue(statement, writes):
    assert sqlite_writers.is_write(statement) is writes


def test_a_database_in_memory_has_no_queue(tmp_path):
    assert sqlite_writers.database_file(make_engine("sqlite://")) is None
    assert sqlite_writers.database_file(make_engine("sqlite:///:memory:")) is None
    assert sqlite_writers.database_file(make_engine(f"sqlite:///{tmp_path / 'a.sqlite3'}")) == str(
        tmp_path / "a.sqlite3")


def test_a_second_writer_waits_in_the_queue_and_goes_on_the_moment_the_first_commits(engine):
    first = engine.connect()
    first.execute(text("INSERT INTO marks VALUES ('first', 0)"))
    queue = first.connection.info[sqlite_writers.HOLDS]
    assert queue.owner == threading.get_ident()
    outcome: dict[str, object] = {}

    def second_writer() -> None:
        try:
            with engine.begin() as connection:
                connection.execute(text("INSERT INTO marks VALUES ('second', 0)"))
            outcome["done"] = time.monotonic()
        except Exception as problem:  # the test reads it below
            outcome["problem"] = problem

    writer = threading.Thread(target=second_writer)
    writer.start()
    writer.join(0.5)
    assert writer.is_alive() and outcome == {}  # it waits for the first, in the queue
    first.commit()
    first.close()  # back to the pool: the queue is free
    committed = time.monotonic()
    writer.join(10)
    assert "problem" not in outcome
    assert marks(engine) == ["first", "second"]
    assert queue.owner is None
    assert outcome["done"] - committed < 1  # not after SQLite's busy handler's sleeps, nor the busy timeout


def test_a_connection_that_committed_frees_the_queue_at_its_next_statement(engine):
    with engine.connect() as connection:
        connection.execute(text("INSERT INTO marks VALUES ('one', 0)"))
        queue = connection.connection.info[sqlite_writers.HOLDS]
        connection.commit()
        connection.execute(text("SELECT count(*) FROM marks")).scalar_one()
        assert queue.owner is None
        connection.execute(text("INSERT INTO marks VALUES ('two', 0)"))  # and takes it again for the next write
        assert queue.owner == threading.get_ident()
        connection.commit()
    assert queue.owner is None
    assert marks(engine) == ["one", "two"]


def test_a_rolled_back_write_frees_the_queue(engine):
    connection = engine.connect()
    connection.execute(text("INSERT INTO marks VALUES ('undone', 0)"))
    queue = connection.connection.info[sqlite_writers.HOLDS]
    connection.rollback()
    connection.close()
    assert queue.owner is None
    assert marks(engine) == []
    with engine.begin() as again:  # and the next writer gets it at once
        again.execute(text("INSERT INTO marks VALUES ('next', 0)"))
    assert marks(engine) == ["next"]


def test_a_thread_holding_the_queue_does_not_wait_for_itself(engine):
    queue = queue_of(engine)
    assert queue.acquire() is True
    started = time.monotonic()
    assert queue.acquire() is False  # through a second connection of the same thread: no wait
    assert time.monotonic() - started < 0.5
    queue.release()
    assert queue.owner is None


def test_a_writer_that_waits_past_the_timeout_goes_on_without_the_queue(tmp_path, caplog):
    path = tmp_path / "stuck.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE marks (who TEXT, at REAL)"))
    queue = queue_of(engine)
    queue.timeout = 0.3
    # Another program holds the queue's file and never lets go (SQLite itself is free).
    holder = os.open(queue.path, os.O_RDWR)
    fcntl.flock(holder, fcntl.LOCK_EX)
    try:
        with caplog.at_level(logging.WARNING, logger="learnpm.sqlite_writers"):
            started = time.monotonic()
            with engine.begin() as connection:
                connection.execute(text("INSERT INTO marks VALUES ('anyway', 0)"))
        assert 0.3 <= time.monotonic() - started < 5
        assert marks(engine) == ["anyway"]
        assert "goes on without the queue" in caplog.text
        assert queue.owner is None
    finally:
        os.close(holder)
        engine.dispose()


def _write_in_child(engine, ready, results) -> None:
    engine.dispose(close=False)  # the parent's pooled connections stay the parent's
    ready.set()
    started = time.monotonic()
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO marks VALUES ('child', 0)"))
        results.put((time.monotonic() - started, time.time()))
    engine.dispose()


def test_writers_of_two_processes_queue_for_each_other_even_a_forked_child(engine):
    queue = queue_of(engine)  # the child inherits the engine and its queue, which the parent holds at the fork
    engine.dispose()  # SQLite's own connections must not cross a fork; the queue must, as in a gunicorn master
    assert queue.acquire() is True
    context = multiprocessing.get_context("fork")
    ready, results = context.Event(), context.Queue()
    child = context.Process(target=_write_in_child, args=(engine, ready, results))
    child.start()
    try:
        assert ready.wait(30)
        time.sleep(0.5)
        assert results.empty()  # the child waits for the parent's writer
        released = time.time()
        queue.release()
        waited, wrote = results.get(timeout=20)
        child.join(20)
        assert child.exitcode == 0
        assert 0.4 <= waited < 5  # it waited for the parent, and went on once the parent let go
        assert wrote >= released
        assert marks(engine) == ["child"]
    finally:
        if child.is_alive():
            child.kill()
