"""Assemble a PMI project description from its parts, in PMI's order, and check its length against the rules.

PMI's order: one sentence of objective; the applicant's role; the responsibilities led and deliverables,
summarized by process group (IN, PL, EX, MC, CL) or by exam domain; one sentence of outcome. A word is
any whitespace-separated token holding a letter or digit, so "IN:" and "3.5" count and a lone dash does not.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

from learnpm.experience.core.problems import Problem
from learnpm.experience.core.rules.library import RuleLibrary, default_rules
from learnpm.experience.core.rules.models import DescriptionLimits

Breakdown = Literal["process_group", "domain"]
BREAKDOWNS: tuple[Breakdown, ...] = ("process_group", "domain")


@dataclass(frozen=True)
class DescriptionParts:
    """What a learner writes about a project, section by section.

    `sections` maps a process-group id (IN, PL, ...) or an exam-domain id (people, ...), as `breakdown`
    says, to what the learner led and delivered in it.
    """

    objective: str = ""
    role: str = ""
    sections: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    outcome: str = ""
    breakdown: Breakdown = "process_group"


@dataclass(frozen=True)
class DescriptionReport:
    """The assembled text, its word count and what is wrong with it."""

    text: str
    words: int
    problems: tuple[Problem, ...]


def section_labels(breakdown: Breakdown, rules: RuleLibrary | None = None) -> dict[str, str]:
    """Return the section ids of `breakdown`, in PMI's order, with the prefix each gets in the text."""
    rules = rules or default_rules()
    if breakdown == "process_group":
        # PMI accepts the abbreviations themselves (IN, PL, ...), which keeps the words for the content.
        return {group.id: group.id for group in rules.pmp.process_groups.groups}
    labels: dict[str, str] = {}
    for outline in rules.exam_outline.outlines:
        for domain in outline.domains:
            labels.setdefault(domain.id, domain.label)
    return labels


def assemble_description(parts: DescriptionParts, rules: RuleLibrary | None = None) -> str:
    """Return the description as PMI should read it: objective, role, sections in order, outcome."""
    labels = section_labels(parts.breakdown, rules)
    lines = [parts.objective.strip(), parts.role.strip()]
    for section_id, prefix in labels.items():
        text = parts.sections.get(section_id, "").strip()
        if text:
            lines.append(f"{prefix}: {text}")
    lines.append(parts.outcome.strip())
    return "\n".join(line for line in lines if line)


def count_words(text: str) -> int:
    """Return how many words `text` holds: whitespace-separated tokens with a letter or a digit."""
    return sum(1 for token in text.split() if any(character.isalnum() for character in token))


def length_problems(words: int, limits: DescriptionLimits, field_name: str = "description") -> tuple[Problem, ...]:
    """Return an error under the minimum or over a maximum, a warning outside the guidance range."""
    if words < limits.minimum_words:
        return (Problem(field_name, f"{_words(words)}; PMI needs at least {limits.minimum_words}."),)
    if limits.maximum_words is not None and words > limits.maximum_words:
        return (Problem(field_name, f"{_words(words)}; the limit is {limits.maximum_words}."),)
    low, high = limits.guidance_minimum_words, limits.guidance_maximum_words
    if not low <= words <= high:
        message = f"{_words(words)}; PMI's guidance is typically {low} to {high} words."
        return (Problem(field_name, message, "warning"),)
    return ()


def _words(words: int) -> str:
    return f"The description has {words} word" + ("" if words == 1 else "s")


def part_problems(parts: DescriptionParts, rules: RuleLibrary | None = None) -> tuple[Problem, ...]:
    """Return problems with the parts themselves: unknown sections (errors) and missing essentials (warnings)."""
    labels = section_labels(parts.breakdown, rules)
    problems = [
        Problem("sections", f"unknown section {key!r}; expected one of {', '.join(labels)}")
        for key in parts.sections
        if key not in labels
    ]
    # "No clear objective" and "not a project" are the rejections PMI cites most.
    if not parts.objective.strip():
        problems.append(Problem("objective", "Say in one sentence what the project set out to achieve.", "warning"))
    if not parts.role.strip():
        problems.append(Problem("role", "Say what your role on the project was.", "warning"))
    if not any(text.strip() for text in parts.sections.values()):
        problems.append(Problem("sections", "Summarize what you led and delivered.", "warning"))
    if not parts.outcome.strip():
        problems.append(Problem("outcome", "Say in one sentence how the project ended.", "warning"))
    return tuple(problems)


def description_report(parts: DescriptionParts, rules: RuleLibrary | None = None) -> DescriptionReport:
    """Assemble the description, count its words and list every problem with it and its parts.

    The report of the same words under the same rules is the same, so it is kept: a dashboard listing forty
    projects assembles and checks only the descriptions that changed since the last time it was shown."""
    rules = rules or default_rules()
    key = (id(rules), parts.objective, parts.role, tuple(sorted(parts.sections.items())), parts.outcome,
           parts.breakdown)
    with _reports_lock:
        kept = _reports.get(key)
    if kept is not None and kept[0] is rules:
        return kept[1]
    report = _report(parts, rules)
    with _reports_lock:
        if len(_reports) >= MAX_KEPT_REPORTS:
            _reports.pop(next(iter(_reports)))  # the oldest kept: insertion order
        _reports[key] = (rules, report)
    return report


MAX_KEPT_REPORTS = 4096
_reports_lock = threading.Lock()
_reports: dict[tuple[object, ...], tuple[RuleLibrary, DescriptionReport]] = {}


def _report(parts: DescriptionParts, rules: RuleLibrary) -> DescriptionReport:
    text = assemble_description(parts, rules)
    words = count_words(text)
    problems = part_problems(parts, rules) + length_problems(words, rules.pmp.description)
    return DescriptionReport(text, words, problems)
