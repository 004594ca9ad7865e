"""The home page: a panel for each feature the user uses, and always one clear next step."""

from __future__ import annotations

import re

from learnpm.db import get_session
from learnpm.demo import DEMO_ACCOUNTS, load_demo
from tests.functional.support import add_project
from tests.support import AuthActions


def next_step(page: str) -> str:
    """Return the text of the next step's button."""
    section = page.split('id="next-title"')[1].split("</section>")[0]
    return re.search(r'class="button" href="[^"]+">([^<]+)</a>', section)[1]


def test_a_newcomer_is_shown_where_to_begin_and_each_panel_says_what_to_do(client, logged_in):
    page = client.get("/dashboard").get_data(as_text=True)
    assert next_step(page).startswith("Practise your first day: “")
    assert "No day played yet." in page and "Nothing logged yet." in page
    assert "None issued yet." in page and "No mentor yet." in page


def test_after_a_first_project_the_home_shows_the_months_and_moves_on(client, logged_in):
    add_project(client)
    page = client.get("/dashboard").get_data(as_text=True)
    assert "1 project logged." in page and "Nothing logged yet." not in page
    assert re.search(r"Experience: \d+ of \d+ months", page)
    assert next_step(page) == "Record your project-management education: 35 contact hours to go"


def test_the_demo_volunteer_and_mentor_see_their_real_situation(app):
    with app.app_context():
        load_demo(get_session())
        get_session().commit()
    student, volunteer, mentor = (account.email for account in DEMO_ACCOUNTS[:3])
    pages = {}
    for email in (student, volunteer, mentor):
        browser = app.test_client()
        AuthActions(browser).login(email, password="learnpm-demo")
        pages[email] = browser.get("/dashboard").get_data(as_text=True)

    volunteer_page = pages[volunteer]
    assert "Nothing logged yet." not in volunteer_page and "No mentor yet." not in volunteer_page
    assert "projects logged." in volunteer_page
    assert next_step(pages[student]).startswith(("Finish “", "Revise your"))
    assert next_step(pages[mentor]).startswith("Review ")
    assert "Waiting for your review" in pages[mentor]
