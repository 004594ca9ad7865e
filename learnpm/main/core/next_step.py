"""The one next step the home page offers, chosen from what the user has done so far.

The order is a mentor's and a seasoned PM's: first what someone else is waiting for (a mentee's work, a mentor's
request for changes), then what was left half done (a day in progress), then what opens the next stage (a first
day, a first project, the education PMI requires, the worksheet once eligible), then company (a mentor), then
more practice. There is always a step: someone who has done everything can still practise another day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from learnpm.experience.core.amounts import plain


@dataclass(frozen=True)
class Waiting:
    """A piece of work waiting for the user: a review to do or a revision to send."""

    review_id: int
    what: str  # "written answer in “The vendor slips”", "description of “Food bank rota”"
    who: str  # the mentee who sent it, or the mentor who asked for changes
    since: datetime


@dataclass(frozen=True)
class Eligibility:
    """The user's distance from their PMP path, as the experience dashboard counts it."""

    months_missing: int
    contact_hours_missing: Decimal

    @property
    def eligible(self) -> bool:
        return self.months_missing == 0 and self.contact_hours_missing == 0


@dataclass(frozen=True)
class HomeFacts:
    """What the home page knows of the user, read once per request."""

    is_learner: bool
    is_mentor: bool
    resume: tuple[int, str] | None = None  # (play id, scenario title) of the latest unfinished day
    attempts: int = 0
    next_scenario: tuple[str, str] | None = None  # (id, title) of a day not finished yet
    projects: int = 0
    eligibility: Eligibility | None = None
    documents: int = 0
    mentors: int = 0
    mentees: int = 0
    to_review: tuple[Waiting, ...] = ()  # for a mentor, longest waiting first (the first few)
    to_review_count: int = 0  # how many wait for the mentor in all
    to_revise: tuple[Waiting, ...] = ()  # for a learner, longest waiting first


@dataclass(frozen=True)
class Step:
    """A next step: what to do, why, and the page where it is done (an endpoint and its values)."""

    title: str
    why: str
    endpoint: str
    values: tuple[tuple[str, object], ...] = ()


def next_step(facts: HomeFacts) -> Step:
    """Return the most useful thing for this user to do next."""
    for rule in (_review, _revise, _resume, _first_day, _first_project, _education, _worksheet, _mentor,
                 _first_mentee):
        step = rule(facts)
        if step is not None:
            return step
    return _practise(facts)


def _review(facts: HomeFacts) -> Step | None:
    if not (facts.is_mentor and facts.to_review):
        return None
    oldest = facts.to_review[0]
    return Step(f"Review {oldest.who}'s {oldest.what}",
                "It has waited longest. Feedback that comes while the work is fresh is the feedback people use.",
                "reviews.show", (("review_id", oldest.review_id),))


def _revise(facts: HomeFacts) -> Step | None:
    if not (facts.is_learner and facts.to_revise):
        return None
    oldest = facts.to_revise[0]
    return Step(f"Revise your {oldest.what}",
                f"{oldest.who} asked for changes. Answering review comments promptly is half of being easy to work with.",
                "reviews.show", (("review_id", oldest.review_id),))


def _resume(facts: HomeFacts) -> Step | None:
    if not (facts.is_learner and facts.resume):
        return None
    play_id, title = facts.resume
    return Step(f"Finish “{title}”", "You left this day part way through; the people in it are still waiting for you.",
                "scenarios.play", (("play_id", play_id),))


def _first_day(facts: HomeFacts) -> Step | None:
    if not facts.is_learner or facts.attempts or facts.projects:
        return None
    if facts.next_scenario is None:
        return None
    scenario_id, title = facts.next_scenario
    return Step(f"Practise your first day: “{title}”",
                "Half an hour as the project manager of a simulated day, then a debrief of what each choice did.",
                "scenarios.intro", (("scenario_id", scenario_id),))


def _first_project(facts: HomeFacts) -> Step | None:
    if not facts.is_learner or facts.projects:
        return None
    return Step("Log your first project",
                "Volunteer work counts when it had an objective, deliverables and an end. Start the record now, "
                "while you still remember the months and the people who can confirm them.",
                "experience.new_project")


def _education(facts: HomeFacts) -> Step | None:
    if not facts.is_learner or facts.eligibility is None or facts.eligibility.contact_hours_missing <= 0:
        return None
    missing = facts.eligibility.contact_hours_missing
    return Step(f"Record your project-management education: {plain(missing)} contact hours to go",
                "PMI asks for 35 contact hours of project-management education before you apply; courses you "
                "have taken count.", "experience.education")


def _worksheet(facts: HomeFacts) -> Step | None:
    if not facts.is_learner or facts.eligibility is None or not facts.eligibility.eligible or facts.documents:
        return None
    return Step("Prepare your application worksheet",
                "You meet the experience and education requirements: the worksheet lays out every field of PMI's "
                "form, ready to type in.", "documents.index")


def _mentor(facts: HomeFacts) -> Step | None:
    if not facts.is_learner or facts.mentors:
        return None
    return Step("Invite a mentor",
                "A mentor reads your written answers and project descriptions against the same rubrics you use, "
                "and tells you what a reviewer would.", "mentoring.index")


def _first_mentee(facts: HomeFacts) -> Step | None:
    if not facts.is_mentor or facts.mentees or facts.is_learner:
        return None
    return Step("Link your first mentee",
                "Ask the person you mentor for the code of an invitation they create on their mentoring page.",
                "mentoring.join")


def _practise(facts: HomeFacts) -> Step:
    if facts.next_scenario is not None:
        scenario_id, title = facts.next_scenario
        return Step(f"Practise another day: “{title}”",
                    "Every day trains a different judgement call; this one you have not finished yet.",
                    "scenarios.intro", (("scenario_id", scenario_id),))
    return Step("Play a day again, the other way",
                "You have finished every day. Play one On the job, with verdicts only in the debrief, and compare.",
                "scenarios.catalogue")
