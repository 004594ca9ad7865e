"""The experience dashboard's charts: hours by month, by process group and by exam domain."""

from __future__ import annotations

from learnpm.charts import Bar, bar_chart
from learnpm.experience.core.labels import domain_labels, process_group_labels
from learnpm.experience.core.summary import ExperienceSummary


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
