"""What PMI's online form accepts for a project beyond its fields: text lengths, words after "Other", and an end
month no later than the current one (or "in progress"). Every limit comes from the rule set's application_form."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from learnpm.experience.core.months import Month
from learnpm.experience.core.problems import Problem
from learnpm.experience.core.rules.library import RuleLibrary, default_rules

OTHER = "other"
LENGTH_LIMITS = {"title": "title_max_chars", "organization": "organization_max_chars",
                 "job_title": "job_title_max_chars"}


def other_text_field(option_field: str) -> str:
    """Return the field that holds the words for "Other" in an option list."""
    return f"{option_field}_other"


@dataclass(frozen=True)
class ProjectFields:
    """The parts of a project that PMI's form limits: its texts, its options, the words for Other, its end."""

    title: str
    organization: str
    job_title: str
    options: Mapping[str, str] = field(default_factory=dict)
    other_texts: Mapping[str, str] = field(default_factory=dict)
    end: Month | None = None


def project_problems(fields: ProjectFields, today: date, rules: RuleLibrary | None = None) -> tuple[Problem, ...]:
    """Return what PMI's form would refuse in a project: a text too long, Other without words, an end to come."""
    form = (rules or default_rules()).pmp.application_form
    problems = []
    for name, limit_name in LENGTH_LIMITS.items():
        problems += _too_long(name, getattr(fields, name), getattr(form, limit_name))
    for option_field in form.other_needs_text:
        if fields.options.get(option_field) != OTHER:
            continue
        words = fields.other_texts.get(option_field, "").strip()
        if not words:
            problems.append(Problem(other_text_field(option_field),
                                    "You chose Other: say in a few words what it is, as PMI's form asks."))
        problems += _too_long(other_text_field(option_field), words, form.other_text_max_chars)
    if fields.end is not None and not form.end_month_after_current_allowed and fields.end > Month.of(today):
        problems.append(Problem("end_month", future_end_message(today)))
    return tuple(problems)


def future_end_message(today: date) -> str:
    """Say why a planned end month cannot go on PMI's form, and what to do instead."""
    return (f"PMI's form takes no end month after this one ({Month.of(today).first_day():%B %Y}): tick "
            "“still in progress” instead, and give the end once the project has ended.")


def end_for_the_form(end: date | None, today: date) -> date | None:
    """Return the end month as PMI's form takes it: None ("in progress") for an end still to come."""
    return None if end is None or Month.of(end) > Month.of(today) else end


def _too_long(name: str, value: str, limit: int) -> list[Problem]:
    if len(value) <= limit:
        return []
    return [Problem(name, f"PMI's form takes at most {limit} characters here; this has {len(value)}.")]
