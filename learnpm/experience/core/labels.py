"""The names people read for the ids the rule sets use: process groups, exam domains and application options."""

from __future__ import annotations

from learnpm.experience.core.description import section_labels
from learnpm.experience.core.rules.library import RuleLibrary, default_rules


def process_group_labels(rules: RuleLibrary | None = None) -> dict[str, str]:
    """Return the process groups' names by id, in order."""
    rules = rules or default_rules()
    return {group.id: group.label for group in rules.pmp.process_groups.groups}


def domain_labels(rules: RuleLibrary | None = None) -> dict[str, str]:
    """Return the exam domains' names by id, in order."""
    return section_labels("domain", rules)


def option_label(list_name: str, option_id: str) -> str:
    """Return the label of an application option, or the id when the list no longer has it."""
    options = getattr(default_rules().options, list_name)
    return next((option.label for option in options.options if option.id == option_id), option_id)
