"""A mentor reviews a project description on the description rubric; the learner edits the project and resends."""

from __future__ import annotations

import re

import pytest

from learnpm.reviews.rubrics import description_rubric
from tests.functional.support import PROJECT, accept, add_project, invite, post, share
from tests.support import AuthActions, csrf_token

CRITERIA = description_rubric().criteria


@pytest.fixture
def project(client, logged_in, mentor):
    project_id = add_project(client)
    accept(mentor, invite(client))
    share(client, "can_see_experience")
    return project_id


def scores(level: int) -> dict[str, str]:
    return {f"score_{c.id}": str(level) for c in CRITERIA}


def send(client, project_id: int, **data):
    url = f"/reviews/projects/{project_id}"
    return client.post(url, data={"csrf_token": csrf_token(client, url), **data})


def test_a_description_goes_to_a_mentor_and_comes_back_with_both_scores(client, mentor, project):
    page = client.get(f"/experience/projects/{project}").get_data(as_text=True)
    assert "Ask a mentor to review this description" in page
    ask_page = client.get(f"/reviews/projects/{project}").get_data(as_text=True)
    assert "Find homes for 25 animals in one Saturday." in ask_page and CRITERIA[0].criterion in ask_page
    review_url = send(client, project, mentor=mentor.user.id, **scores(2)).headers["Location"]

    queue = mentor.get("/reviews/").get_data(as_text=True)
    assert "Description of “Spring adoption day”" in queue
    page = mentor.get(review_url).get_data(as_text=True)
    assert "Review: the description of “Spring adoption day”" in page and "Twenty-seven adoptions." in page
    review_id = review_url.rsplit("/", 1)[1]
    mentor.post(f"/reviews/{review_id}/feedback", data={
        "csrf_token": csrf_token(mentor, review_url), "decision": "changes_requested",
        f"comment_{CRITERIA[3].id}": "Put a figure on the outcome: 27 of 25 is worth saying.", **scores(1)})

    learner_view = client.get(review_url).get_data(as_text=True)
    assert "Changes requested" in learner_view and "27 of 25 is worth saying." in learner_view
    assert CRITERIA[3].levels[2] in learner_view and CRITERIA[3].levels[1] in learner_view  # own and mentor's

    unchanged = client.post(f"/reviews/{review_id}/revise", data={
        "csrf_token": csrf_token(client, review_url), **scores(2)})
    assert unchanged.status_code == 422
    assert "has not changed since revision 1" in unchanged.get_data(as_text=True)

    edit = f"/experience/projects/{project}/edit"
    assert post(client, edit, {**PROJECT, "outcome": "27 adoptions against a goal of 25."}).status_code == 302
    resent = client.post(f"/reviews/{review_id}/revise", data={"csrf_token": csrf_token(client, review_url),
                                                                **scores(2)})
    assert resent.status_code == 302
    page = mentor.get(review_url).get_data(as_text=True)
    assert "revision 2 of 2" in page and "<ins>27 adoptions against a goal of 25.</ins>" in page
    assert "Twenty-seven" in re.search(r"<del>(.*?)</del>", page)[1]


def test_the_self_scores_are_needed_and_what_was_chosen_is_kept(client, mentor, project):
    response = send(client, project, mentor=mentor.user.id, **{f"score_{CRITERIA[0].id}": "1"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "Please fix these to continue" in page
    assert page.count("Choose a level.") >= len(CRITERIA) - 1
    assert re.search(rf'id="score_{CRITERIA[0].id}-1"[^>]*checked|checked[^>]*id="score_{CRITERIA[0].id}-1"', page)


def test_without_a_mentor_who_sees_projects_the_page_says_what_to_do(client, mentor, project):
    share(client, "can_see_answers")  # the mentor no longer sees projects
    page = client.get(f"/reviews/projects/{project}").get_data(as_text=True)
    assert "None of your mentors can see your projects" in page and "Send for review" not in page
    assert send(client, project, mentor=mentor.user.id, **scores(1)).status_code == 200  # nothing sent
    assert "Nothing under review" in client.get("/reviews/").get_data(as_text=True)


def test_the_mentor_loses_the_review_with_the_projects_permission_and_strangers_never_see_it(
        app, client, mentor, project, make_user):
    review_url = send(client, project, mentor=mentor.user.id, **scores(1)).headers["Location"]
    assert mentor.get(review_url).status_code == 200
    share(client, "can_see_answers")
    assert mentor.get(review_url).status_code == 404
    assert "Nothing to review" in mentor.get("/reviews/").get_data(as_text=True)
    stranger = app.test_client()
    AuthActions(stranger).login(make_user("other@example.org").email)
    assert stranger.get(f"/reviews/projects/{project}").status_code == 404
    assert stranger.get(review_url).status_code == 404


def test_what_was_never_sent_is_listed_as_a_draft_until_it_is(client, mentor, project):
    page = client.get("/reviews/").get_data(as_text=True)
    assert "Draft: not sent yet" in page and "The description of “Spring adoption day”" in page
    send(client, project, mentor=mentor.user.id, **scores(1))
    page = client.get("/reviews/").get_data(as_text=True)
    assert "Draft: not sent yet" not in page and "Description of “Spring adoption day”" in page


def test_the_review_list_reads_its_subjects_in_a_fixed_number_of_queries(app, client, mentor, logged_in):
    from sqlalchemy import event

    from learnpm.db import get_engine

    accept(mentor, invite(client))
    share(client, "can_see_experience")

    def queries_for_list() -> int:
        seen: list[str] = []
        engine = get_engine(app)
        listener = lambda *args: seen.append(args[2])  # noqa: E731
        event.listen(engine, "before_cursor_execute", listener)
        try:
            assert client.get("/reviews/").status_code == 200
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        return len(seen)

    send(client, add_project(client, title="First"), mentor=mentor.user.id, **scores(1))
    one = queries_for_list()
    for title in ("Second", "Third", "Fourth"):
        send(client, add_project(client, title=title), mentor=mentor.user.id, **scores(1))
    assert queries_for_list() == one
