"""The two ways to play a day, chosen when an attempt starts and kept with it."""

from __future__ import annotations

from dataclasses import dataclass

COACHED, ON_THE_JOB = "coached", "on_the_job"
DECISION_SECONDS = 90  # a timed day's limit per decision; "Give me more time" adds as much again


@dataclass(frozen=True)
class Mode:
    """A way to play: what the learner sees after each move during the day."""

    id: str
    label: str
    description: str

    @property
    def coached(self) -> bool:
        """Tell whether verdicts and expert feedback come right after each move."""
        return self.id == COACHED


MODES = {
    COACHED: Mode(COACHED, "Coached", "After each choice you see what happened, then whether a seasoned PM would "
                  "have done the same, and why."),
    ON_THE_JOB: Mode(ON_THE_JOB, "On the job", "During the day you only see what happens next, as at work. "
                     "Verdicts, feedback and the best path wait for the debrief."),
}


def mode_of(mode_id: str | None) -> Mode:
    """Return the mode with this id; attempts stored without one were coached."""
    return MODES.get(mode_id or COACHED, MODES[COACHED])
