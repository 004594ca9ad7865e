"""The `learnpm` command: Flask's commands plus serve, worker, schedule, db, mail, demo, user, export, notify and
content."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup

from learnpm import create_app
from learnpm.auth import queries
from learnpm.auth.passwords import password_problem
from learnpm.db import get_engine, get_session
from learnpm.db_commands import db
from learnpm.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, load_demo
from learnpm.jobs.commands import schedule, worker
from learnpm.mail.commands import mail
from learnpm.migrate import current_revision, head_revision, upgrade
from learnpm.paths import content_dir

cli = FlaskGroup(
    name="learnpm",
    create_app=lambda: create_app(),
    help="Run and manage learnpm. `learnpm serve --demo` starts a site with demo accounts.",
)


def main() -> None:
    """Run the command line."""
    cli.main(prog_name="learnpm")


@cli.command("serve", with_appcontext=False)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64), help="Worker processes.")
@click.option("--demo", is_flag=True, help="Load the demo accounts if absent and print their logins.")
@click.option("--migrate/--no-migrate", default=True, show_default=True,
              help="Migrate the database first (under a lock, so servers started together migrate once); with "
                   "--no-migrate, run `learnpm db upgrade` as a step of its own and the server only checks it.")
def serve(host: str, port: int, workers: int, demo: bool, migrate: bool) -> None:
    """Migrate the database, then serve learnpm with gunicorn."""
    from learnpm.app import warm_up
    from learnpm.server import run_gunicorn

    app = create_app()
    warm_up(app)  # once here: the workers forked from this process find the content loaded and checked
    with app.app_context():
        if migrate:
            upgrade(get_engine())
        elif (revision := current_revision(get_engine())) != head_revision():
            get_engine().dispose()
            raise click.ClickException(f"the database is at revision {revision or 'empty'}, not {head_revision()}: "
                                       "run `learnpm db upgrade` first")
        if demo:
            load_demo(get_session())
            get_session().commit()
    _print_welcome(app, host, port, demo)
    get_engine(app).dispose()
    run_gunicorn(host=host, port=port, workers=workers)


def _print_welcome(app: Flask, host: str, port: int, demo: bool) -> None:
    """Say where the site is and, for a demo, how to log in."""
    shown_host = "localhost" if host in ("127.0.0.1", "0.0.0.0", "::") else host
    click.echo(f"learnpm is starting on http://{shown_host}:{port}/  (database: {_safe_url(app)})")
    if demo:
        click.echo(f"Demo logins (password: {DEMO_PASSWORD}):")
        for account in DEMO_ACCOUNTS:
            click.echo(f"  {account.email:<26} {', '.join(account.roles)}")


def _safe_url(app: Flask) -> str:
    """Return the database URL without its password."""
    return get_engine(app).url.render_as_string(hide_password=True)


cli.add_command(db)
cli.add_command(mail)
cli.add_command(schedule)
cli.add_command(worker)


@cli.command("demo")
def demo() -> None:
    """Create the demo accounts and their data, if absent."""
    upgrade(get_engine())
    created = load_demo(get_session())
    get_session().commit()
    click.echo(f"Demo data ready ({len(created)} account(s) created). Password for every demo login: {DEMO_PASSWORD}")
    for account in DEMO_ACCOUNTS:
        click.echo(f"  {account.email:<26} {', '.join(account.roles)}")


@cli.group()
def user() -> None:
    """Create accounts, change roles, delete accounts."""


ROLE_CHOICE = click.Choice(["learner", "mentor", "admin"])


@user.command("create")
@click.argument("email")
@click.option("--name", "display_name", required=True, help="The name other people see.")
@click.option("--role", "roles", multiple=True, type=ROLE_CHOICE, default=("learner",), show_default=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True, help="Asked for when omitted.")
def user_create(email: str, display_name: str, roles: tuple[str, ...], password: str) -> None:
    """Create an account."""
    problem = password_problem(password, [email, display_name])
    if problem:
        raise click.BadParameter(problem, param_hint="--password")
    try:
        created = queries.create_user(get_session(), email, display_name, password, roles)
    except queries.EmailTaken:
        raise click.ClickException(f"An account already uses {email}.") from None
    get_session().commit()
    click.echo(f"Created {created.email} ({', '.join(created.roles)}).")


@user.command("set-role")
@click.argument("email")
@click.argument("roles", nargs=-1, required=True, type=ROLE_CHOICE)
def user_set_role(email: str, roles: tuple[str, ...]) -> None:
    """Give an account exactly the roles named (learner, mentor, admin)."""
    account = _existing_user(email)
    queries.set_roles(account, roles)
    get_session().commit()
    click.echo(f"{account.email} now holds: {', '.join(account.roles)}.")


@user.command("delete")
@click.argument("email")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def user_delete(email: str, yes: bool) -> None:
    """Delete an account and everything that belongs to it."""
    account = _existing_user(email)
    if not yes and not click.confirm(f"Delete {account.email} and all of its data?", default=False):
        click.echo("Nothing deleted.")
        return
    queries.delete_user(get_session(), account)
    get_session().commit()
    click.echo(f"Deleted {email}.")


def _existing_user(email: str) -> queries.User:
    """Return the account with this email, or stop with a clear message."""
    account = queries.user_by_email(get_session(), email)
    if account is None:
        raise click.ClickException(f"No account uses {email}.")
    return account


@cli.command("export")
@click.argument("kind", type=click.Choice(["application", "audit", "transcript", "pdu", "readiness"]))
@click.option("--email", required=True, help="Whose document to issue.")
@click.option("--from", "first", metavar="YYYY-MM", help="First month covered (documents with a date range).")
@click.option("--to", "last", metavar="YYYY-MM", help="Last month covered (documents with a date range).")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path), help="The PDF to write.")
def export(kind: str, email: str, first: str | None, last: str | None, output: Path) -> None:
    """Issue a document as the site would, and write it as a PDF."""
    from learnpm.documents.contexts.transcript import PeriodTooLong
    from learnpm.documents.core.period import parse_period
    from learnpm.documents.empty import NothingToIssue
    from learnpm.documents.issue import issue_document
    from learnpm.documents.render.pool import RendererBusy, RenderFailed, RenderTooLong

    account = _existing_user(email)
    base = current_app.config["BASE_URL"] or "http://localhost:5000/"
    try:
        period = parse_period(first, last)
    except ValueError:
        raise click.BadParameter("give months as YYYY-MM, e.g. 2025-03, the first before the last",
                                 param_hint="--from/--to") from None
    try:
        document, pdf = issue_document(get_session(), account, kind, base, date.today(), period)
    except PeriodTooLong as error:
        raise click.BadParameter(str(error), param_hint="--from/--to") from None
    except NothingToIssue as error:
        raise click.ClickException(str(error)) from None
    except (RendererBusy, RenderTooLong, RenderFailed) as error:
        raise click.ClickException(f"the document could not be rendered ({error or 'every worker is busy'}); "
                                   "nothing was issued") from None
    get_session().commit()
    output.write_bytes(pdf.data)
    click.echo(f"Wrote {output} ({len(pdf.data) // 1024} KiB), document {document.id}.")


@cli.group()
def notify() -> None:
    """Send notification mail that does not follow a user's action."""


