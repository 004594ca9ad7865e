"""A worker of `learnpm serve` is warmed before it takes a request: the scenario content loaded and checked and every
template compiled, so that the first visitors after a restart do not wait seconds more than the next ones."""

from __future__ import annotations

import pytest

import learnpm
from learnpm.scenarios import library
from learnpm.server import LearnpmServer

PAGES = ("/dashboard", "/scenarios/", "/scenarios/progress", "/scenarios/vendor-blocker-standup", "/experience/",
         "/documents/", "/account/")


def never(*_args, **_kwargs):
    raise AssertionError("read during a request: the worker should have done it before its first")


@pytest.fixture
def worker_app(app, monkeypatch):
    """Return the app as a served worker builds it (its background threads left out)."""
    app.extensions.pop("learnpm.content", None)  # as a freshly built app has it
    monkeypatch.setattr(learnpm, "create_app", lambda: app)
    monkeypatch.setattr("learnpm.mail.delivery.start_delivery_thread", lambda _app: None)
    monkeypatch.setattr("learnpm.jobs.schedule.start_schedule_thread", lambda _app: None)
    return LearnpmServer({"workers": 1}).load()


def test_a_workers_first_pages_need_neither_the_content_files_nor_the_templates(worker_app, logged_in, client,
                                                                                monkeypatch):
    monkeypatch.setattr(library, "_load", never)
    monkeypatch.setattr(worker_app.jinja_env.loader, "get_source", never)
    for path in PAGES:
        answer = client.get(path)
        assert answer.status_code == 200, path
        assert b"<!doctype html>" in answer.data.lower()[:200], path

