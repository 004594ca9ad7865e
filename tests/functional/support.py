"""Steps the functional tests of several features take: adding a project, inviting a mentor, playing a day."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pypdf
import pytest
from sqlalchemy import insert

from learnpm.experience.core.rules.library import default_rules
from learnpm.experience.models import HoursEntry
from learnpm.scenarios.core.content.scenario import WriteTask
from learnpm.scenarios.models import Play
from tests.support import csrf_token

LONG_TEXT = " ".join(["word"] * 45)


PROJECT = {
    "title": "Spring adoption day", "organization": "Riverside Animal Shelter", "job_title": "Volunteer coordinator",
    "functional_reporting_area": "operations", "organization_primary_focus": "nonprofit", "approach": "predictive",
    "team_size": "10-19", "budget": "under-10k", "start_month": "2025-03", "end_month": "2025-06",
    "objective": "Find homes for 25 animals in one Saturday.", "role": "I led the volunteers.",
    "breakdown": "process_group", "section_pl": LONG_TEXT, "section_ex": LONG_TEXT, "outcome": "Twenty-seven adoptions.",
    "verifier_name": "Maria Okafor", "verifier_email": "maria@example.org", "verifier_relationship": "Shelter director",
}


# The first option of each list, so that the tests follow the rule set's lists.
PROJECT.update({name: getattr(default_rules().options, name).options[0].id for name in (
    "functional_reporting_area", "organization_primary_focus", "approach", "team_size", "budget")})


def post(client, url, data, page=None, **kwargs):
    return client.post(url, data={"csrf_token": csrf_token(client, page or url), **data}, **kwargs)


def add_project(client, **changes) -> int:
    response = post(client, "/experience/projects/new", {**PROJECT, **changes})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return int(re.search(r"/projects/(\d+)$", response.headers["Location"])[1])


def add_entry(client, project_id: int, **changes):
    data = {"project": project_id, "day": "2025-04-12", "hours": "3.5", "activity": "Volunteer briefing",
            "process_groups": ["EX"], **changes}
    return post(client, "/experience/hours/new", data)


def invite(client) -> str:
    response = client.post("/mentoring/invitations", data={"csrf_token": csrf_token(client, "/mentoring/")})
    assert response.status_code == 201
    return re.search(r'class="invitation-code"[^>]*>([A-Z0-9-]+)<', response.get_data(as_text=True))[1]


def accept(mentor, code: str):
    return mentor.post("/mentoring/join", data={"csrf_token": csrf_token(mentor, "/mentoring/join"), "code": code})


def link_id(response) -> int:
    return int(re.search(r"/mentoring/mentees/(\d+)", response.headers["Location"])[1])


def share(client, *permissions: str) -> None:
    """Give the learner's (only) mentor exactly these permissions, as the learner does on the mentoring page."""
    form_page = client.get("/mentoring/").get_data(as_text=True)
    prefix = re.search(r'name="(link\d+)-csrf_token"', form_page)[1]
    token = re.search(rf'name="{prefix}-csrf_token" type="hidden" value="([^"]+)"', form_page)[1]
    response = client.post(f"/mentoring/links/{prefix[4:]}/permissions", data={
        f"{prefix}-csrf_token": token, **{f"{prefix}-{name}": "y" for name in permissions}})
    assert response.status_code == 302


FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "scenarios"


SCENARIO_ID = "vendor-sandbox-down"


GOOD_MESSAGE = (
    "Dana, the vendor sandbox has been down since last night and two developers cannot test. "
    "The Thursday demo is at risk unless the fix lands by Wednesday noon. I have logged a priority ticket "
    "and Sam at the vendor owns the fix. Options: demo on our mock service, or move the demo a week. "
    "Please tell me which you prefer by tomorrow 10:00."
)


def start(client) -> int:
    token = csrf_token(client, f"/scenarios/{SCENARIO_ID}")
    response = client.post(f"/scenarios/{SCENARIO_ID}/start", data={"csrf_token": token})
    return int(re.search(r"/plays/(\d+)$", response.headers["Location"]).group(1))


def choose(client, play_id: int, choice: str, move: int | None = None):
    token = csrf_token(client, f"/plays/{play_id}")
    if move is None:
        move = int(re.search(r'name="move" value="(\d+)"', client.get(f"/plays/{play_id}").get_data(as_text=True))[1])
    return client.post(f"/plays/{play_id}/choose", data={"csrf_token": token, "choice": choice, "move": move})


def current_node(session, scenario, play_id: int):
    session.expire_all()
    return scenario.nodes[session.get(Play, play_id).node_id]


def write_and_score(client, play_id: int, task: WriteTask, text: str = GOOD_MESSAGE, level: int | None = None):
    page = client.get(f"/plays/{play_id}").get_data(as_text=True)
    move = int(re.search(r'name="move" value="(\d+)"', page)[1])
    client.post(f"/plays/{play_id}/draft", data={"csrf_token": csrf_token(client, f"/plays/{play_id}"), "text": text, "move": move})
    scores = {f"score_{c.id}": str(len(c.levels) - 1 if level is None else level) for c in task.rubric}
    return client.post(f"/plays/{play_id}/assess",
                       data={"csrf_token": csrf_token(client, f"/plays/{play_id}"), "move": move, **scores})


def reach_the_write_task(client, session, scenario, play_id: int) -> WriteTask:
    for _ in range(10):
        node = current_node(session, scenario, play_id)
        if isinstance(node, WriteTask):
            return node
        choose(client, play_id, next(c for c in node.choices if c.quality == "best").id)
    pytest.fail("no write task reached")


def share_answers(client, link: int) -> None:
    page = client.get("/mentoring/").get_data(as_text=True)
    token = re.search(rf'name="link{link}-csrf_token" type="hidden" value="([^"]+)"', page)[1]
    client.post(f"/mentoring/links/{link}/permissions", data={
        f"link{link}-csrf_token": token, f"link{link}-can_see_progress": "y", f"link{link}-can_see_answers": "y"})


def ask_review(client, play_id: int, answer_id: int, mentor_id: int):
    token = csrf_token(client, f"/plays/{play_id}/debrief")
    return client.post(f"/reviews/answers/{answer_id}", data={"csrf_token": token, "mentor": mentor_id})


def ask_verification(client, project_id: int):
    return post(client, f"/experience/projects/{project_id}/verification", {}, page=f"/experience/projects/{project_id}")


def mailed_link(outbox: Path) -> str:
    newest = sorted(outbox.glob("*.eml"))[-1].read_text()
    return re.search(r"http://localhost(/confirm/[\w-]+)", newest)[1]


def answer(verifier, link: str, **data):
    return verifier.post(link, data={"csrf_token": csrf_token(verifier, link), **data})


def pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


FIRST_DAY = date(2024, 1, 1)  # of the entries log_entries makes, unless told otherwise


def log_entries(session, user_id: int, project_id: int, count: int, first: date = FIRST_DAY) -> None:
    """Log one entry a day from `first`, `count` of them ("Shift 1" to "Shift <count>"), straight in the database."""
    session.execute(insert(HoursEntry), [
        {"user_id": user_id, "project_id": project_id, "day": first + timedelta(days=number),
         "hours": Decimal("1.5"), "activity": f"Shift {number + 1}", "process_groups": ["EX"], "domains": [],
         "notes": ""} for number in range(count)])
    session.commit()


def download_transcript(client, **period: str):
    """Press "Download the PDF" on the transcript's card."""
    return client.post("/documents/transcript", data={"csrf_token": csrf_token(client, "/documents/"), **period})
