"""A scenario's graph as an SVG picture: columns by distance from the start. Pure functions."""

from __future__ import annotations

from collections import defaultdict, deque
from html import escape

from learnpm.scenarios.core.content.conditions import clock_text
from learnpm.scenarios.core.content.scenario import END, RESUME, Ending, Node, Scenario, WriteTask

QUALITY_COLOUR = {"best": "#0b6e4f", "acceptable": "#8a5300", "poor": "#a4262c", "write": "#1f4e79"}
QUALITY_ORDER = ("best", "acceptable", "poor", "write")
RATING_FILL = {"good": "#dff3ea", "mixed": "#fff1d6", "poor": "#fbe3e4"}
BOX_W, BOX_H, COL_W, ROW_H, PAD, BAND_GAP = 170, 46, 230, 66, 20, 50


def node_columns(scenario: Scenario) -> dict[str, int]:
    """Return each node's distance in moves from the start (or, for an interrupt, from its event)."""
    depth = _distances(scenario, [scenario.start], {scenario.start: 0})
    interrupts = [event.node for event in scenario.events if event.node and event.node not in depth]
    for node_id in interrupts:
        depth = _distances(scenario, [node_id], {**depth, node_id: 0}) if node_id not in depth else depth
    last = max((d for n, d in depth.items() if not isinstance(scenario.nodes[n], Ending)), default=0) + 1
    for node_id, node in scenario.nodes.items():
        if isinstance(node, Ending) or node_id not in depth:
            depth[node_id] = last
    return depth


def _distances(scenario: Scenario, queue_start: list[str], depth: dict[str, int]) -> dict[str, int]:
    """Breadth-first distances from the given nodes, keeping those already known."""
    queue = deque(queue_start)
    while queue:
        node_id = queue.popleft()
        for target, _quality in _links(scenario, node_id):
            if target not in depth:
                depth[target] = depth[node_id] + 1
                queue.append(target)
    return depth


def _links(scenario: Scenario, node_id: str) -> list[tuple[str, str]]:
    """Return (target, quality) for every way out of a node (`end` fans out to every ending)."""
    node = scenario.nodes[node_id]
    if isinstance(node, Node):
        raw = [(choice.next, choice.quality) for choice in node.choices]
    elif isinstance(node, WriteTask):
        raw = [(node.next, "write")]
    else:
        raw = []
    links = []
    for target, quality in raw:
        if target == END:
            links += [(ending.id, quality) for ending in scenario.endings]
        elif target != RESUME:
            links.append((target, quality))
    return links


def _layout(scenario: Scenario) -> dict[str, tuple[int, int]]:
    """Place main-path nodes in columns by distance, and interrupts in a timeline band below them."""
    columns = node_columns(scenario)
    interrupt_ids = {event.node for event in scenario.events if event.node} - set(_main_path(scenario))
    rows: dict[tuple[bool, int], int] = defaultdict(int)
    place: dict[str, tuple[int, int]] = {}
    main_rows = max(
        (sum(1 for n in scenario.nodes if columns[n] == c and n not in interrupt_ids) for c in set(columns.values())),
        default=1,
    )
    timeline = [event.node for event in scenario.events_in_time_order if event.node in interrupt_ids]
    band_columns = {node_id: index for index, node_id in enumerate(dict.fromkeys(timeline))}
    for node_id in scenario.nodes:
        band = node_id in interrupt_ids
        column = band_columns[node_id] if band else columns[node_id]
        top = PAD + (main_rows * ROW_H + BAND_GAP if band else 0)
        place[node_id] = (PAD + column * COL_W, top + rows[(band, column)] * ROW_H)
        rows[(band, column)] += 1
    return place


def _main_path(scenario: Scenario) -> set[str]:
    """Return the nodes reachable from the start by choices alone."""
    return set(_distances(scenario, [scenario.start], {scenario.start: 0}))


