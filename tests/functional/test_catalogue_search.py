"""The catalogue's search and sorts, as a learner sees them: in the address, combined with the filters."""

from __future__ import annotations

import re

import pytest

from tests.support import csrf_token

SHORTEST = "friday-status-report"  # 28 minutes, the shortest day of the content
SHELTER = "shelter-adoption-day"


def listed(page: str) -> list[str]:
    return re.findall(r'<h2><a href="/scenarios/([^"/]+)">', page)


def test_a_search_finds_a_day_whatever_the_case_and_accents(client, logged_in):
    page = client.get("/scenarios/?q=ADOPTIÓN").get_data(as_text=True)
    assert listed(page) == [SHELTER]
    assert "1 of 22 scenarios matching “ADOPTIÓN”" in page and 'value="ADOPTIÓN"' in page


def test_a_search_looks_in_competencies_and_keeps_the_filters(client, logged_in):
    by_label = listed(client.get("/scenarios/?q=volunteer").get_data(as_text=True))
    assert by_label == [SHELTER]  # "Leading volunteers" is a competency, not a word of the title
    long = listed(client.get("/scenarios/?q=thursday&length=long").get_data(as_text=True))
    assert long == ["steering-committee-thursday", "vendor-blocker-standup"]  # 40 minutes each
    every_length = listed(client.get("/scenarios/?q=thursday").get_data(as_text=True))
    assert "larkspur-release-thursday" in every_length and len(every_length) == 5  # 32 minutes


def test_an_empty_result_says_what_to_change(client, logged_in):
    page = client.get("/scenarios/?q=xyz&length=short").get_data(as_text=True)
    assert listed(page) == []
    assert "No day matches “xyz” with these filters." in page
    assert 'href="/scenarios/?sort=title&amp;length=short">Clear the search</a>' in page
    assert "clear the filters" in page


@pytest.mark.parametrize(("sort", "first"), [
    ("shortest", SHORTEST),
    ("title", "new-pm-first-day"),
    ("", "new-pm-first-day"),
    ("drop table", "new-pm-first-day"),  # an unknown sort is the default one
])
def test_the_days_come_in_the_order_asked_and_the_order_is_stated(client, logged_in, sort, first):
    page = client.get(f"/scenarios/?sort={sort}").get_data(as_text=True)
    assert listed(page)[0] == first and len(listed(page)) == 22
    stated = "Shortest first" if sort == "shortest" else "Title, A to Z"
    assert f"order: {stated}" in page


def test_a_day_begun_comes_first_in_the_recommended_order_and_last_among_the_not_yet_played(client, logged_in):
    token = csrf_token(client, f"/scenarios/{SHELTER}")
    assert client.post(f"/scenarios/{SHELTER}/start", data={"csrf_token": token}).status_code == 302
    assert listed(client.get("/scenarios/?sort=recommended").get_data(as_text=True))[0] == SHELTER
    assert listed(client.get("/scenarios/?sort=unplayed").get_data(as_text=True))[-1] == SHELTER


@pytest.mark.parametrize("query", ["a" * 5000, "%", "_", "\x00", "' OR 1=1 --", "<script>", "q&sort=x", "🙂" * 40])
def test_odd_searches_are_harmless(client, logged_in, query):
    response = client.get("/scenarios/", query_string={"q": query, "sort": query, "length": query})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<script>" not in page.split("<main", 1)[-1]
