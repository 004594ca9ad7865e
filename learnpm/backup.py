"""Backups of the whole database, taken while the site serves, and restored as one step.

- SQLite: the online backup API (`sqlite3.Connection.backup`) in a single step. In WAL mode it reads one snapshot
  while the site goes on writing, so the copy is the database as it stood at one moment, never half a request.
  The copy is written next to FILE and renamed onto it once complete. Restoring copies the file back into the
  configured database through the same API, inside one write transaction.
- PostgreSQL: `pg_dump --format=custom`, restored by `pg_restore`. pg_dump reads one snapshot (a repeatable-read
  transaction) without blocking the site's writers, and keeps every type, constraint and sequence exactly; the file
  is the standard one any PostgreSQL operator can restore without learnpm. A dump through SQLAlchemy would have to
  rebuild all of that by hand. The price is that the client tools must be installed (Debian: postgresql-client) and
  be at least as new as the server. Restoring runs pg_restore's script through psql in a single transaction that
  first drops the tables already there: the database ends up exactly as backed up, or unchanged if anything fails.

Either way the restored database is then migrated to the newest schema, so an older backup works with newer code.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy import inspect
from sqlalchemy.engine import URL, Engine

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"
KIND_BY_MAGIC = {SQLITE_MAGIC: "sqlite", PG_DUMP_MAGIC: "postgresql"}
NAMES = {"sqlite": "an SQLite database", "postgresql": "a PostgreSQL dump"}


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why, for the person at the command line."""


def backup(engine: Engine, target: Path) -> None:
    """Write the whole database to `target`, replacing the file only once the copy is complete."""
    partial = target.with_name(target.name + ".partial")
    try:
        if engine.dialect.name == "sqlite":
            _sqlite_backup(engine, partial)
        else:
            _run([_tool("pg_dump"), "--format=custom", f"--file={partial}"], engine)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def restore(engine: Engine, source: Path) -> None:
    """Replace everything in the database with the backup in `source`, as one transaction."""
    kind = backup_kind(source)
    if kind != engine.dialect.name:
        raise BackupError(f"{source} is {NAMES.get(kind, 'not a learnpm backup')}, but the database is "
                          f"{engine.dialect.name}: restore it into a database of its own kind.")
    if kind == "sqlite":
        _sqlite_restore(engine, source)
    else:
        _pg_restore(engine, source)


def backup_kind(path: Path) -> str | None:
    """Return which database a backup file was made from, judged by its first bytes."""
    with path.open("rb") as file:
        head = file.read(len(SQLITE_MAGIC))
    return next((kind for magic, kind in KIND_BY_MAGIC.items() if head.startswith(magic)), None)


def _sqlite_backup(engine: Engine, target: Path) -> None:
    """Copy the database in one step of the online backup API, so the copy is one consistent snapshot."""
    copy = sqlite3.connect(target)
    try:
        with engine.connect() as connection:
            connection.connection.driver_connection.backup(copy)
    finally:
        copy.close()


def _sqlite_restore(engine: Engine, source: Path) -> None:
    """Copy the backup over the live database; other connections see it whole or not at all."""
    original = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        if original.execute("PRAGMA quick_check").fetchone() != ("ok",):
            raise BackupError(f"{source} is damaged (SQLite's check of it failed); nothing was restored.")
        with engine.connect() as connection:
            original.backup(connection.connection.driver_connection)
    finally:
        original.close()


def _pg_restore(engine: Engine, source: Path) -> None:
    """Drop the tables there are, then run the dump's script, all in one transaction of psql."""
    quote = engine.dialect.identifier_preparer.quote
    drops = "".join(f"DROP TABLE IF EXISTS {quote(name)} CASCADE;" for name in inspect(engine).get_table_names())
    engine.dispose()  # the pool's idle connections would otherwise hold locks the drops wait for
    script = subprocess.run([_tool("pg_restore"), "--no-owner", "--no-privileges", "--file=-", str(source)],
                            capture_output=True, check=False)
    if script.returncode != 0:
        raise BackupError(f"pg_restore could not read {source}: {script.stderr.decode(errors='replace').strip()}")
    _run([_tool("psql"), "--no-psqlrc", "--quiet", "--single-transaction", "--set=ON_ERROR_STOP=1",
          f"--command={drops or 'SELECT 1;'}", "--file=-"], engine, stdin=script.stdout)


def _tool(name: str) -> str:
    """Return the path of a PostgreSQL client program, or say how to install it."""
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} is not installed: install PostgreSQL's client programs "
                          "(on Debian and Ubuntu: apt-get install postgresql-client) and try again.")
    return found


def _run(command: list[str], engine: Engine, stdin: bytes | None = None) -> None:
    """Run a PostgreSQL client program on the engine's database; raise BackupError with its complaint."""
    done = subprocess.run([*command, f"--dbname={_libpq_url(engine.url)}"], input=stdin,
                          env=_libpq_environment(engine.url), capture_output=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {done.stderr.decode(errors='replace').strip()}")


def _libpq_url(url: URL) -> str:
    """Return the database's address as libpq reads it, without the password (which goes in the environment)."""
    return url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)


def _libpq_environment(url: URL) -> dict[str, str]:
    """Give the client programs the password through PGPASSWORD, so that it never shows in a process list."""
    environment = dict(os.environ)
    if url.password is not None:
        environment["PGPASSWORD"] = str(url.password)
    return environment
