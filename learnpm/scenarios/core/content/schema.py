"""The shape of a scenario file (content/README.md), as strict pydantic models that forbid unknown keys.

These models only check shape and types; rules that look across the file (references, counts,
reachability) belong to the validator, where they get friendlier messages.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Discriminator, Field, Tag

from learnpm.scenarios.core.content.conditions import clock_minutes, parse_condition


def _check_clock(text: str) -> str:
    clock_minutes(text)
    return text


def _check_condition(text: str) -> str:
    parse_condition(text)
    return text


def _check_pattern(text: str) -> str:
    try:
        re.compile(text)
    except re.error as error:
        raise ValueError(f"pattern {text!r} is not a valid regular expression: {error}") from None
    return text


ClockText = Annotated[str, AfterValidator(_check_clock)]
ConditionText = Annotated[str, AfterValidator(_check_condition)]
PatternText = Annotated[str, AfterValidator(_check_pattern)]
Minutes = Annotated[int, Field(ge=0, le=240)]
MeterChange = Annotated[int, Field(ge=-100, le=100)]
Channel = Literal["meeting", "email", "chat", "call", "desk"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class MeterModel(_Strict):
    label: str
    start: Annotated[int, Field(ge=0, le=100)]


class DayModel(_Strict):
    start: ClockText
    end: ClockText


class EventModel(_Strict):
    at: ClockText
    when: ConditionText | None = None
    node: str | None = None
    effects: dict[str, MeterChange] = {}
    set: list[str] = []


class TextPartModel(_Strict):
    when: ConditionText
    text: str


# A text is plain, or a list of parts of which some show only when their condition holds.
TextValue = str | list[str | TextPartModel]


class ChoiceModel(_Strict):
    id: str
    text: str
    minutes: Minutes
    set: list[str] = []
    clear: list[str] = []
    effects: dict[str, MeterChange] = {}
    quality: Literal["best", "acceptable", "poor"]
    competencies: list[str]
    feedback: str
    reaction: str = ""
    next: str


class DecisionModel(_Strict):
    type: Literal["decision"] = "decision"
    channel: Channel
    sender: str | None = Field(default=None, alias="from")
    subject: str | None = None
    text: TextValue
    choices: list[ChoiceModel]
    no_single_answer: bool = False
    relies_on: list[str] = []


class WordsModel(_Strict):
    min: Annotated[int, Field(ge=1)]
    max: Annotated[int, Field(ge=1)]


class RubricCriterionModel(_Strict):
    id: str
    criterion: str
    levels: list[str]
    anchors: list[str] = []


class SignalModel(_Strict):
    criterion: str
    pattern: PatternText
    hint: str


class OutcomeModel(_Strict):
    effects: dict[str, MeterChange] = {}
    set: list[str] = []
    clear: list[str] = []


class OutcomesModel(_Strict):
    strong: OutcomeModel = OutcomeModel()
    weak: OutcomeModel = OutcomeModel()


class WriteModel(_Strict):
    type: Literal["write"]
    channel: Channel
    sender: str | None = Field(default=None, alias="from")
    subject: str | None = None
    text: TextValue
    prompt: str
    words: WordsModel
    minutes: Minutes
    competencies: list[str]
    rubric: list[RubricCriterionModel]
    signals: list[SignalModel] = []
    model_answer: TextValue
    outcomes: OutcomesModel = OutcomesModel()
    next: str
    relies_on: list[str] = []


class EndingModel(_Strict):
    type: Literal["ending"]
    rating: Literal["good", "mixed", "poor"]
    title: str
    when: ConditionText | None = None
    text: TextValue
    relies_on: list[str] = []


NODE_TYPES = ("decision", "write", "ending")


def _node_type(value: Any) -> str:
    """Pick the model for a node from its `type` key; decision is the default."""
    kind = value.get("type", "decision") if isinstance(value, dict) else getattr(value, "type", "decision")
    return kind if isinstance(kind, str) else repr(kind)


NodeModel = Annotated[
    Annotated[DecisionModel, Tag("decision")]
    | Annotated[WriteModel, Tag("write")]
    | Annotated[EndingModel, Tag("ending")],
    Discriminator(
        _node_type,
        custom_error_type="node_type",
        custom_error_message="type must be decision, write or ending",
    ),
]


class ScenarioModel(_Strict):
    id: str
    title: str
    summary: str
    role: str
    competencies: list[str]
    meters: dict[str, MeterModel] = {}
    flags: list[str] = []
    day: DayModel
    start: str
    events: list[EventModel] = []
    nodes: dict[str, NodeModel]


class CompetencyModel(_Strict):
    label: str
    description: str
