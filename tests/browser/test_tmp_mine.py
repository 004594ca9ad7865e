"""Temporary: the every-page checks on a few endpoints only."""
import pytest
from tests.browser import site_pages as sp
from tests.browser.layout import layout_problems
from tests.browser.support import accessibility_violations
from tests.browser.test_every_page import WIDTHS, log_in

MINE = {"scenarios.debrief"}

@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_mine(app, live_server, browser, width, scheme):
    ids = sp.load_site(app)
    pages = [p for p in sp.site_pages(app, ids) if p.endpoint in MINE]
    problems = []
    for role in sp.ROLES:
        context = browser.new_context(viewport={"width": width, "height": 844}, color_scheme=scheme)
        page = context.new_page()
        page.set_default_timeout(15_000)
        mine = [p for p in pages if p.role == role]
        if not mine:
            context.close(); continue
        if role != sp.ANONYMOUS:
            log_in(page, live_server, role)
        for site_page in mine:
            path = sp.page_path(app, site_page)
            response = page.goto(live_server + path)
            assert response.status < 500, path
            problems += [f"{path}: {p}" for p in layout_problems(page)]
            problems += [f"{path}: {v}" for v in accessibility_violations(page)]
        context.close()
    assert not problems, "\n".join(problems)
