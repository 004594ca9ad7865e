"""The chart of a day's meters. Pure functions."""

from __future__ import annotations

from collections.abc import Sequence

from learnpm.charts import Frame, Series, line_chart
from learnpm.scenarios.core.content.scenario import Scenario
from learnpm.scenarios.core.play.debrief import MeterPoint


def meter_chart(scenario: Scenario, points: Sequence[MeterPoint], width: int = 340, height: int = 220) -> str:
    """Return an SVG line chart of every meter over the clock of the day."""
    start = min(scenario.day_start, points[0].clock)
    end = max(scenario.day_end, points[-1].clock)
    series = [
        Series(meter.label, tuple((point.clock, point.meters[meter_id]) for point in points))
        for meter_id, meter in scenario.meters.items()
    ]
    first_hour = (start + 59) // 60 * 60
    ticks = [(minute, f"{minute // 60:02d}:00") for minute in range(first_hour, end + 1, 60)]
    frame = Frame(width, height, (start, end), (0, 100))
    return line_chart(f"Meters over the day of “{scenario.title}”", series, frame, ticks, (0, 25, 50, 75, 100))