@notify.command("digest")
def notify_digest() -> None:
    """Mail the weekly digest to everyone who asked for it and is due (run it daily or weekly from cron)."""
    from learnpm.clock import utcnow
    from learnpm.notifications.queries import send_digests

    base = current_app.config["BASE_URL"] or "http://localhost:5000/"
    sent = send_digests(get_session(), utcnow(), base)
    get_session().commit()
    click.echo(f"Sent {sent} digest{'s' if sent != 1 else ''}.")


@cli.group()
def content() -> None:
    """Check scenario content and draw its maps."""


@content.command("check", with_appcontext=False)
@click.argument("directory", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--runs", default=2000, show_default=True, type=click.IntRange(1, 1_000_000),
              help="Random playthroughs per scenario.")
@click.option("--seed", default=7, show_default=True, help="Seed of the random playthroughs.")
@click.option("--tells", type=click.Choice(["enforce", "report"]), default="enforce", show_default=True,
              help="Fail when the library misses a tells target, or only report the figures.")
def content_check(directory: Path | None, runs: int, seed: int, tells: str) -> None:
    """Validate every scenario, simulate its playthroughs and measure its tells; exit 1 on any error."""
    from learnpm.scenarios.core.checks.validator import check_library, format_report

    folder = directory or content_dir()
    if not folder.is_dir():
        raise click.ClickException(f"{folder} is not a folder.")
    report = check_library(folder, runs=runs, seed=seed)
    click.echo(format_report(report))
    tell_errors = 0 if report.errors else _report_tells(folder, enforce=tells == "enforce")
    rubric_errors = _check_rubrics(folder / "rubrics")
    if report.errors or rubric_errors or tell_errors:
        sys.exit(1)


def _report_tells(folder: Path, enforce: bool) -> int:
    """Print the library's tells and the targets it misses; return how many count as errors."""
    from learnpm.scenarios.core.checks.tells import format_tells, library_tells, tells_problems
    from learnpm.scenarios.core.content.loader import load_library

    scenarios = load_library(folder).scenarios
    if not scenarios:
        return 0
    tells = library_tells(list(scenarios.values()))
    click.echo(format_tells(tells))
    misses = tells_problems(tells, str(folder / "scenarios"))
    for miss in misses:
        click.echo(str(miss) if enforce else f"{miss.file}: warning: {miss.message}")
    return len(misses) if enforce else 0


def _check_rubrics(folder: Path) -> int:
    """Load every rubric file in `folder`, print what is wrong with each, and return how many failed."""
    from learnpm.reviews.rubrics import RubricError, load_rubric

    failed = 0
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        try:
            rubric = load_rubric(path)
        except RubricError as error:
            click.echo(f"error: rubrics/{error}")
            failed += 1
        else:
            click.echo(f"rubric {rubric.id}: {len(rubric.criteria)} criteria")
    return failed


@content.command("map", with_appcontext=False)
@click.argument("scenario_id")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path), help="The SVG file to write.")
@click.option("--content", "directory", type=click.Path(file_okay=False, path_type=Path), help="The content folder.")
def content_map(scenario_id: str, output: Path, directory: Path | None) -> None:
    """Draw a scenario's graph as an SVG picture."""
    from learnpm.scenarios.core.content.loader import load_library
    from learnpm.scenarios.core.play.map import scenario_map_svg

    library = load_library(directory or content_dir())
    scenario = library.scenarios.get(scenario_id)
    if scenario is None:
        known = ", ".join(sorted(library.scenarios)) or "none"
        raise click.ClickException(f"No valid scenario '{scenario_id}'. Known: {known}.")
    output.write_text(scenario_map_svg(scenario), encoding="utf-8")
    click.echo(f"Wrote the map of {scenario_id} to {output}.")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
