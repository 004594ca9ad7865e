"""What every browser journey checks on its pages: no accessibility violation that axe-core can find."""

from __future__ import annotations

import os
import shutil

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

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
_AXE = Axe()


def assert_accessible(page: Page) -> None:
    """Run axe-core on the page and fail with its report if anything is violated.

    Waits for the page's load event first: on a busy machine axe could otherwise judge a page whose stylesheet
    has not been applied yet (an unstyled skip link is a small, crowded target).
    """
    page.wait_for_load_state("load")
    page.wait_for_function("Array.from(document.querySelectorAll('link[rel=stylesheet]')).every(link => link.sheet)")
    results = _AXE.run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


def accessibility_violations(page: Page) -> list[str]:
    """Return one line per axe-core violation on the page: its rule and the first elements it names."""
    page.wait_for_load_state("load")
    page.wait_for_function("Array.from(document.querySelectorAll('link[rel=stylesheet]')).every(link => link.sheet)")
    results = _AXE.run(page, options=AXE_OPTIONS)
    return [f"axe {violation['id']}: {violation['help']} at "
            + ", ".join(" ".join(node["target"]) for node in violation["nodes"][:3])
            for violation in results.response["violations"]]


def system_chromium() -> str | None:
    """Return the system Chromium: LEARNPM_CHROMIUM, else the one on PATH (Debian's `chromium` package)."""
    return os.environ.get("LEARNPM_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
