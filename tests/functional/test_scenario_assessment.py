"""Written messages are judged by what they say; the learner's own scores are shown as theirs, apart from a mentor's,
and never count as a competency score: on progress, on the mentor's page and in the readiness report."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from tests.functional.support import FIXTURES, ask_review, pdf_text, reach_the_write_task, start, write_and_score
from tests.support import csrf_token

CONTENT = Path(__file__).resolve().parents[2] / "content"


def choice_scores(page: str) -> dict[str, str]:
    """Return the competency meters of a page: label to percentage."""
    return dict(re.findall(r'<label for="[sm]-\d+">([^<]+)</label>\s*<meter[^>]*value="(\d+)"', page))


def test_top_self_scores_are_self_assessed_and_not_a_competency_score(client, logged_in, session, scenario):
    play_id = start(client)
    task = reach_the_write_task(client, session, scenario, play_id)
    write_and_score(client, play_id, task)  # 6 of 6 on the learner's own scoring
    page = client.get("/scenarios/progress").get_data(as_text=True)
    assert "Status reporting" not in choice_scores(page)
    writing = re.search(r'<table class="table[^"]*writing">(.*?)</table>', page, re.S)[1]
    assert "Status reporting" in writing
    assert re.search(r'class="self-assessed">100% of the rubric, over 1 message<', writing)
    assert 'class="reviewed">Not reviewed yet<' in writing
    debrief = client.get(f"/plays/{play_id}/debrief").get_data(as_text=True)
    assert "Status reporting" not in re.search(r'id="competency-title"(.*?)</section>', debrief, re.S)[1]


def test_the_mentor_sees_self_assessed_and_reviewed_scores_apart(client, mentor, answered, session):
    play_id, task, answer, link = answered  # the learner scored each criterion 1 of 2
    review_url = ask_review(client, play_id, answer.id, mentor.user.id).headers["Location"]
    review_id = int(review_url.rsplit("/", 1)[1])
    mentor.get(review_url)
    mentor.post(f"/reviews/{review_id}/feedback", data={
        "csrf_token": csrf_token(mentor, review_url), "decision": "signed_off",
        **{f"score_{c.id}": "2" for c in task.rubric}})
    page = mentor.get(f"/mentoring/mentees/{link}").get_data(as_text=True)
    writing = re.search(r'<table class="table[^"]*writing">(.*?)</table>', page, re.S)[1]
    assert re.search(r'class="self-assessed">50% of the rubric, over 1 message<', writing)
    assert re.search(r'class="reviewed">100% of the rubric, over 1 message<', writing)
    assert "Status reporting" not in re.findall(r'<label for="m-\d+">([^<]+)</label>', page)
    learner = client.get("/scenarios/progress").get_data(as_text=True)
    assert 'class="reviewed">100% of the rubric, over 1 message<' in learner


def test_the_readiness_report_keeps_self_assessed_scores_apart(client, logged_in, session, scenario, monkeypatch,
                                                               tmp_path):
    content = tmp_path / "content"  # the shipped rule sets, with the fixture scenarios
    shutil.copytree(CONTENT, content, ignore=shutil.ignore_patterns("scenarios", "competencies.yaml"))
    shutil.copytree(FIXTURES / "scenarios", content / "scenarios")
    shutil.copy(FIXTURES / "competencies.yaml", content)
    monkeypatch.setenv("LEARNPM_CONTENT_DIR", str(content))
    play_id = start(client)
    task = reach_the_write_task(client, session, scenario, play_id)
    write_and_score(client, play_id, task)
    response = client.post("/documents/readiness", data={"csrf_token": csrf_token(client, "/documents/")})
    text = " ".join(pdf_text(response.data).split())
    assert "Written messages, scored on their rubrics" in text
    assert "Status reporting 100% (1 message) not reviewed" in text
    competencies = text.split("Written messages, scored on their rubrics")[0]
    assert "Status reporting" not in competencies
