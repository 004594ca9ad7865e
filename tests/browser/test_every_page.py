"""Every page of the site, with the demo data, on a 390 px phone and a 1280 px screen, in light and dark scheme.

A page fails when it scrolls sideways, when an element is narrower than its content (clipped or spilling text),
when chart text shows smaller than 12 px, or when axe-core finds a violation. The pages come from the URL map
(see site_pages.py), so a new page is checked as soon as it is listed there, and must be listed to pass.
"""

from __future__ import annotations

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect

from tests.browser.layout import layout_problems
from tests.browser.site_pages import (
    ANONYMOUS,
    EMAILS,
    NOT_PAGES,
    PAGES,
    PASSWORD,
    ROLES,
    get_rules,
    load_site,
    page_path,
    site_pages,
)
from tests.browser.support import COLOUR_RULES, accessibility_violations

pytestmark = pytest.mark.browser
WIDTHS = {"phone": 390, "desktop": 1280}


def log_in(page: Page, base: str, role: str) -> None:
    """Log in as the demo account of `role` through the login form."""
    page.goto(base + "/login")
    page.get_by_label("Email").fill(EMAILS[role])
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def test_every_page_is_listed(app: Flask):
    assert get_rules(app) - NOT_PAGES - set(PAGES) == set(), "list the new page in tests/browser/site_pages.py"
    assert set(PAGES) | NOT_PAGES <= get_rules(app), "a listed page is no longer in the URL map"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_every_page_fits_and_is_accessible(app: Flask, live_server: str, browser: Browser, width: int, scheme: str):
    """In the light scheme every page fits its width and passes every axe rule; the dark scheme changes colours only
    (site.css), so its pass checks what colours decide: contrast, and links told apart from the text around them."""
    ids = load_site(app)
    pages = site_pages(app, ids)
    problems: list[str] = []
    for role in ROLES:
        context = browser.new_context(viewport={"width": width, "height": 844}, color_scheme=scheme)
        page = context.new_page()
        page.set_default_timeout(15_000)
        if role != ANONYMOUS:
            log_in(page, live_server, role)
        for site_page in (p for p in pages if p.role == role):
            path = page_path(app, site_page)
            response = page.goto(live_server + path)
            assert response is not None and response.status < 500, f"{path} answered {response and response.status}"
            if scheme == "light":
                problems += [f"{site_page.name} {path}: {problem}" for problem in layout_problems(page)]
            rules = COLOUR_RULES if scheme == "dark" else None
            problems += [f"{site_page.name} {path}: {violation}" for violation in accessibility_violations(page, rules)]
        context.close()
    assert not problems, f"{len(problems)} problem(s) at {width} px, {scheme}:\n" + "\n".join(problems)


def test_the_check_fails_on_a_page_made_to_overflow(page: Page, live_server: str):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server + "/login")
    assert layout_problems(page) == []
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', "
                  "'<table><tr><td>' + 'Volunteer_coordination_'.repeat(30) + '</td></tr></table>')")
    assert any("the page is" in problem for problem in layout_problems(page))


def test_the_check_fails_on_a_button_narrower_than_its_text(page: Page, live_server: str):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server + "/login")
    page.evaluate("const b = document.querySelector('button[type=submit]');"
                  "b.style.width = '3rem'; b.style.overflow = 'hidden'; b.style.whiteSpace = 'nowrap'")
    problems = layout_problems(page)
    assert any("<button" in problem and "Log in" in problem for problem in problems), problems
