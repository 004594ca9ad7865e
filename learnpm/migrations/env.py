"""Alembic's entry point: migrate the connection learnpm hands over."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

import learnpm.models  # noqa: F401  (registers every table on the metadata)
from learnpm.db import Base


def run_migrations(connection: Connection) -> None:
    """Run the pending migrations on `connection`."""
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("Run migrations through `learnpm db upgrade`, which supplies the connection.")
run_migrations(connection)
