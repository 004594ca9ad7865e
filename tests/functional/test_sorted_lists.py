"""A project's hours in the order the learner asks, searched by their words, a bounded page at a time."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import event

from learnpm.experience.models import HoursEntry
from tests.functional.support import add_project

GROUPS = ["CL", "EX", "IN", "MC", "PL", []]  # cycled over the entries: Closing, Executing, ..., none


def add_entries(session, user, project_id: int, count: int) -> None:
    """Add `count` entries: day n, (n % 7) + 1 hours, tagged with a process group in turn, named "Shift n"."""
    first = date(2025, 1, 1)
    session.add_all(HoursEntry(
        user_id=user.id, project_id=project_id, day=first + timedelta(days=number), hours=Decimal(number % 7 + 1),
        activity=f"Shift {number:03d}", notes="Łódź depot" if number % 10 == 0 else "",
        process_groups=[GROUPS[number % 6]] if GROUPS[number % 6] else []) for number in range(count))
    session.commit()


def shifts(page: str) -> list[int]:
    return [int(number) for number in re.findall(r"Shift (\d{3})", page)]


def next_link(page: str) -> str | None:
    found = re.search(r'<a rel="next" href="([^"]+)"', page)
    return html.unescape(found[1]) if found else None


def every_page(client, url: str) -> list[int]:
    """Follow the pager from `url` to the last page; return the shifts in the order shown."""
    seen: list[int] = []
    while url:
        page = client.get(url).get_data(as_text=True)
        seen += shifts(page)
        url = next_link(page)
    return seen


def hours_of(number: int) -> int:
    return number % 7 + 1


RANK = {"IN": 0, "PL": 1, "EX": 2, "MC": 3, "CL": 4}


def group_rank(number: int) -> int:
    group = GROUPS[number % 6]
    return RANK[group] if group else 5


@pytest.mark.parametrize(("sort", "order"), [
    ("newest", lambda n: (-n,)),
    ("oldest", lambda n: (n,)),
    ("most", lambda n: (-hours_of(n), -n)),
    ("fewest", lambda n: (hours_of(n), n)),
    ("group", lambda n: (group_rank(n), -n)),
])
def test_each_order_runs_through_every_page_without_a_gap_or_a_repeat(client, logged_in, session, sort, order):
    project_id = add_project(client)
    add_entries(session, logged_in, project_id, 120)
    first = client.get(f"/experience/projects/{project_id}?sort={sort}").get_data(as_text=True)
    assert len(shifts(first)) == 50
    assert every_page(client, f"/experience/projects/{project_id}?sort={sort}") == sorted(range(120), key=order)


def test_the_current_order_is_stated_and_marked_on_its_column(client, logged_in, session):
    project_id = add_project(client)
    add_entries(session, logged_in, project_id, 3)
    page = client.get(f"/experience/projects/{project_id}").get_data(as_text=True)
    assert "Sorted by date, newest first." in page
    assert re.search(r'<th scope="col" aria-sort="descending">\s*<a class="sort-link" href="[^"]*sort=oldest', page)
    most = client.get(f"/experience/projects/{project_id}?sort=most").get_data(as_text=True)
    assert "Sorted by hours, most first." in most and most.count("aria-sort=") == 1
    assert re.search(r'aria-sort="descending">\s*<a class="sort-link" href="[^"]*sort=fewest', most)
    assert '<option value="most" selected>' in most  # the phone's sort form says the same


def test_a_search_finds_entries_by_their_activity_or_notes_whatever_the_case_and_accents(client, logged_in, session):
    project_id = add_project(client)
    add_entries(session, logged_in, project_id, 60)
    assert shifts(client.get(f"/experience/projects/{project_id}?q=lodz").get_data(as_text=True)) == [
        50, 40, 30, 20, 10, 0]
    by_hours = client.get(f"/experience/projects/{project_id}?q=%C5%81%C3%93D%C5%B9+depot&sort=most")
    assert shifts(by_hours.get_data(as_text=True)) == [20, 40, 10, 30, 50, 0]  # 7, 5, 4, 3, 2 and 1 hours
    page = client.get(f"/experience/projects/{project_id}?q=SHIFT+007").get_data(as_text=True)
    assert shifts(page) == [7] and "only the entries holding “SHIFT 007”" in page


def test_a_search_and_an_order_carry_over_to_the_next_page(client, logged_in, session):
    project_id = add_project(client)
    add_entries(session, logged_in, project_id, 120)
    seen = every_page(client, f"/experience/projects/{project_id}?q=shift+1&sort=oldest")
    assert seen == [n for n in range(120) if "1" in f"{n:03d}"]  # 57 entries: two pages


def test_an_empty_search_says_so_and_offers_to_clear_it(client, logged_in, session):
    project_id = add_project(client)
    add_entries(session, logged_in, project_id, 3)
    page = client.get(f"/experience/projects/{project_id}?q=xyz&sort=most").get_data(as_text=True)
    assert "No entry of this project holds “xyz” in its activity or notes." in page
    assert f'href="/experience/projects/{project_id}?sort=most#entries-title">Clear the search</a>' in page


@pytest.mark.parametrize(("query", "shown"), [
    ("sort=sideways", [2, 1, 0]), ("sort=most&after=not-a-cursor", [2, 1, 0]),  # 3, 2 and 1 hours
    ("sort=group&after=9_2025-01-01", [2, 1, 0]), ("sort=most&after=NaN_1", [2, 1, 0]),
    ("sort=most&after=Infinity_3", [2, 1, 0]), ("sort=oldest&after=2025-99-01_1", [0, 1, 2]),
    ("after=1_2_3_4", [2, 1, 0]), ("sort=fewest&after=" + "9" * 200 + "_1", [0, 1, 2]), ("sort[]=most", [2, 1, 0]),
    ("sort=most&after=1E999999_1", [2, 1, 0]), ("sort=most&after=-1e-999999_1", [2, 1, 0]),
    ("sort=most&after=-0.5_1", []),  # past the last row
    ("sort=group&after=99999999999999999999_2025-01-01_1", [2, 1, 0]),
    ("after=2025-01-03.99999999999999999999999", [2, 1, 0]), ("sort=newest&after=2025-01-02.0", [0]),
    ("q=%00", [2, 1, 0]), ("q=%25", []), ("q=_", []), ("q=" + "x" * 3000, []), ("q=%27%20OR%201=1", []),
])
def test_bad_parameters_fall_back_on_the_first_page_of_an_order(client, logged_in, session, query, shown):
    project_id = add_project(client)
    add_entries(session, logged_in, project_id, 3)
    response = client.get(f"/experience/projects/{project_id}?{query}")
    assert response.status_code == 200
    assert shifts(response.get_data(as_text=True)) == shown


@pytest.mark.parametrize("sort", ["newest", "oldest", "most", "fewest", "group"])
def test_a_page_reads_its_rows_in_the_same_few_queries_for_a_short_or_a_long_log(app, client, logged_in, session,
                                                                                   sort):
    short, long = add_project(client), add_project(client, title="Long project")
    add_entries(session, logged_in, short, 5)
    add_entries(session, logged_in, long, 400)
    counts, limits = [], []
    for project_id in (short, long):
        statements = run_statements(app, client, f"/experience/projects/{project_id}?sort={sort}&q=shift")
        counts.append(len(statements))
        limits += [s for s in statements if "FROM hours_entries" in s and "ORDER BY" in s]
    assert counts[0] == counts[1]
    assert limits and all("LIMIT" in statement for statement in limits)


def run_statements(app, client, path: str) -> list[str]:
    """Return the SQL statements one request runs."""
    statements: list[str] = []
    engine = app.extensions["learnpm.engine"]

    def remember(_connection, _cursor, statement, *_args) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", remember)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", remember)
    return statements


def test_any_order_cursor_and_search_answer_a_page(client, logged_in, session):
    project_id = add_project(client)
    add_entries(session, logged_in, project_id, 3)
    texts = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=120)

    @settings(max_examples=40, deadline=None, database=None)
    @given(sort=st.sampled_from(["newest", "oldest", "most", "fewest", "group"]) | texts, after=texts, query=texts)
    def case(sort: str, after: str, query: str) -> None:
        response = client.get(f"/experience/projects/{project_id}",
                              query_string={"sort": sort, "after": after, "q": query})
        assert response.status_code == 200
        assert "Sorted by " in response.get_data(as_text=True)

    case()
