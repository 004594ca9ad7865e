"""Servers started together migrate the database once: each waits for the lock, then finds the schema done."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import text
from sqlalchemy.engine import make_url

from learnpm.cli import cli
from learnpm.db import make_engine, normalise_url
from learnpm.migrate import current_revision, head_revision
from tests.integration.support import CHECKOUT

POSTGRES_URL = os.environ.get("LEARNPM_TEST_DATABASE_URL", "")
# Imports first, then waits for the same moment as its siblings, so that the migrations truly overlap.
UPGRADE_AT = """
import sys, time
from learnpm.db import make_engine
from learnpm.migrate import upgrade
engine = make_engine(sys.argv[1])
time.sleep(max(0.0, float(sys.argv[2]) - time.time()))
upgrade(engine)
"""


@pytest.fixture
def empty_database(tmp_path: Path) -> Iterator[str]:
    """Return the URL of a database with nothing in it: an SQLite file, or a fresh PostgreSQL database in CI."""
    if not POSTGRES_URL:
        yield f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
        return
    name = f"learnpm_fresh_{uuid.uuid4().hex[:12]}"
    server = make_engine(POSTGRES_URL).execution_options(isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(normalise_url(POSTGRES_URL)).set(database=name).render_as_string(hide_password=False)
    finally:
        with server.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()


def test_three_servers_migrating_an_empty_database_at_the_same_moment_all_start(empty_database, tmp_path):
    moment = time.time() + 4
    env = {**os.environ, "PYTHONPATH": str(CHECKOUT)}
    processes = [subprocess.Popen([sys.executable, "-c", UPGRADE_AT, empty_database, str(moment)], env=env,
                                  stderr=subprocess.PIPE, text=True) for _ in range(3)]
    outcomes = [(process.communicate(timeout=180)[1], process.returncode) for process in processes]
    assert [errors for errors, code in outcomes if code != 0] == []
    engine = make_engine(empty_database)
    assert current_revision(engine) == head_revision()
    engine.dispose()


def test_a_server_told_not_to_migrate_refuses_a_database_that_is_behind(empty_database, tmp_path, monkeypatch):
    monkeypatch.setenv("LEARNPM_DATABASE_URL", empty_database)
    monkeypatch.setenv("LEARNPM_INSTANCE_PATH", str(tmp_path / "instance"))
    result = CliRunner().invoke(cli, ["serve", "--no-migrate"])
    assert result.exit_code == 1
    assert "run `learnpm db upgrade` first" in result.output

