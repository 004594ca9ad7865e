"""What a mentor sees of a mentee, computed from records already read: sharing, flags and eligibility."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from types import SimpleNamespace

import pytest

from learnpm.experience.core.description import DescriptionParts
from learnpm.experience.core.summary import ProjectFacts
from learnpm.mentoring.mentee import MenteeRecords, MenteeView, view_of
from learnpm.scenarios.core.play.progress import PracticeGlance, practice_glance

TODAY = date(2026, 11, 25)
NOW = datetime(2026, 11, 25, 12, tzinfo=timezone.utc)
LEARNER, MENTOR = 7, 3
NO_CONTENT = SimpleNamespace(scenarios={}, competencies={})


def link(*shared: str) -> SimpleNamespace:
    """Return a link of LEARNER to MENTOR sharing exactly `shared`."""
    names = ("can_see_progress", "can_see_answers", "can_see_experience", "can_see_documents")
    return SimpleNamespace(learner_id=LEARNER, mentor_id=MENTOR, **{name: name in shared for name in names})


def project(start: str, end: str | None) -> ProjectFacts:
    """Return a project running from the month `start` to the month `end` (None while it runs)."""
    return ProjectFacts(1, "Rota", date.fromisoformat(f"{start}-01"),
                        date.fromisoformat(f"{end}-01") if end else None, DescriptionParts(), False)


def records(projects=(), contact_hours="0", path="secondary", capm=False, waiting=(0, 0),
            quiet_days=3) -> MenteeRecords:
    """Return what was read of LEARNER: projects, education, and (answers, descriptions) waiting for MENTOR."""
    return MenteeRecords(
        last_active={LEARNER: NOW - timedelta(days=quiet_days)}, plays={LEARNER: []}, decisions={LEARNER: {}},
        projects={LEARNER: list(projects)}, totals={}, contact_hours={LEARNER: Decimal(contact_hours)},
        paths={LEARNER: path}, active_capm={LEARNER} if capm else set(),
        reviews_waiting={(LEARNER, MENTOR): waiting} if any(waiting) else {})


@pytest.mark.parametrize(("days_quiet", "flag"), [
    (None, None), (0, None), (13, None), (14, "quiet"), (29, "quiet"), (30, "silent"), (400, "silent"),
])
def test_a_mentee_is_flagged_quiet_after_14_days_and_silent_after_30(days_quiet, flag):
    assert MenteeView(None, days_quiet, None, None, []).flag == flag


@pytest.mark.parametrize(("projects", "contact_hours", "path", "capm"), [
    ((), "0", "secondary", False),
    ((project("2024-01", "2024-12"),), "10", "secondary", False),
    ((project("2023-01", "2024-06"), project("2024-01", None)), "35", "degree", False),
    ((project("2015-01", "2019-06"), project("2021-03", "2021-03")), "0", "gac", True),
])
def test_the_dashboards_eligibility_is_the_experience_summarys_headline(projects, contact_hours, path, capm):
    shared = link("can_see_experience")
    mentee = records(projects, contact_hours, path, capm)
    dashboard = view_of(shared, mentee, NO_CONTENT, NOW, TODAY, detail=False)
    page = view_of(shared, mentee, NO_CONTENT, NOW, TODAY, detail=True)
    assert dashboard.experience is None and page.experience is not None
    assert dashboard.eligibility == page.eligibility == page.experience.path


def test_a_mentee_who_shares_nothing_shows_only_when_they_were_last_active():
    view = view_of(link(), records([project("2024-01", None)], waiting=(2, 1), quiet_days=20), NO_CONTENT, NOW,
                   TODAY, detail=True)
    assert (view.progress, view.experience, view.eligibility, view.reviews_waiting, view.plays) == \
        (None, None, None, None, [])
    assert view.days_quiet == 20 and view.flag == "quiet"


@pytest.mark.parametrize(("shared", "waiting", "shown"), [
    (("can_see_answers",), (0, 0), 0),
    (("can_see_answers",), (3, 2), 3),
    (("can_see_experience",), (3, 2), 2),
    (("can_see_answers", "can_see_experience"), (3, 2), 5),
    (("can_see_progress",), (3, 2), None),
])
def test_reviews_waiting_count_what_the_mentor_may_open(shared, waiting, shown):
    view = view_of(link(*shared), records(waiting=waiting), NO_CONTENT, NOW, TODAY, detail=False)
    assert view.reviews_waiting == shown


@pytest.mark.parametrize(("sums", "competencies", "percent"), [
    ({}, 0, None),
    ({"risk": (1.0, 1)}, 1, 100),
    ({"risk": (2.0, 2), "planning": (0.5, 1), "escalation": (0.0, 3)}, 3, 50),
    ({"risk": (0.333, 1), "planning": (1.5, 3)}, 2, 42),
    ({"risk": (1.0, 2), "planning": (0.0, 1), "escalation": (0.0, 1), "scope": (0.0, 1)}, 4, 12),  # 12.5: even
    ({"risk": (1.0, 1), "planning": (0.0, 0)}, 1, 100),  # no choice trained planning yet
])
def test_competency_progress_is_the_mean_of_the_competencies_practised(sums, competencies, percent):
    glance = practice_glance([], sums)
    assert (glance.competencies, glance.percent) == (competencies, percent)


def test_the_mean_does_not_depend_on_the_order_its_scores_were_added_in():
    thirds = [1 / 3, 1 / 6, 0.0, 0.0]  # 0.5 in all, whichever order the database adds them in
    added = [sum(order) for order in (thirds, thirds[::-1], [1 / 6, 0.0, 1 / 3, 0.0])]
    assert {PracticeGlance(1, 1, 4, total).percent for total in added + [0.5 - 2 ** -54, 0.5 + 2 ** -53]} == {12}


@pytest.mark.parametrize(("shared", "practice", "shown"), [
    (("can_see_progress",), PracticeGlance(4, 3, 2, 1.5), PracticeGlance(4, 3, 2, 1.5)),
    (("can_see_progress",), None, PracticeGlance(0, 0, 0, 0.0)),  # never played
    (("can_see_answers",), PracticeGlance(4, 3, 2, 1.5), None),
])
def test_the_dashboard_shows_practice_only_when_shared(shared, practice, shown):
    mentee = records()
    if practice:
        mentee.practice[LEARNER] = practice
    view = view_of(link(*shared), mentee, NO_CONTENT, NOW, TODAY, detail=False)
    assert (view.practice, view.progress) == (shown, None)
