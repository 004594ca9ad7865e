"""The database: declarative base, engine set-up and the request-scoped session."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any, TypeVar

from flask import Flask, current_app, g
from sqlalchemy import MetaData, Select, bindparam, create_engine, event, inspect, select
from sqlalchemy.engine import CursorResult, Engine
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.orm.util import identity_key

from learnpm import sqlite_writers
from learnpm.core.search import fold
from learnpm.searching import FOLD_FUNCTION

# Stable constraint names, so Alembic migrations are the same on every backend.
T = TypeVar("T")

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Base class of every model."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


SQLITE_BUSY_SECONDS = 15  # how long a SQLite writer waits for the one before it


def normalise_url(url: str) -> str:
    """Point PostgreSQL URLs at psycopg 3, whatever spelling the host gave."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def make_engine(url: str) -> Engine:
    """Create an engine with the settings learnpm relies on for its backend."""
    url = normalise_url(url)
    options: dict[str, Any] = {"future": True}
    if url.startswith("sqlite"):
        options["connect_args"] = {"timeout": SQLITE_BUSY_SECONDS}
    else:
        options["pool_pre_ping"] = True
    engine = create_engine(url, **options)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "connect", _sqlite_functions)
        sqlite_writers.install(engine, SQLITE_BUSY_SECONDS)
    return engine


def _sqlite_functions(dbapi_connection: Any, _record: Any) -> None:
    """Teach SQLite to compare texts whatever their case and accents, as searches do (see learnpm.searching)."""
    dbapi_connection.create_function(FOLD_FUNCTION, 1, _fold_column, deterministic=True)


@functools.lru_cache(maxsize=4096)  # a log repeats its activities week after week
def _fold_column(text: object) -> str | None:
    """Fold a column's value for SQLite (NULL stays NULL)."""
    return None if text is None else fold(str(text))


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """Turn on foreign keys, WAL (synced at checkpoints) and a busy timeout on every SQLite connection."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    # In WAL mode NORMAL never corrupts the database and survives the application crashing; only a power cut or an
    # OS crash may undo the last commits before the next checkpoint. It spares every write request an fsync, which
    # cost more than the rest of a choice's request.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_SECONDS * 1000}")
    cursor.close()


def init_app(app: Flask) -> None:
    """Create the app's engine and session factory, and close sessions after each request."""
    engine = make_engine(app.config["DATABASE_URL"])
    app.extensions["learnpm.engine"] = engine
    app.extensions["learnpm.sessionmaker"] = sessionmaker(engine, expire_on_commit=False)
    app.teardown_appcontext(_close_session)


def get_engine(app: Flask | None = None) -> Engine:
    """Return the engine of `app` (the current app by default)."""
    return (app or current_app).extensions["learnpm.engine"]


def get_session() -> Session:
    """Return the session of this app context, opening it on first use."""
    if "db_session" not in g:
        g.db_session = current_app.extensions["learnpm.sessionmaker"]()
    return g.db_session


def read(session: Session, statement: Any, params: Mapping[str, Any] | None = None) -> CursorResult[Any]:
    """Run a select of columns (never of whole model rows) past the ORM, flushing pending changes first as
    `session.execute` would: the ORM's work around a statement cost as much again as a small query itself, and a page
    runs a dozen of them."""
    if session.new or session.deleted or session.dirty:
        session.flush()
    return session.connection().execute(statement, params)


def by_id(session: Session, model: type[T], object_id: Any) -> T | None:
    """Return the row of `model` with this primary key, as `session.get` does (from the session when it holds it),
    with a statement built once per model: session.get builds its statement again each time."""
    held = session.identity_map.get(identity_key(model, object_id))
    if held is not None:
        return held  # type: ignore[return-value]
    return session.scalars(_by_id(model), {"object_id": object_id}).first()


@functools.cache
def _by_id(model: type[Any]) -> Select[Any]:
    return select(model).where(inspect(model).primary_key[0] == bindparam("object_id"))


def _close_session(_exc: BaseException | None) -> None:
    """Roll back whatever the request left uncommitted, and close its session."""
    session = g.pop("db_session", None)
    if session is not None:
        session.close()
