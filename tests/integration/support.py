"""Helpers of the integration tests that run real processes: waiting for them, starting `learnpm` commands."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

import learnpm
from tests.functional.support import PROJECT

CHECKOUT = Path(learnpm.__file__).resolve().parents[1]


def wait_for(ready: Callable[[], bool], what: str, seconds: float = 60) -> None:
    """Poll `ready` until it answers true, failing after `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if ready():
            return
        time.sleep(0.1)
    pytest.fail(f"{what} did not happen within {seconds:g} s")


def site_environment(app: Flask) -> dict[str, str]:
    """Return the environment of a `learnpm` process that serves the same site as `app`."""
    env = {**os.environ, "PYTHONPATH": str(CHECKOUT), "LEARNPM_INSTANCE_PATH": app.instance_path,
           "LEARNPM_DATABASE_URL": app.config["DATABASE_URL"], "LEARNPM_SECRET_KEY": app.config["SECRET_KEY"],
           "LEARNPM_QUEUE_URL": app.config["QUEUE_URL"], "LEARNPM_LOG_LEVEL": "WARNING"}
    for name in ("PDF_RENDER_SECONDS", "PDF_RENDER_SECONDS_PER_PAGE", "SCHEDULE_SECONDS", "BASE_URL"):
        env[f"LEARNPM_{name}"] = str(app.config[name])
    return env


def learnpm_process(app: Flask, log: Path, *arguments: str) -> subprocess.Popen[bytes]:
    """Start `learnpm ARGUMENTS` for the site of `app`, its output going to `log`."""
    with log.open("ab") as output:
        return subprocess.Popen([sys.executable, "-c", "from learnpm.cli import main; main()", *arguments],
                                env=site_environment(app), stdout=output, stderr=subprocess.STDOUT, cwd=log.parent)


def add_long_log(session: Any, user_id: int, entries: int = 2500) -> None:
    """Give the user a project with `entries` hours entries: a transcript of them takes seconds to lay out."""
    from learnpm.experience.models import HoursEntry

    project = add_project_row(session, user_id)
    first = date(2025, 3, 1)
    session.add_all([HoursEntry(user_id=user_id, project_id=project.id, day=first + timedelta(days=n % 120),
                                hours=Decimal("1.5"), activity=f"Stand-up and follow-up notes, day {n}",
                                process_groups=["EX"], domains=[]) for n in range(entries)])


def add_project_row(session: Any, user_id: int) -> Any:
    """Give the user the test project (its verifier included), straight in the database; return it."""
    from learnpm.experience.models import Project

    row = {name: value for name, value in PROJECT.items() if name in Project.__table__.columns} | {
        "start_month": date(2025, 3, 1), "end_month": date(2025, 6, 1), "sections": {"PL": PROJECT["section_pl"]}}
    project = Project(user_id=user_id, **row)
    session.add(project)
    session.flush()
    return project
