"""What the browser journeys share: logging in through the form, and the check every page passes (no accessibility
violation that axe-core can find)."""

from __future__ import annotations

import os
import shutil
from datetime import date

from axe_playwright_python.sync_playwright import Axe
from flask import Flask
from playwright.sync_api import Page, expect

from learnpm.db import get_session
from learnpm.experience.models import Project
from tests.functional.support import PROJECT
from tests.support import PASSWORD

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]}}
# The axe rules whose verdict depends on colours: all that the dark scheme can change (it sets colours only).
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
_AXE = Axe()
PROJECT_ROW = {name: value for name, value in PROJECT.items() if name in Project.__table__.columns}


def fill_login(page: Page, email: str, password: str = PASSWORD) -> None:
    """Fill the login form on the page showing it and send it (the test password unless told)."""
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def log_in(page: Page, base: str, email: str) -> None:
    """Log in through the login form and wait for the dashboard's greeting."""
    page.goto(base + "/login")
    fill_login(page, email)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hello")


def give_projects(app: Flask, user, *titles: str, since: date) -> None:
    """Give the user projects running since the month of `since`, straight in the database."""
    with app.app_context():
        session = get_session()
        for title in titles:
            session.add(Project(user_id=user.id, **{**PROJECT_ROW, "title": title,
                                                    "start_month": since.replace(day=1), "end_month": None}))
        session.commit()


def assert_accessible(page: Page) -> None:
    """Run axe-core on the page and fail with its report if anything is violated.

    Waits for the page's load event first: on a busy machine axe could otherwise judge a page whose stylesheet
    has not been applied yet (an unstyled skip link is a small, crowded target).
    """
    page.wait_for_load_state("load")
    page.wait_for_function("Array.from(document.querySelectorAll('link[rel=stylesheet]')).every(link => link.sheet)")
    results = _AXE.run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


def accessibility_violations(page: Page, rules: list[str] | None = None) -> list[str]:
    """Return one line per axe-core violation on the page: its rule and the first elements it names.

    `rules`, when given, runs only those axe rules instead of every rule of the WCAG tags.
    """
    page.wait_for_load_state("load")
    page.wait_for_function("Array.from(document.querySelectorAll('link[rel=stylesheet]')).every(link => link.sheet)")
    options = AXE_OPTIONS if rules is None else {"runOnly": {"type": "rule", "values": rules}}
    results = _AXE.run(page, options=options)
    return [f"axe {violation['id']}: {violation['help']} at "
            + ", ".join(" ".join(node["target"]) for node in violation["nodes"][:3])
            for violation in results.response["violations"]]


def system_chromium() -> str | None:
    """Return the system Chromium: LEARNPM_CHROMIUM, else the one on PATH (Debian's `chromium` package)."""
    return os.environ.get("LEARNPM_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
