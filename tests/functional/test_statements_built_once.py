"""The pages every visit of a learner or a mentor opens run SQL statements built once, not composed per request.

Building a statement and its cache key cost several times what the database takes to answer a small query, so a
page that composes its queries again on each visit pays for it on every click. What each statement is built from
is counted by SQLAlchemy's cache key generation, which a statement built once does only on its first use.
"""

from __future__ import annotations

import pytest
from sqlalchemy.sql.cache_key import HasCacheKey

from tests.functional.support import add_entry, add_project, post

DAY = "vendor-blocker-standup"  # a day of the site's own content

LEARNER_PAGES = ("/dashboard", "/scenarios/", "/scenarios/progress", "/plays/{play}", "/experience/",
                 "/experience/projects/{project}", "/experience/hours/new", "/documents/", "/reviews/",
                 "/notifications/")
MENTOR_PAGES = ("/dashboard", "/reviews/", "/mentoring/", "/mentoring/mentees/{link}")


@pytest.fixture
def built(monkeypatch):
    """Count the statements whose cache key is generated, that is, the statements used for the first time."""
    counted: list[str] = []
    generate = HasCacheKey._generate_cache_key

    def counting(statement):
        counted.append(type(statement).__name__)
        return generate(statement)

    monkeypatch.setattr(HasCacheKey, "_generate_cache_key", counting)
    return counted


def second_visit(client, path: str, built: list[str]) -> list[str]:
    """Open the page twice (the first visit compiles what it uses) and return what the second one built."""
    assert client.get(path).status_code == 200, path
    built.clear()
    assert client.get(path).status_code == 200, path
    return list(built)


def test_a_learners_pages_build_no_statement_on_a_second_visit(client, logged_in, built):
    started = post(client, f"/scenarios/{DAY}/start", {}, page=f"/scenarios/{DAY}")
    play_id = int(started.headers["Location"].rsplit("/", 1)[1])
    project_id = add_project(client)
    assert add_entry(client, project_id).status_code == 302
    for page in LEARNER_PAGES:
        path = page.format(play=play_id, project=project_id)
        assert second_visit(client, path, built) == [], path


def test_a_mentors_pages_build_no_statement_on_a_second_visit(client, logged_in, answered, mentor, built):
    _play_id, _task, _answer, link = answered
    for page in MENTOR_PAGES:
        path = page.format(link=link)
        assert second_visit(mentor, path, built) == [], path
