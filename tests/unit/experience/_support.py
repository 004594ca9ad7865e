"""Helpers shared by the hours-core tests: short date spellings and rule sets with one thing changed."""

from __future__ import annotations

from datetime import date
from typing import Any

from learnpm.experience.core.rules.library import RuleLibrary, default_rules
from learnpm.experience.core.rules.models import RuleSet

# The day every table below is computed against: its window runs from December 2018 to November 2026.
AS_OF = date(2026, 11, 25)


def d(text: str) -> date:
    """Return the date of an ISO text, e.g. d('2024-02-29')."""
    return date.fromisoformat(text)


def period(start: str, end: str | None) -> tuple[date, date | None]:
    """Return a period from ISO dates; a bare YYYY-MM means the first (start) or the 28th (end) of the month."""
    return (_day(start, "01"), None if end is None else _day(end, "28"))


def _day(text: str, default_day: str) -> date:
    return d(text if len(text) == 10 else f"{text}-{default_day}")


def changed(rule_set: RuleSet, path: str, value: Any) -> Any:
    """Return `rule_set` with the field at dotted `path` set to `value` (nested frozen models copied)."""
    head, _, rest = path.partition(".")
    new_value = changed(getattr(rule_set, head), rest, value) if rest else value
    return rule_set.model_copy(update={head: new_value})


def library_with(*replacements: RuleSet) -> RuleLibrary:
    """Return the shipped rule library with the rule sets of the same kind replaced."""
    kinds = {type(replacement) for replacement in replacements}
    kept = tuple(rule for rule in default_rules().rule_sets if type(rule) not in kinds)
    return RuleLibrary(kept + replacements)
