"""The load test's people and their data: the accounts of each role and `scale` x what each learner has done.

Per learner and per 1x: three plays with decisions, two projects with three years of weekly hours, a course and a
review, under mentors of twelve learners each. Used by benchmarks/_journeys.py (the clients log in with these
accounts), benchmarks/load.py, benchmarks/scale_out.py and benchmarks/load_pages.py.
"""

from __future__ import annotations

import os
import random
import sys
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from mentoring import NOW, _add_experience, _add_play  # noqa: E402

from learnpm import create_app  # noqa: E402
from learnpm.auth import queries as accounts  # noqa: E402
from learnpm.db import get_engine, get_session  # noqa: E402
from learnpm.mentoring.models import MentorLink  # noqa: E402
from learnpm.mentoring.queries import set_capacity  # noqa: E402
from learnpm.migrate import upgrade  # noqa: E402
from learnpm.reviews.models import Review, ReviewRevision  # noqa: E402
from learnpm.scenarios.core.content.scenario import WriteTask  # noqa: E402
from learnpm.scenarios.library import loaded  # noqa: E402
from learnpm.scenarios.models import WriteAnswer  # noqa: E402

SCENARIO = "vendor-blocker-standup"  # the day the students play

PASSWORD = "benchmarks run on quiet nights"
STUDENTS, VOLUNTEERS, MENTORS = 3, 3, 2  # clients of each role at the default 8; the mix scales with --clients
LEARNERS_PER_MENTOR = 12


# --- the data --------------------------------------------------------------------------------------------------

def seed(database_url: str, instance: Path, scale: int) -> dict[str, list[str]]:
    """Create the accounts and `scale` x their data; return the emails of each role."""
    os.environ["LEARNPM_INSTANCE_PATH"] = str(instance)
    app = create_app({"DATABASE_URL": database_url, "SECRET_KEY": "load", "RATELIMIT_ENABLED": False})
    upgrade(get_engine(app))
    rng = random.Random(scale)
    emails: dict[str, list[str]] = {"student": [], "volunteer": [], "mentor": []}
    with app.app_context():
        session = get_session()
        scenarios = list(loaded().library.scenarios.values())
        for number in range(MENTORS * 2):
            mentor = accounts.create_user(session, f"mentor{number}@load.example", f"Mentor {number}", PASSWORD,
                                          ("mentor",))
            set_capacity(session, mentor, LEARNERS_PER_MENTOR)
            emails["mentor"].append(mentor.email)
            for index in range(LEARNERS_PER_MENTOR):
                role = "student" if index % 2 == 0 else "volunteer"
                learner = accounts.create_user(session, f"{role}{number}-{index}@load.example", f"Learner {index}",
                                               PASSWORD)
                emails[role].append(learner.email)
                session.add(MentorLink(learner_id=learner.id, mentor_id=mentor.id, created_at=NOW - timedelta(days=90),
                                       can_see_progress=True, can_see_experience=True, can_see_answers=True))
                last = NOW - timedelta(days=index % 20)
                for copy in range(scale):
                    plays = [_add_play(session, learner.id, rng.choice(scenarios), rng, last) for _ in range(3)]
                    # Each copy's weekly hours on its own day of the week: no day holds more than the 24 h a
                    # volunteer may log, so that logging hours keeps succeeding at any scale.
                    _add_experience(session, learner.id, rng, last, weekday=copy % 7)
                    add_review(session, learner.id, mentor.id, plays[0], last)
            session.commit()
    get_engine(app).dispose()
    return emails


def add_review(session, learner_id: int, mentor_id: int, play, last) -> None:
    """Add a written answer to the play's message task and a review of it waiting for the mentor."""
    scenario = loaded().library.scenarios[play.scenario_id]
    task = next(node for node in scenario.nodes.values() if isinstance(node, WriteTask))
    answer = WriteAnswer(play_id=play.id, scenario_id=play.scenario_id, node_id=task.id, move=0,
                         text="Dana, the vendor fix slipped to Friday. I need a decision by noon.", self_scores={},
                         strong=False, created_at=last)
    session.add(answer)
    session.flush()
    review = Review(learner_id=learner_id, mentor_id=mentor_id, answer_id=answer.id, state="submitted",
                    created_at=last, updated_at=last)
    review.revisions.append(ReviewRevision(number=1, text=answer.text, self_scores={}, created_at=last))
    session.add(review)


def hours_form(project: str, rng) -> dict[str, str]:
    """Return what a volunteer logs: a quarter hour of a stand-up on a day of the last 400 (the project in progress
    runs 18 months), on `project`, the day drawn from `rng`."""
    day = date.today() - timedelta(days=rng.randrange(1, 400))
    return {"project": project, "day": day.isoformat(), "hours": "0.25", "activity": "Stand-up",
            "process_groups": "EX", "domains": "process"}
