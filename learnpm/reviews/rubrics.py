"""Rubrics that are not part of a scenario: the one for project descriptions. Pure: no Flask, no database."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from learnpm.paths import content_dir
from learnpm.scenarios.core.content.scenario import RubricCriterion
from learnpm.scenarios.core.content.yamlread import read_yaml


class _Criterion(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z][a-z0-9_-]*$")
    criterion: str = Field(min_length=1)
    levels: list[str] = Field(min_length=2, max_length=6)


class _Rubric(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    title: str = Field(min_length=1)
    prompt: str = Field(min_length=1)
    criteria: list[_Criterion] = Field(min_length=1)

    @field_validator("criteria")
    @classmethod
    def _unique_ids(cls, criteria: list[_Criterion]) -> list[_Criterion]:
        ids = [criterion.id for criterion in criteria]
        if len(set(ids)) != len(ids):
            raise ValueError("each criterion needs its own id")
        return criteria


@dataclass(frozen=True)
class Rubric:
    """A rubric: what the text is judged on, and the levels of each criterion, weakest first."""

    id: str
    title: str
    prompt: str
    criteria: tuple[RubricCriterion, ...]


class RubricError(ValueError):
    """A rubric file that cannot be used; the message names the file and what is wrong."""


def load_rubric(path: Path) -> Rubric:
    """Read and check a rubric file."""
    document = read_yaml(path)
    if document.problems:
        raise RubricError(f"{path.name}: {document.problems[0].message}")
    try:
        parsed = _Rubric.model_validate(document.data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise RubricError(f"{path.name}: {where}: {first['msg']}") from None
    criteria = tuple(RubricCriterion(c.id, c.criterion, tuple(c.levels)) for c in parsed.criteria)
    return Rubric(parsed.id, parsed.title, parsed.prompt, criteria)


@lru_cache(maxsize=1)
def description_rubric() -> Rubric:
    """Return the rubric for project descriptions shipped in the content folder (read once per process)."""
    return load_rubric(content_dir() / "rubrics" / "project-description.yaml")