def scenario_map_svg(scenario: Scenario) -> str:
    """Return the whole graph: boxes for nodes, arrows for choices coloured by quality."""
    place = _layout(scenario)
    width = PAD * 2 + max(x for x, _ in place.values()) + BOX_W
    height = max(y for _, y in place.values()) + BOX_H + PAD + 40
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="map-title" font-family="sans-serif">'
        f'<title id="map-title">Map of “{escape(scenario.title)}”</title>',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" '
        'orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#4a5563"/></marker></defs>',
    ]
    parts += _edges(scenario, place)
    interrupts = _interrupt_times(scenario)
    parts += [_box(scenario.nodes[node_id], x, y, interrupts.get(node_id)) for node_id, (x, y) in place.items()]
    parts.append(_legend(height - 24))
    parts.append("</svg>")
    return "".join(parts)


def _interrupt_times(scenario: Scenario) -> dict[str, str]:
    """Return, for each node an event shows, the time it may interrupt."""
    return {event.node: clock_text(event.at) for event in scenario.events if event.node}


def _edges(scenario: Scenario, place: dict[str, tuple[int, int]]) -> list[str]:
    """Draw one arrow per quality between two nodes, side by side, so no choice hides another."""
    grouped: dict[tuple[str, str], set[str]] = defaultdict(set)
    for node_id in scenario.nodes:
        for target, quality in _links(scenario, node_id):
            grouped[(node_id, target)].add(quality)
    parts = []
    for (source, target), qualities in grouped.items():
        ordered = [q for q in QUALITY_ORDER if q in qualities]
        (x1, y1), (x2, y2) = place[source], place[target]
        for index, quality in enumerate(ordered):
            offset = (index - (len(ordered) - 1) / 2) * 6
            parts.append(
                f'<line x1="{x1 + BOX_W}" y1="{y1 + BOX_H / 2 + offset:.0f}" x2="{x2}" y2="{y2 + BOX_H / 2 + offset:.0f}" '
                f'stroke="{QUALITY_COLOUR[quality]}" stroke-width="1.6" opacity="0.8" marker-end="url(#arrow)"/>'
            )
    return parts


def _box(node: Node | WriteTask | Ending, x: int, y: int, interrupt_at: str | None) -> str:
    """Draw one node: decisions white, write tasks blue, endings tinted by their rating."""
    if isinstance(node, Ending):
        fill, kind = RATING_FILL[node.rating], f"ending · {node.rating}"
    elif isinstance(node, WriteTask):
        fill, kind = "#e3edf7", "write a message"
    else:
        fill, kind = "#ffffff", node.channel
    if interrupt_at:
        kind = f"interrupt at {interrupt_at} · {kind}"
    dash = ' stroke-dasharray="5 3"' if interrupt_at else ""
    return (
        f'<g><rect x="{x}" y="{y}" width="{BOX_W}" height="{BOX_H}" rx="6" fill="{fill}" stroke="#4a5563"{dash}/>'
        f'<text x="{x + 8}" y="{y + 18}" font-size="12" font-weight="bold" fill="#1b1f24">{escape(node.id[:24])}</text>'
        f'<text x="{x + 8}" y="{y + 35}" font-size="11" fill="#4a5563">{escape(kind[:30])}</text></g>'
    )


def _legend(y: int) -> str:
    """Explain the arrow colours and the dashed boxes."""
    items = [("best", "best choice", 0), ("acceptable", "acceptable choice", 120), ("poor", "poor choice", 280),
             ("write", "after a message", 410)]
    legend = "".join(
        f'<line x1="{PAD + dx}" y1="{y}" x2="{PAD + dx + 30}" y2="{y}" stroke="{QUALITY_COLOUR[q]}" stroke-width="3"/>'
        f'<text x="{PAD + dx + 36}" y="{y + 4}" font-size="12" fill="#1b1f24">{label}</text>'
        for q, label, dx in items
    )
    return legend + (
        f'<rect x="{PAD + 560}" y="{y - 8}" width="30" height="16" fill="#fff" stroke="#4a5563" stroke-dasharray="5 3"/>'
        f'<text x="{PAD + 596}" y="{y + 4}" font-size="12" fill="#1b1f24">interrupt shown by an event; it resumes the day</text>'
    )
