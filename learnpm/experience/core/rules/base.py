"""The building blocks of every rule-set model: strict scalar types, frozen parts, the common file header.

Scalars are strict (a quoted "60" is not 60, a quoted date is not a date) so that a typo in a rule file is
an error, not a silent coercion; lists become tuples so that a loaded rule set cannot be changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Annotated, Literal, Protocol, Self

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, Strict, StrictStr, model_validator


def _number_not_text(value: object) -> object:
    """Refuse quoted numbers and booleans where a decimal belongs (pydantic would read "35" as 35)."""
    if isinstance(value, str | bool):
        raise ValueError(f"write a number, not {value!r}")
    return value


Confidence = Literal["H", "M", "L"]
Day = Annotated[date, Strict()]
Count = Annotated[int, Strict(), Field(ge=0)]
PositiveCount = Annotated[int, Strict(), Field(ge=1)]
Amount = Annotated[Decimal, BeforeValidator(_number_not_text), Field(ge=0, allow_inf_nan=False)]
PositiveAmount = Annotated[Decimal, BeforeValidator(_number_not_text), Field(gt=0, allow_inf_nan=False)]
Identifier = Annotated[StrictStr, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]*$")]


class Frozen(BaseModel):
    """A part of a rule set: unknown keys are errors and nothing changes once loaded."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Noted(Frozen):
    """A rule item with its confidence: H = PMI or several sources agree, M = good secondary sources, L = weak."""

    confidence: Confidence
    note: StrictStr = ""


class RuleSetHeader(Frozen):
    """What every rule-set file starts with: which rules, which version, since and until when, from where."""

    id: Identifier
    version: PositiveCount
    title: StrictStr
    effective_from: Day | None
    effective_until: Day | None = None
    reviewed_on: Day
    sources: tuple[StrictStr, ...] = Field(min_length=1)
    notes: StrictStr = ""

    @model_validator(mode="after")
    def _period_in_order(self) -> Self:
        if self.effective_from and self.effective_until and self.effective_until < self.effective_from:
            raise ValueError("effective_until is before effective_from")
        return self


class _Identified(Protocol):
    @property
    def id(self) -> str: ...


def unique_ids(items: Sequence[_Identified], what: str) -> None:
    """Raise ValueError when two items share an id."""
    ids = [item.id for item in items]
    duplicates = sorted({item for item in ids if ids.count(item) > 1})
    if duplicates:
        raise ValueError(f"duplicate {what} id(s): {', '.join(duplicates)}")


class Labelled(Frozen):
    id: Identifier
    label: StrictStr
