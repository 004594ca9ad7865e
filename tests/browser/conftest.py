"""A live learnpm server and a real Chromium driven by Playwright."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, sync_playwright

from tests.browser.support import CHROMIUM_FLAGS, system_chromium
from tests.support import served

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def chromium_path() -> str:
    """Return the system Chromium, or fail the run saying how to install it."""
    found = system_chromium()
    if not found:
        pytest.fail("Chromium is not installed: run `bash .ci/setup test`, or set LEARNPM_CHROMIUM to its path.")
    return found


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Start one headless Chromium for the whole run."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def live_server(app: Flask) -> Iterator[str]:
    """Serve the test app on a free loopback port; return its base URL."""
    with served(app) as base:
        yield base


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    """Open a fresh browser context; keep a screenshot when the test fails."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


def _other_context(browser: Browser, width: int, height: int) -> Iterator[Page]:
    """Open a browser context of its own (its own cookies: another person, another device) and yield its page."""
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    """Open a second, phone-sized browser context (390 x 844), beside `page`."""
    yield from _other_context(browser, 390, 844)


@pytest.fixture
def second_page(browser: Browser) -> Iterator[Page]:
    """Open another browser context: a second person on another computer."""
    yield from _other_context(browser, 1280, 900)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[None]:
    """Remember each phase's report on the test item, for the screenshot on failure."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


