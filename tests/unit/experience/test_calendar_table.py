"""The dashboard's month calendar, written in Python, says what the template it replaced said, cell for cell."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st
from jinja2 import Environment

from learnpm.experience.core.summary import MONTH_NAMES, CalendarYear
from learnpm.experience.web.calendar_table import calendar_body, status_words

# The template's own loop, as it was written before the calendar moved into Python.
TEMPLATE = """{% for row in rows %}<tr><th scope="row">{{ row.year }}</th>
{% for name, status, inside in row.months %}<td class="m-{{ status or 'none' }}{% if not inside %} m-out{% endif %}">
{% if status %}<span class="visually-hidden">{{ name }} {{ row.year }}: {{ words[status] }}</span>
<span aria-hidden="true">{{ '●' if status in ('counted', 'overlap') else '○' }}</span>{% endif %}</td>
{% endfor %}</tr>{% endfor %}"""

STATUSES = st.sampled_from([None, "counted", "overlap", "outside_window", "future"])


def squeezed(html: str) -> str:
    return re.sub(r">\s+<", "><", html).strip()


@given(st.lists(st.tuples(st.integers(1990, 2040), st.lists(st.tuples(STATUSES, st.booleans()), min_size=12,
                                                           max_size=12)), max_size=6), st.integers(1, 120))
def test_the_calendar_says_what_the_template_said(years, window_months):
    rows = [CalendarYear(year, tuple((name, status, inside) for name, (status, inside) in zip(MONTH_NAMES, cells)))
            for year, cells in years]
    expected = Environment(autoescape=True).from_string(TEMPLATE).render(rows=rows,
                                                                          words=status_words(window_months))
    assert squeezed(calendar_body(rows, window_months)) == squeezed(expected)


def test_a_counted_month_is_read_out_and_a_month_outside_the_window_greyed():
    row = CalendarYear(2026, tuple((name, "counted" if number == 3 else None, number > 1)
                                   for number, name in enumerate(MONTH_NAMES, start=1)))
    html = str(calendar_body([row], 36))
    assert html.count("<td") == 12 and html.startswith('<tr><th scope="row">2026</th>')
    assert '<td class="m-none m-out"></td>' in html
    assert f'<span class="visually-hidden">{MONTH_NAMES[2]} 2026: counted</span>' in html
