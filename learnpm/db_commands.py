"""`learnpm db`: migrate the schema, show its revision, back the database up and restore it, check its summaries."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup
from sqlalchemy.orm import Session

from learnpm.backup import BackupError, backup, restore
from learnpm.db import get_engine, get_session
from learnpm.experience.readiness import readiness_drift, repair_readiness
from learnpm.experience.totals import drift, rebuild, users_with_hours
from learnpm.migrate import current_revision, head_revision, make_revision, upgrade
from learnpm.scenarios.library import loaded
from learnpm.scenarios.summaries import competency_drift, learners_with_moves
from learnpm.scenarios.summaries import rebuild as rebuild_competencies

db = AppGroup("db", help="Manage the database: its schema, backups and restores.")


@db.command("upgrade")
@click.option("--revision", default="head", show_default=True)
def db_upgrade(revision: str) -> None:
    """Create or migrate the database to the newest schema."""
    upgrade(get_engine(), revision)
    click.echo(f"Database is at revision {current_revision(get_engine())}.")


@db.command("current")
def db_current() -> None:
    """Show the database's revision and the newest one available."""
    click.echo(f"database: {current_revision(get_engine()) or 'empty'}; newest: {head_revision()}")


@db.command("revision")
@click.option("-m", "--message", required=True, help="What the migration changes.")
def db_revision(message: str) -> None:
    """Write a migration for the models' changes (for developers)."""
    make_revision(get_engine(), message)


@db.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, writable=True, path_type=Path))
def db_backup(file: Path) -> None:
    """Copy the whole database to FILE while the site keeps serving."""
    try:
        backup(get_engine(), file)
    except BackupError as problem:
        raise click.ClickException(str(problem)) from None
    click.echo(f"Backed up {_shown_url()} to {file} ({file.stat().st_size // 1024} KiB).")


@db.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Replace a database that holds data without asking first.")
def db_restore(file: Path, yes: bool) -> None:
    """Replace everything in the database with the backup in FILE, then migrate it to the newest schema."""
    engine = get_engine()
    if current_revision(engine) is not None and not yes:
        click.confirm(f"Replace everything in {_shown_url()} with {file}?", abort=True)
    try:
        restore(engine, file)
    except BackupError as problem:
        raise click.ClickException(str(problem)) from None
    upgrade(engine)
    click.echo(f"Restored {file} into {_shown_url()}; it is at revision {current_revision(engine)}.")


@db.command("check")
@click.option("--repair", is_flag=True, help="Rewrite the sums that drifted from the rows they sum.")
def db_check(repair: bool) -> None:
    """Recompute every summary kept beside the data (hours totals, competency totals, projects' shortfalls) from the
    rows, and report any drift; exit with 1 when something drifted and was not repaired."""
    session = get_session()
    drifted = [_check_hours(session, repair), _check_competencies(session, repair),
               _check_readiness(session, repair)]
    if repair and any(drifted):
        session.commit()
    if any(drifted) and not repair:
        click.echo("Run `learnpm db check --repair` to rewrite them from the rows.")
        raise SystemExit(1)


def _check_hours(session: Session, repair: bool) -> int:
    """Report (and with `repair`, rewrite) the hours totals that differ from the entries; return how many learners."""
    drifted = 0
    for user_id in users_with_hours(session):
        differences = drift(session, user_id)
        for (project, month, tag), (stored, computed) in differences.items():
            click.echo(f"user {user_id}, project {project}, {month}, {tag}: stored {stored}, entries give {computed}")
        if differences and repair:
            rebuild(session, user_id)
        drifted += bool(differences)
    _report("Hours totals", "entries", drifted, repair)
    return drifted


def _check_competencies(session: Session, repair: bool) -> int:
    """Report (and with `repair`, rewrite) the competency totals that differ from the moves; return how many."""
    scenarios, drifted = loaded().library.scenarios, 0
    for user_id in learners_with_moves(session):
        differences = competency_drift(session, user_id, scenarios)
        for competency, (stored, computed) in differences.items():
            click.echo(f"user {user_id}, {competency}: stored {stored[0]:g} over {stored[1]} moves, "
                       f"moves give {computed[0]:g} over {computed[1]}")
        if differences and repair:
            rebuild_competencies(session, user_id, scenarios)
        drifted += bool(differences)
    _report("Competency totals", "moves", drifted, repair)
    return drifted


def _check_readiness(session: Session, repair: bool) -> int:
    """Report (and with `repair`, rewrite) the projects' shortfall counts that differ from their fields."""
    differences = readiness_drift(session)
    for project_id, (stored, computed) in differences.items():
        click.echo(f"project {project_id}: stored {stored} shortfalls, its fields give {computed}")
    if differences and repair:
        repair_readiness(session, differences)
    if not differences:
        click.echo("Projects' shortfalls: every count equals its project's fields.")
    else:
        click.echo(f"Projects' shortfalls: {len(differences)} project(s) with a count that differs from their fields"
                   f"{'; repaired' if repair else ''}.")
    return len(differences)


def _report(summary: str, rows: str, drifted: int, repair: bool) -> None:
    if not drifted:
        click.echo(f"{summary}: every sum equals its {rows}.")
    else:
        click.echo(f"{summary}: {drifted} learner(s) with sums that differ from their {rows}"
                   f"{'; repaired' if repair else ''}.")


def _shown_url() -> str:
    """Return the database's address without its password."""
    return get_engine().url.render_as_string(hide_password=True)
