"""Problems found in what a learner entered, keyed by field so a form can show each one where it belongs."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Level = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong (an error refuses the input) or worth a second look (a warning), at one field."""

    field: str
    message: str
    level: Level = "error"

    def __str__(self) -> str:
        prefix = "warning: " if self.level == "warning" else ""
        return f"{self.field}: {prefix}{self.message}"


def errors_in(problems: Iterable[Problem]) -> tuple[Problem, ...]:
    """Return only the problems that refuse the input."""
    return tuple(problem for problem in problems if problem.level == "error")
