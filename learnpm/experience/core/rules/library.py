"""Load PMI rule sets from content/rules/*.yaml into frozen, validated objects, and pick the one in force.

Each file holds one rule set and names its `kind`; the models in `rule_models.py` give each kind's keys:
`pmp-application` (pmp-2020.yaml), `pmp-legacy-hours`, `exam-outline`, `application-options`, `pdu-ccr`,
`fees` and `hours-log`. A rule change is a new file with a later `effective_from`; old files stay, so that
an application can be checked again under the rules of its day.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, TypeVar

import yaml
from pydantic import Field, TypeAdapter, ValidationError

from learnpm.experience.core.rules.models import (
    ApplicationOptions,
    ExamOutlineRules,
    FeeSchedule,
    HoursLogRules,
    LegacyHoursRules,
    PduRules,
    PmpRules,
    RuleSet,
)
from learnpm.paths import content_dir

RULES_FOLDER = "rules"
RuleSetT = TypeVar("RuleSetT", bound=RuleSet)
_RULE_SET = TypeAdapter[RuleSet](Annotated[RuleSet, Field(discriminator="kind")])


class RulesError(Exception):
    """Rule-set files that cannot be used, with every problem found in them."""

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(self.problems))


class _UniqueKeyLoader(yaml.SafeLoader):
    """A safe YAML loader that refuses a key given twice, which plain YAML silently lets win."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def parse_rule_set(text: str, source: str = "<text>") -> RuleSet:
    """Parse and validate one rule set from YAML text; raise RulesError naming every problem."""
    try:
        data = yaml.load(text, Loader=_UniqueKeyLoader)  # a SafeLoader subclass: no arbitrary objects
    except yaml.YAMLError as error:
        raise RulesError([f"{source}: not valid YAML: {error}"]) from None
    try:
        return _RULE_SET.validate_python(data)
    except ValidationError as error:
        kind = data.get("kind") if isinstance(data, dict) else None
        raise RulesError(_describe(source, error, kind)) from None


def _describe(source: str, error: ValidationError, kind: object) -> list[str]:
    """Turn pydantic's errors into one line each: file, key path, message."""
    lines = []
    for item in error.errors(include_url=False):
        # Pydantic puts the union's tag (the file's kind) before the key path; the author never wrote it.
        loc = item["loc"][1:] if item["loc"][:1] == (kind,) else item["loc"]
        where = ".".join(str(part) for part in loc) or "(top level)"
        lines.append(f"{source}: {where}: {item['msg']}")
    return lines


def read_rule_file(path: Path) -> RuleSet:
    """Read and validate one rule-set file; raise RulesError naming every problem."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise RulesError([f"{path}: cannot read the file: {error}"]) from None
    return parse_rule_set(text, str(path))


@dataclass(frozen=True)
class RuleLibrary:
    """Every rule set found, with helpers that pick the one in force; the newest of each kind is kept at hand."""

    rule_sets: tuple[RuleSet, ...]

    def __post_init__(self) -> None:
        ids = [rule_set.id for rule_set in self.rule_sets]
        duplicates = sorted({rule_id for rule_id in ids if ids.count(rule_id) > 1})
        if duplicates:
            raise RulesError([f"rule set id used twice: {rule_id}" for rule_id in duplicates])

    def in_effect(self, kind: type[RuleSetT], on: date | None = None) -> RuleSetT:
        """Return the rule set of `kind` in force on `on` (the newest one when `on` is None)."""
        candidates = [rule for rule in self.rule_sets if isinstance(rule, kind) and _covers(rule, on)]
        if not candidates:
            when = f" on {on}" if on else ""
            raise LookupError(f"no {kind.__name__} rule set in force{when}")
        return max(candidates, key=lambda rule: rule.effective_from or date.min)

    @cached_property
    def pmp(self) -> PmpRules:
        return self.in_effect(PmpRules)

    @cached_property
    def legacy_hours(self) -> LegacyHoursRules:
        return self.in_effect(LegacyHoursRules)

    @cached_property
    def exam_outline(self) -> ExamOutlineRules:
        return self.in_effect(ExamOutlineRules)

    @cached_property
    def options(self) -> ApplicationOptions:
        return self.in_effect(ApplicationOptions)

    @cached_property
    def fees(self) -> FeeSchedule:
        return self.in_effect(FeeSchedule)

    @cached_property
    def pdu(self) -> PduRules:
        return self.in_effect(PduRules)

    @cached_property
    def hours_log(self) -> HoursLogRules:
        return self.in_effect(HoursLogRules)

    @cached_property
    def domain_ids(self) -> tuple[str, ...]:
        """Return every exam domain id of every outline, oldest outline first, without repeats."""
        found = (domain.id for outline in self.exam_outline.outlines for domain in outline.domains)
        return tuple(dict.fromkeys(found))

    @cached_property
    def process_group_ids(self) -> tuple[str, ...]:
        """Return the process-group ids of the newest PMP rules (IN, PL, ...)."""
        return tuple(group.id for group in self.pmp.process_groups.groups)


def _covers(rule_set: RuleSet, on: date | None) -> bool:
    """Return whether `rule_set` is in force on `on` (any rule set still open, when `on` is None)."""
    if on is None:
        return True
    started = rule_set.effective_from is None or rule_set.effective_from <= on
    return started and (rule_set.effective_until is None or on <= rule_set.effective_until)


def load_rule_library(folder: Path) -> RuleLibrary:
    """Read every rule-set file in `folder`; raise RulesError listing the problems of every bad file."""
    rule_sets: list[RuleSet] = []
    problems: list[str] = []
    for path in sorted(folder.glob("*.yaml")):
        try:
            rule_sets.append(read_rule_file(path))
        except RulesError as error:
            problems.extend(error.problems)
    if problems:
        raise RulesError(problems)
    return RuleLibrary(tuple(rule_sets))


@functools.cache
def _library_in(folder: Path) -> RuleLibrary:
    return load_rule_library(folder)


def default_rules() -> RuleLibrary:
    """Return the rule sets of the content folder, read once per process and folder."""
    return _rules_of(content_dir())


@functools.lru_cache(maxsize=16)
def _rules_of(content: Path) -> RuleLibrary:
    # Keyed by the content folder itself: joining the rules folder's path on every call cost more than the rules'
    # arithmetic on a dashboard that asks for them hundreds of times.
    return _library_in(content / RULES_FOLDER)
