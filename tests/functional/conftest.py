"""Fixtures the functional tests of several features share: a mentor, the fixture scenario, an answer, the outbox."""

from __future__ import annotations

from pathlib import Path

import pytest

from learnpm.scenarios.core.content.loader import load_library
from learnpm.scenarios.models import WriteAnswer
from tests.functional.support import (
    FIXTURES,
    SCENARIO_ID,
    accept,
    invite,
    link_id,
    reach_the_write_task,
    share_answers,
    start,
    write_and_score,
)
from tests.support import AuthActions


@pytest.fixture
def mentor(app, make_user):
    client = app.test_client()
    user = make_user("mentor@example.org", roles=("mentor",), name="Meg Mentor")
    AuthActions(client).login(user.email)
    client.user = user
    return client


@pytest.fixture
def scenario(monkeypatch):
    monkeypatch.setenv("LEARNPM_CONTENT_DIR", str(FIXTURES))
    return load_library(FIXTURES).scenarios[SCENARIO_ID]


@pytest.fixture
def answered(client, logged_in, session, scenario, mentor):
    link = link_id(accept(mentor, invite(client)))
    share_answers(client, link)
    play_id = start(client)
    task = reach_the_write_task(client, session, scenario, play_id)
    write_and_score(client, play_id, task, level=1)
    answer = session.query(WriteAnswer).one()
    return play_id, task, answer, link


@pytest.fixture
def outbox(app) -> Path:
    return Path(app.instance_path) / "outbox"
