"""`learnpm db backup` while the site serves writes, and `learnpm db restore` into a fresh database, lose nothing."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select, text

from learnpm import create_app
from learnpm.cli import cli
from learnpm.db import Base, make_engine
from learnpm.experience.models import HoursEntry
from tests.concurrency.support import Visitor, add_project

WRITERS, ENTRIES_EACH = 4, 12
BACKUP_AFTER = 12  # entries acknowledged before the backup starts, so that it runs while writers are busy
FIRST_DAY = date(2025, 3, 3)  # inside the project's months, one day per entry


@pytest.fixture
def restored_into(app: Flask, tmp_path: Path) -> Iterator[Callable[[Path], Flask]]:
    """Return a function that restores a backup with `learnpm db restore` into an empty database of the test
    database's kind and gives an app on it; afterwards the apps' connections are closed and the databases dropped."""
    made: list[str] = []
    copies: list[Flask] = []
    engine = make_engine(app.config["DATABASE_URL"])

    def fresh_database() -> str:
        name = f"learnpm_restored_{uuid.uuid4().hex[:12]}"
        if engine.dialect.name == "sqlite":
            return f"sqlite:///{tmp_path / name}.sqlite3"
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        made.append(name)
        return engine.url.set(database=name).render_as_string(hide_password=False)

    def restore(backup: Path) -> Flask:
        copy = create_app({"TESTING": True, "DATABASE_URL": fresh_database(), "SECRET_KEY": "test-secret-key"})
        copies.append(copy)
        assert "Restored" in run_cli(copy, "db", "restore", str(backup))
        return copy

    yield restore
    for copy in copies:  # the copies' pools still hold connections to the databases about to be dropped
        copy.extensions["learnpm.engine"].dispose()
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        for name in made:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


def run_cli(app: Flask, *args: str) -> str:
    result = app.test_cli_runner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def every_row(app: Flask) -> dict[str, dict[tuple, tuple]]:
    """Return every row of every table, by primary key."""
    engine = app.extensions["learnpm.engine"]
    with engine.connect() as connection:
        rows = {table.name: {tuple(row._mapping[c.name] for c in table.primary_key): tuple(row)
                             for row in connection.execute(select(table))}
                for table in Base.metadata.sorted_tables}
    engine.dispose()
    return rows


def write_entries(learner: Visitor, project_id: int, writer: int, acknowledged: list[str]) -> None:
    """Log one entry a day, each on its own day; remember those the site acknowledged."""
    token = learner.token("/experience/hours/new")
    for number in range(ENTRIES_EACH):
        day = FIRST_DAY + timedelta(days=writer * ENTRIES_EACH + number)
        activity = f"writer {writer} entry {number}"
        reply = learner.post("/experience/hours/new", {"project": project_id, "day": day.isoformat(), "hours": "1",
                                                       "activity": activity, "process_groups": ["EX"]}, token)
        assert reply.status == 302, reply.text[:500]
        acknowledged.append(activity)


def test_a_backup_taken_while_the_site_writes_restores_everything_acknowledged_before_it(
        app, member, restored_into, tmp_path):
    learner = member()
    project_id = add_project(learner)
    acknowledged: list[str] = []
    writers = [threading.Thread(target=write_entries, args=(learner.clone(), project_id, i, acknowledged))
               for i in range(WRITERS)]
    for writer in writers:
        writer.start()
    while len(acknowledged) < BACKUP_AFTER and any(writer.is_alive() for writer in writers):
        threading.Event().wait(0.01)
    before = set(acknowledged)
    during = tmp_path / "during.backup"
    assert "Backed up" in run_cli(app, "db", "backup", str(during))
    for writer in writers:
        writer.join(timeout=120)
    assert len(acknowledged) == WRITERS * ENTRIES_EACH, "a writer failed"

    copy = restored_into(during)
    snapshot, live = every_row(copy), every_row(app)
    assert before <= {activity_of(row) for row in snapshot["hours_entries"].values()}
    for table, rows in snapshot.items():  # what the copy holds is exactly what the site held, row for row
        if table not in SUMMARIES:
            assert all(live[table].get(key) == row for key, row in rows.items()), table
    # Sums kept beside the rows change with every write: in the copy they must add up to the copy's own rows,
    # the proof that it is the database at one moment and not half of a request.
    assert "Hours totals: every sum equals its entries." in run_cli(copy, "db", "check")

    after = tmp_path / "after.backup"
    run_cli(app, "db", "backup", str(after))
    restored = restored_into(after)
    assert every_row(restored) == live
    assert_new_rows_can_be_added(restored)


# Tables that sum other rows and are rewritten, not appended to, as the site writes.
SUMMARIES = {"hours_totals", "hours_month_totals", "competency_totals"}


def activity_of(row: tuple) -> str:
    return row[list(HoursEntry.__table__.columns.keys()).index("activity")]


def assert_new_rows_can_be_added(app: Flask) -> None:
    """Ids go on from where the backup left them (PostgreSQL's sequences come back too)."""
    engine = app.extensions["learnpm.engine"]
    with engine.begin() as connection:
        entry = connection.execute(select(HoursEntry.__table__).limit(1)).mappings().one()
        copy = {**entry, "day": entry["day"] + timedelta(days=200)}
        del copy["id"]
        connection.execute(HoursEntry.__table__.insert().values(**copy))
    engine.dispose()


def test_restoring_over_a_database_with_data_asks_first(app, member, tmp_path):
    add_project(member())
    backup = tmp_path / "site.backup"
    run_cli(app, "db", "backup", str(backup))
    refused = app.test_cli_runner().invoke(cli, ["db", "restore", str(backup)], input="n\n")
    assert refused.exit_code == 1 and "Replace everything in" in refused.output
    assert "Restored" in run_cli(app, "db", "restore", "--yes", str(backup))


def test_a_file_that_is_not_a_backup_of_this_kind_of_database_is_refused(app, tmp_path):
    stranger = tmp_path / "notes.txt"
    stranger.write_text("not a database")
    result = app.test_cli_runner().invoke(cli, ["db", "restore", "--yes", str(stranger)])
    assert result.exit_code == 1 and "is not a learnpm backup" in result.output
