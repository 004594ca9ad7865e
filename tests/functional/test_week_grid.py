"""The week grid through the site: a week of hours typed in one form, saved whole or not at all."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from learnpm.experience.models import HoursEntry
from tests.functional.support import add_entry, add_project, post
from tests.support import AuthActions

WEEK = "/experience/hours/week?day=2025-04-09"  # Monday 7 to Sunday 13 April 2025


def cell(project_id: int, day: str) -> str:
    return f"cell-{project_id}-{day}"


def save(client, cells: dict[str, str], day: str = "2025-04-07", **kwargs):
    return post(client, "/experience/hours/week", {"day": day, **cells}, page=WEEK, **kwargs)


def logged(session) -> dict[tuple[int, date], list[Decimal]]:
    session.expire_all()
    found: dict[tuple[int, date], list[Decimal]] = {}
    for entry in session.scalars(select(HoursEntry).order_by(HoursEntry.id)):
        found.setdefault((entry.project_id, entry.day), []).append(entry.hours)
    return found


def test_the_week_shows_a_box_per_project_and_day(client, logged_in):
    shelter = add_project(client)
    fair = add_project(client, title="Book fair", start_month="2025-04", end_month="2025-04")
    add_entry(client, shelter)  # 3.5 h on Saturday 12 April
    page = client.get(WEEK).get_data(as_text=True)
    assert f'name="{cell(shelter, "2025-04-12")}"' in page and 'value="3.5"' in page
    assert f'name="{cell(fair, "2025-04-07")}"' in page
    assert "Save the week" in page and "Empty a cell or type 0 to remove" in page


def test_a_week_of_several_projects_is_saved_at_once(client, logged_in, session):
    shelter = add_project(client)
    fair = add_project(client, title="Book fair", start_month="2025-04", end_month="2025-04")
    add_entry(client, shelter, activity="Volunteer briefing", process_groups=["EX"])
    response = save(client, {cell(shelter, "2025-04-07"): "2", cell(shelter, "2025-04-08"): "1.5",
                             cell(fair, "2025-04-08"): "4", cell(shelter, "2025-04-12"): "5"})
    assert response.status_code == 302 and response.headers["Location"].endswith("day=2025-04-07")
    assert logged(session) == {(shelter, date(2025, 4, 7)): [2], (shelter, date(2025, 4, 8)): [Decimal("1.5")],
                               (fair, date(2025, 4, 8)): [4], (shelter, date(2025, 4, 12)): [5]}
    new = session.scalars(select(HoursEntry).where(HoursEntry.day == date(2025, 4, 7))).one()
    assert new.activity == "Volunteer briefing" and new.process_groups == ["EX"]  # taken from the project's last
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Saved the week (entries: 3 new, 1 changed)." in page
    assert "<strong>12.5</strong>" in page  # the week's total


def test_a_project_s_first_hours_take_the_tag_chosen_on_its_row(client, logged_in, session):
    shelter = add_project(client)
    fair = add_project(client, title="Book fair", start_month="2025-04", end_month="2025-04", breakdown="domain")
    page = client.get(WEEK).get_data(as_text=True)
    assert f'<label for="tag-{shelter}">Process group of its first hours</label>' in page
    assert f'<label for="tag-{fair}">Domain of its first hours</label>' in page
    response = save(client, {f"tag-{shelter}": "PL", f"tag-{fair}": "people", cell(shelter, "2025-04-07"): "2",
                             cell(shelter, "2025-04-08"): "1", cell(fair, "2025-04-08"): "3"})
    assert response.status_code == 302
    tags = {(e.project_id, e.day): (e.process_groups, e.domains) for e in session.scalars(select(HoursEntry))}
    assert tags == {(shelter, date(2025, 4, 7)): (["PL"], []), (shelter, date(2025, 4, 8)): (["PL"], []),
                    (fair, date(2025, 4, 8)): ([], ["people"])}
    assert "of its first hours" not in client.get(WEEK).get_data(as_text=True)  # later hours copy the latest entry


def test_an_unknown_tag_is_refused_at_its_row(client, logged_in, session):
    shelter = add_project(client)
    response = save(client, {f"tag-{shelter}": "people", cell(shelter, "2025-04-07"): "2"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and f'href="#tag-{shelter}"' in page
    assert f'id="tag-{shelter}-error"' in page and 'value="2"' in page and logged(session) == {}


def test_an_emptied_cell_or_a_zero_removes_the_entry(client, logged_in, session):
    shelter = add_project(client)
    add_entry(client, shelter, day="2025-04-11")
    add_entry(client, shelter, day="2025-04-12")
    response = save(client, {cell(shelter, "2025-04-11"): "", cell(shelter, "2025-04-12"): "0"},
                    follow_redirects=True)
    assert logged(session) == {}
    assert "2 removed" in response.get_data(as_text=True)


def test_removed_entries_come_back_with_undo_detail_and_all(client, logged_in, session):
    shelter = add_project(client)
    add_entry(client, shelter, day="2025-04-11", activity="Rota call", notes="Called the volunteers")
    add_entry(client, shelter, day="2025-04-12")
    done = save(client, {cell(shelter, "2025-04-11"): "", cell(shelter, "2025-04-12"): "0"}, follow_redirects=True)
    assert "Undo<span" in done.get_data(as_text=True) and logged(session) == {}
    restored = post(client, "/undo", {}, page=WEEK, follow_redirects=True).get_data(as_text=True)
    assert "Restored 2 removed entries of the week." in restored and "Week of 07 April 2025" in restored
    back = session.scalars(select(HoursEntry).order_by(HoursEntry.day)).all()
    assert [(e.day, e.activity, e.notes) for e in back] == [
        (date(2025, 4, 11), "Rota call", "Called the volunteers"), (date(2025, 4, 12), "Volunteer briefing", "")]


def test_too_many_removals_at_once_are_saved_but_said_to_be_beyond_undo(client, logged_in, session):
    shelter = add_project(client)
    days = [f"2025-04-{day:02d}" for day in range(7, 14)]
    for day in days:
        add_entry(client, shelter, day=day, notes="n" * 400)
    done = save(client, {cell(shelter, day): "" for day in days}, follow_redirects=True).get_data(as_text=True)
    assert "7 removed" in done and "Too many entries were removed at once to undo." in done
    assert "Undo<span" not in done and logged(session) == {}


def test_one_wrong_cell_saves_nothing_and_keeps_every_typed_value(client, logged_in, session):
    shelter = add_project(client)
    fair = add_project(client, title="Book fair", start_month="2025-04", end_month="2025-04")
    add_entry(client, shelter)
    response = save(client, {cell(shelter, "2025-04-07"): "2", cell(fair, "2025-04-08"): "1.3",
                             cell(shelter, "2025-04-12"): ""})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="error-summary"' in page and f'href="#{cell(fair, "2025-04-08")}"' in page
    assert f'id="{cell(fair, "2025-04-08")}-error"' in page and "Log hours in steps of 0.25" in page
    assert 'value="1.3"' in page and 'value="2"' in page
    emptied = re.search(rf'name="{cell(shelter, "2025-04-12")}"[^>]*value="([^"]*)"', page)
    assert emptied is not None and emptied[1] == ""  # the emptied cell stays empty, not refilled with 3.5
    assert logged(session) == {(shelter, date(2025, 4, 12)): [Decimal("3.5")]}


def test_the_daily_limit_counts_every_project_of_the_grid(client, logged_in, session):
    shelter = add_project(client)
    fair = add_project(client, title="Book fair", start_month="2025-04", end_month="2025-04")
    response = save(client, {cell(shelter, "2025-04-09"): "14", cell(fair, "2025-04-09"): "11"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert page.count("Wed 09 Apr would hold 25 h across your projects; a day holds at most 24.") == 4  # 2 cells
    assert logged(session) == {}


def test_a_day_outside_the_project_is_refused_at_its_cell(client, logged_in, session):
    fair = add_project(client, title="Book fair", start_month="2025-04", end_month="2025-04")
    response = post(client, "/experience/hours/week", {"day": "2025-03-31", cell(fair, "2025-03-31"): "2"},
                    page="/experience/hours/week?day=2025-03-31")
    assert response.status_code == 422
    assert "outside the project&#39;s months" in response.get_data(as_text=True)
    assert logged(session) == {}


def test_future_days_have_no_box(client, logged_in):
    add_project(client, start_month="2025-01", end_month="", in_progress="y")
    next_week = (date.today() + timedelta(days=7)).isoformat()
    page = client.get(f"/experience/hours/week?day={next_week}").get_data(as_text=True)
    assert "not yet" in page and 'inputmode="decimal"' not in page


def test_a_day_with_several_entries_is_shown_but_not_edited(client, logged_in, session):
    shelter = add_project(client)
    add_entry(client, shelter, activity="Briefing")
    add_entry(client, shelter, activity="Clean-up", hours="1")
    page = client.get(WEEK).get_data(as_text=True)
    assert f'name="{cell(shelter, "2025-04-12")}"' not in page and "(2 entries)" in page
    save(client, {cell(shelter, "2025-04-12"): "9"})
    assert logged(session) == {(shelter, date(2025, 4, 12)): [Decimal("3.5"), 1]}


def test_another_learner_s_project_is_never_written(client, logged_in, session, make_user, auth: AuthActions):
    theirs = add_project(client)
    auth.logout()
    other = make_user("other@example.org")
    auth.login(other.email)
    mine = add_project(client, title="My fair")
    response = save(client, {cell(theirs, "2025-04-08"): "3", cell(mine, "2025-04-08"): "1"})
    assert response.status_code == 302
    assert logged(session) == {(mine, date(2025, 4, 8)): [1]}


def test_the_grid_refuses_a_missing_csrf_token(client, logged_in, session):
    shelter = add_project(client)
    response = client.post("/experience/hours/week", data={"day": "2025-04-07", cell(shelter, "2025-04-08"): "2"})
    assert response.status_code == 400 and "The form had expired" in response.get_data(as_text=True)
    assert logged(session) == {}


def test_the_week_picker_jumps_to_any_week(client, logged_in):
    add_project(client)
    page = client.get("/experience/hours/week?day=2025-04-09").get_data(as_text=True)
    assert "Week of 07 April 2025" in page and 'id="week-of"' in page and 'value="2025-04-07"' in page
    assert "?day=2025-03-31" in page and "?day=2025-04-14" in page
    unreadable = client.get("/experience/hours/week?day=yesterday").get_data(as_text=True)
    assert "is not a day the log can read" in unreadable
