"""Structured problems found in content files, shared by the loader and the validator."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Level = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong (error) or worth a look (warning) in a content file."""

    file: str
    message: str
    node: str | None = None
    line: int | None = None
    level: Level = "error"

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        level = "warning: " if self.level == "warning" else ""
        node = f"node '{self.node}': " if self.node else ""
        return f"{where}: {level}{node}{self.message}"


class ContentError(Exception):
    """Content that cannot be used, with every problem found in it."""

    def __init__(self, problems: tuple[Problem, ...]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


def errors_in(problems: tuple[Problem, ...] | list[Problem]) -> tuple[Problem, ...]:
    """Return only the error-level problems."""
    return tuple(problem for problem in problems if problem.level == "error")
