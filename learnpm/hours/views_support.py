"""Small pieces the experience pages share: option labels and the dashboard's charts."""

from __future__ import annotations

from learnpm.charts import Bar, bar_chart
from learnpm.hours.forms import domain_labels, process_group_labels
from learnpm.hours.rules import default_rules
from learnpm.hours.summary import ExperienceSummary


def option_label(list_name: str, option_id: str) -> str:
    """Return the label of an application option, or the id when the list no longer has it."""
    options = getattr(default_rules().options, list_name)
    return next((option.label for option in options.options if option.id == option_id), option_id)


def dashboard_charts(summary: ExperienceSummary) -> dict[str, str]:
    """Return the dashboard's SVG charts: hours by month, by process group and by exam domain."""
    pg, domains = process_group_labels(), domain_labels()
    return {
        "by_month": bar_chart("Hours logged in each of the last 12 months",
                              [Bar(label, float(hours)) for label, hours in summary.by_month]),
        "by_process_group": bar_chart("Hours by process group",
                                      [Bar(f"{k} · {pg[k]}", float(v)) for k, v in summary.by_process_group.hours.items()]
                                      + [Bar("Not tagged", float(summary.by_process_group.untagged))]),
        "by_domain": bar_chart("Hours by exam domain",
                               [Bar(domains[k], float(v)) for k, v in summary.by_domain.hours.items()]
                               + [Bar("Not tagged", float(summary.by_domain.untagged))]),
    }
