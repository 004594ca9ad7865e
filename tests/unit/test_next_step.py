"""The home page's one next step, chosen from what the user has done so far."""

from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal

import pytest

from learnpm.main.core.next_step import Eligibility, HomeFacts, Waiting, next_step

WHEN = datetime(2026, 11, 20, tzinfo=timezone.utc)
REVIEW = Waiting(7, "written answer in “The vendor slips”", "Ann", WHEN)
DAY = ("vendor-blocker-standup", "The vendor slips")
SHORT = Eligibility(months_missing=8, contact_hours_missing=Decimal("3"))
READY = Eligibility(months_missing=0, contact_hours_missing=Decimal(0))
LEARNER = dict(is_learner=True, is_mentor=False, next_scenario=DAY)


@pytest.mark.parametrize(("facts", "title", "endpoint"), [
    # Someone else waiting comes first: the mentee's work, then the mentor's request.
    (HomeFacts(is_learner=False, is_mentor=True, mentees=2, to_review=(REVIEW,)),
     "Review Ann's written answer in “The vendor slips”", "reviews.show"),
    (HomeFacts(**LEARNER, resume=(3, "Friday"), to_revise=(REVIEW,), projects=1, attempts=2),
     "Revise your written answer in “The vendor slips”", "reviews.show"),
    # Then what was left half done.
    (HomeFacts(**LEARNER, resume=(3, "Friday status"), attempts=1), "Finish “Friday status”", "scenarios.play"),
    # A newcomer: a first day, or a first project once they have practised.
    (HomeFacts(**LEARNER), "Practise your first day: “The vendor slips”", "scenarios.intro"),
    (HomeFacts(**LEARNER, attempts=1), "Log your first project", "experience.new_project"),
    # A volunteer with projects but not the education yet.
    (HomeFacts(**LEARNER, attempts=1, projects=3, eligibility=SHORT),
     "Record your project-management education: 3 contact hours to go", "experience.education"),
    # Eligible and no document yet: the worksheet.
    (HomeFacts(**LEARNER, attempts=1, projects=3, eligibility=READY, mentors=1),
     "Prepare your application worksheet", "documents.index"),
    (HomeFacts(**LEARNER, attempts=1, projects=3, eligibility=READY, documents=1),
     "Invite a mentor", "mentoring.index"),
    # Everything done: more practice, always something to do.
    (HomeFacts(**LEARNER, attempts=4, projects=3, eligibility=READY, documents=1, mentors=1),
     "Practise another day: “The vendor slips”", "scenarios.intro"),
    (HomeFacts(is_learner=True, is_mentor=False, attempts=22, projects=3, eligibility=READY, documents=1, mentors=1),
     "Play a day again, the other way", "scenarios.catalogue"),
    # A mentor with nobody yet, and one with nothing waiting.
    (HomeFacts(is_learner=False, is_mentor=True), "Link your first mentee", "mentoring.join"),
])
def test_the_next_step_is_what_matters_most_now(facts, title, endpoint):
    step = next_step(facts)
    assert (step.title, step.endpoint) == (title, endpoint)
    assert step.why


def test_a_step_carries_the_values_of_its_page():
    assert dict(next_step(HomeFacts(is_learner=False, is_mentor=True, to_review=(REVIEW,))).values) == {"review_id": 7}
