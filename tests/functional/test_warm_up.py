"""A worker of `learnpm serve` is warmed before it takes a request: the scenario content loaded and checked and every
template compiled, so that the first visitors after a restart do not wait seconds more than the next ones."""

from __future__ import annotations

import gc
import sys

import pytest

import learnpm
from learnpm.scenarios import library
from learnpm.server import SWITCH_INTERVAL, LearnpmServer

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
    interval = sys.getswitchinterval()
    yield LearnpmServer({"workers": 1}).load()
    gc.unfreeze()  # this test process goes on collecting and switching as before
    sys.setswitchinterval(interval)


def test_a_workers_first_pages_need_neither_the_content_files_nor_the_templates(worker_app, logged_in, client,
                                                                                monkeypatch):
    monkeypatch.setattr(library, "_load", never)
    monkeypatch.setattr(worker_app.jinja_env.loader, "get_source", never)
    for path in PAGES:
        answer = client.get(path)
        assert answer.status_code == 200, path
        assert b"<!doctype html>" in answer.data.lower()[:200], path



def test_what_a_worker_loaded_is_out_of_the_garbage_collectors_sight(worker_app):
    content = worker_app.extensions["learnpm.content"]
    assert gc.is_tracked(content)
    assert gc.get_freeze_count() > 10_000
    assert not any(found is content for found in gc.get_objects())  # frozen objects are not walked
    # What a request creates afterwards is collected as usual.
    cycle: list = []
    cycle.append(cycle)
    assert any(found is cycle for found in gc.get_objects())


def test_a_workers_threads_pass_the_interpreter_lock_every_millisecond(worker_app):
    assert sys.getswitchinterval() == pytest.approx(SWITCH_INTERVAL)
    assert SWITCH_INTERVAL < 0.005  # Python's default, beside which a page's queries wait behind a busy thread
