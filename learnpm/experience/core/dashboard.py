"""The experience dashboard's charts: hours over the chosen period, by process group and by exam domain."""

from __future__ import annotations

from learnpm.charts import Bar, bar_chart
from learnpm.experience.core.labels import domain_labels, process_group_labels
from learnpm.experience.core.periods import PeriodBars
from learnpm.experience.core.rules.library import RuleLibrary, default_rules
from learnpm.experience.core.totals import LogTotals


def dashboard_charts(bars: PeriodBars, totals: LogTotals, rules: RuleLibrary | None = None) -> dict[str, str]:
    """Return the dashboard's SVG charts of one period: its hours over time, by process group and by exam domain;
    and, as `over_time_title`, the first chart's title, which says how its bars are grouped."""
    rules = rules or default_rules()
    pg, domains = process_group_labels(), domain_labels()
    by_group, by_domain = totals.by_process_group(rules.process_group_ids), totals.by_domain(rules.domain_ids)
    return {
        "over_time_title": bars.title,
        "by_month": bar_chart(bars.title, [Bar(label, float(hours)) for label, hours in bars.bars]),
        "by_process_group": bar_chart(f"Hours by process group, {bars.period}",
                                      [Bar(f"{k} · {pg[k]}", float(v)) for k, v in by_group.hours.items()]
                                      + [Bar("Not tagged", float(by_group.untagged))]),
        "by_domain": bar_chart(f"Hours by exam domain, {bars.period}",
                               [Bar(domains[k], float(v)) for k, v in by_domain.hours.items()]
                               + [Bar("Not tagged", float(by_domain.untagged))]),
    }
