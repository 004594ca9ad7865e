"""The names people read for the ids the rule sets use: process groups, exam domains and application options."""

from __future__ import annotations

from datetime import date

from learnpm.experience.core.description import section_labels
from learnpm.experience.core.rules.library import RuleLibrary, default_rules
from learnpm.experience.core.rules.models import ApplicationOptions


def process_group_labels(rules: RuleLibrary | None = None) -> dict[str, str]:
    """Return the process groups' names by id, in order."""
    rules = rules or default_rules()
    return {group.id: group.label for group in rules.pmp.process_groups.groups}


def domain_labels(rules: RuleLibrary | None = None) -> dict[str, str]:
    """Return the exam domains' names by id, in order."""
    return section_labels("domain", rules)


def option_label(list_name: str, option_id: str, rules: RuleLibrary | None = None) -> str:
    """Return the label of an application option: from the newest list that has it (or its successor), else the id."""
    lists = [r for r in (rules or default_rules()).rule_sets if isinstance(r, ApplicationOptions)]
    for options in sorted(lists, key=lambda r: r.effective_from or date.min, reverse=True):
        option = getattr(options, list_name).resolve(option_id)
        if option is not None:
            return option.label
    return option_id
