"""Playing a scenario through the site: the catalogue, the day, bad input, the debrief and progress."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from learnpm.scenarios.core.content.scenario import Node, WriteTask
from learnpm.scenarios.models import Play, WriteAnswer
from tests.functional.support import (
    GOOD_MESSAGE,
    SCENARIO_ID,
    choose,
    current_node,
    reach_the_write_task,
    start,
    write_and_score,
)
from tests.support import AuthActions, csrf_token


def saved(session, play_id: int) -> dict:
    session.expire_all()
    play = session.get(Play, play_id)
    return {"state": play.state, "moves": play.moves, "draft": play.draft_text}


def play_to_the_end(client, session, scenario, play_id: int) -> None:
    for _ in range(60):
        node = current_node(session, scenario, play_id)
        if isinstance(node, WriteTask):
            write_and_score(client, play_id, node)
        elif isinstance(node, Node):
            best = next(c for c in node.choices if c.quality == "best")
            assert choose(client, play_id, best.id).status_code == 302
        else:
            return
    pytest.fail("the play did not reach an ending")


def test_the_catalogue_lists_scenarios_and_filters_them(client, logged_in, scenario):
    page = client.get("/scenarios/").get_data(as_text=True)
    assert scenario.title in page and "1 of 1 scenarios" in page
    assert scenario.title in client.get("/scenarios/?competency=escalation.timing").get_data(as_text=True)
    filtered = client.get("/scenarios/?competency=volunteering.leadership").get_data(as_text=True)
    assert "No scenario matches these filters" in filtered and "0 of 1 scenarios" in filtered
    assert "0 of 1" in client.get("/scenarios/?status=done").get_data(as_text=True)
    assert "1 of 1" in client.get("/scenarios/?status=todo").get_data(as_text=True)


def test_a_choice_shows_its_feedback_and_moves_the_clock(client, logged_in, session, scenario):
    play_id = start(client)
    page = client.get(f"/plays/{play_id}").get_data(as_text=True)
    assert "08:30" in page and "Priya, tech lead" in page and "What do you do?" in page
    assert choose(client, play_id, "wait-and-see").status_code == 302
    page = client.get(f"/plays/{play_id}").get_data(as_text=True)
    assert "Waiting spends the hours" in page  # the feedback of that choice
    assert "Poor choice" in page and "A seasoned PM would rather" in page
    assert "08:35" in page and "Schedule health \u221210" in page
    assert saved(session, play_id)["moves"] == 1


@pytest.mark.parametrize(
    ("choice", "move"),
    [("no-such-choice", 0), ("ask-owner-and-date", 0), ("log-ticket", 5), ("log-ticket", "abc")],
    ids=["forged choice id", "choice of another node", "form for another move", "garbled move"],
)
def test_a_bad_choice_is_explained_and_leaves_the_play_unchanged(client, logged_in, session, scenario, choice, move):
    play_id = start(client)
    before = saved(session, play_id)
    response = choose(client, play_id, choice, move)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "not one of the options" in page or "out of date" in page
    assert saved(session, play_id) == before


def test_a_replayed_form_changes_nothing(client, logged_in, session, scenario):
    play_id = start(client)
    token = csrf_token(client, f"/plays/{play_id}")
    form = {"csrf_token": token, "choice": "log-ticket", "move": 0}
    client.post(f"/plays/{play_id}/choose", data=form)
    after_first = saved(session, play_id)
    replay = client.post(f"/plays/{play_id}/choose", data=form, follow_redirects=True)
    assert "That page was out of date, so nothing was changed." in replay.get_data(as_text=True)
    assert saved(session, play_id) == after_first


def test_another_learners_play_is_not_found(app, client, logged_in, make_user, session, scenario):
    play_id = start(client)
    before = saved(session, play_id)
    intruder = app.test_client()
    AuthActions(intruder).login(make_user("intruder@example.org").email)
    token = csrf_token(intruder, "/dashboard")
    assert intruder.get(f"/plays/{play_id}").status_code == 404
    assert intruder.get(f"/plays/{play_id}/debrief").status_code == 404
    assert intruder.post(f"/plays/{play_id}/choose", data={"csrf_token": token, "choice": "log-ticket", "move": 0}).status_code == 404
    assert intruder.post(f"/plays/{play_id}/retry/0", data={"csrf_token": token}).status_code == 404
    assert saved(session, play_id) == before


def test_the_player_needs_a_login(client, scenario):
    assert client.get("/scenarios/").headers["Location"].startswith("/login")
    assert client.get("/plays/1").headers["Location"].startswith("/login")


def test_a_message_past_the_word_limit_is_refused_and_kept(client, logged_in, session, scenario):
    play_id = start(client)
    task = reach_the_write_task(client, session, scenario, play_id)
    before = saved(session, play_id)
    too_long = "word " * (task.max_words + 5)
    response = client.post(f"/plays/{play_id}/draft", data={
        "csrf_token": csrf_token(client, f"/plays/{play_id}"), "text": too_long, "move": before["moves"]})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f"Your message has {task.max_words + 5} words; write between {task.min_words} and {task.max_words}" in page
    assert 'id="text-error"' in page and too_long.strip()[:50] in page
    assert saved(session, play_id) == before


def test_writing_then_scoring_shows_the_text_beside_the_model_answer_with_its_checks(client, logged_in, session, scenario):
    play_id = start(client)
    task = reach_the_write_task(client, session, scenario, play_id)
    moves = saved(session, play_id)["moves"]
    no_deadline = "Dana, the sandbox is down and the demo is at risk. We have two options. " * 4
    client.post(f"/plays/{play_id}/draft", data={
        "csrf_token": csrf_token(client, f"/plays/{play_id}"), "text": no_deadline, "move": moves})
    page = client.get(f"/plays/{play_id}").get_data(as_text=True)
    assert "Score your own message" in page and "Dana, the sandbox is down" in page
    signal = next(s for s in task.signals if s.criterion == "ask")
    assert signal.hint not in page  # the checks are not shown before the message is handed in
    assert "For example: \u201cCould you tell me by 14:00 today which option you prefer?\u201d" in page  # an anchor
    missing = client.post(f"/plays/{play_id}/assess", data={"csrf_token": csrf_token(client, f"/plays/{play_id}"), "move": moves})
    assert missing.status_code == 422 and "Choose the level your message reaches." in missing.get_data(as_text=True)
    assert saved(session, play_id)["moves"] == moves

    scores = {f"score_{c.id}": "2" for c in task.rubric}  # top marks, given by the learner
    client.post(f"/plays/{play_id}/assess", data={"csrf_token": csrf_token(client, f"/plays/{play_id}"), "move": moves, **scores})
    page = client.get(f"/plays/{play_id}").get_data(as_text=True)
    assert "Your message" in page and "The model answer" in page and "Dana, the sandbox is down" in page
    assert f"Missing:</strong> A specific ask with an owner and a date. {signal.hint}" in page
    assert "Found:</strong> Options with their cost" in page
    assert "missed 1 of 2 checks, so the day went on as after a weak message" in page
    assert "Self-assessed" in page and "Up front and plain" in page  # their own levels, labelled as theirs
    assert "Sponsor trust \u22125" in page  # the weak outcome, whatever the self-score
    answer = session.scalars(select(WriteAnswer)).one()
    assert answer.text == no_deadline.strip() and answer.self_scores == {c.id: 2 for c in task.rubric}
    assert answer.strong is False


def test_a_full_day_ends_with_a_debrief_and_a_decision_can_be_retried(client, logged_in, session, scenario):
    play_id = start(client)
    play_to_the_end(client, session, scenario, play_id)
    page = client.get(f"/plays/{play_id}").get_data(as_text=True)
    assert "The day is over" in page and "Read the debrief" in page
    debrief = client.get(f"/plays/{play_id}/debrief").get_data(as_text=True)
    assert "Your day, move by move" in debrief and "<svg" in debrief and "Try this decision again" in debrief
    assert "Best choices all day" in debrief and "The model answer" in debrief

    response = client.post(f"/plays/{play_id}/retry/1", data={"csrf_token": csrf_token(client, f"/plays/{play_id}/debrief")})
    retry_id = int(response.headers["Location"].rsplit("/", 1)[1])
    assert retry_id != play_id
    retried = session.get(Play, retry_id)
    assert retried.moves == 1 and retried.node_id == "vendor_call" and retried.retry_of_id == play_id


def test_leaving_and_coming_back_resumes_at_the_same_card(client, logged_in, session, scenario):
    play_id = start(client)
    choose(client, play_id, "log-ticket")
    intro = client.get(f"/scenarios/{SCENARIO_ID}").get_data(as_text=True)
    assert "Resume where you left off" in intro and f"/plays/{play_id}" in intro
    assert "Sam, vendor account manager" in client.get(f"/plays/{play_id}").get_data(as_text=True)


def test_a_save_from_an_older_version_of_the_scenario_asks_to_start_again(client, logged_in, session, scenario):
    play_id = start(client)
    play = session.get(Play, play_id)
    play.state = {**play.state, "digest": "an older version"}
    session.commit()
    response = client.get(f"/plays/{play_id}")
    assert response.status_code == 409 and "has changed" in response.get_data(as_text=True)


def test_progress_starts_empty_then_scores_competencies(client, logged_in, session, scenario):
    assert "You have not played a scenario yet" in client.get("/scenarios/progress").get_data(as_text=True)
    play_id = start(client)
    choose(client, play_id, "log-ticket")
    page = client.get("/scenarios/progress").get_data(as_text=True)
    assert "Escalating in time" in page and "100%" in page
    assert "What to practise next" in page
    assert "Your attempts" in page and "In progress (1 move)" in page


def test_analytics_are_for_mentors_and_show_choice_shares(app, client, logged_in, make_user, scenario):
    play_id = start(client)
    choose(client, play_id, "log-ticket")
    assert client.get(f"/scenarios/{SCENARIO_ID}/analytics").status_code == 403
    mentor = app.test_client()
    AuthActions(mentor).login(make_user("m@example.org", roles=("mentor",)).email)
    page = mentor.get(f"/scenarios/{SCENARIO_ID}/analytics").get_data(as_text=True)
    assert "100% (1)" in page and "1 learner so far" in page and "Share of learners" in page
    assert "standup" in page  # the unfinished play stopped after the stand-up
    assert mentor.get(f"/scenarios/{SCENARIO_ID}/map.svg").mimetype == "image/svg+xml"


def test_the_data_download_holds_plays_and_written_answers(client, logged_in, session, scenario):
    play_id = start(client)
    task = reach_the_write_task(client, session, scenario, play_id)
    write_and_score(client, play_id, task)
    data = json.loads(client.get("/account/export.json").get_data(as_text=True))
    play = data["scenario_plays"][0]
    assert play["scenario"] == SCENARIO_ID
    assert [move["choice"] for move in play["moves"]][:1] == ["log-ticket"]
    assert play["written_answers"][0]["text"] == GOOD_MESSAGE
