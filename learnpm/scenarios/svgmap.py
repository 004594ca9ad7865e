"""A scenario's graph as an SVG picture: columns by distance from the start. Pure functions."""

from __future__ import annotations

from collections import deque
from html import escape

from learnpm.scenarios.model import END, RESUME, Ending, Node, Scenario, WriteTask

QUALITY_COLOUR = {"best": "#0b6e4f", "acceptable": "#8a5300", "poor": "#a4262c"}
RATING_FILL = {"good": "#dff3ea", "mixed": "#fff1d6", "poor": "#fbe3e4"}
BOX_W, BOX_H, COL_W, ROW_H, PAD = 170, 46, 240, 70, 20


def node_columns(scenario: Scenario) -> dict[str, int]:
    """Return each node's distance from the start (endings and unreachable nodes go last)."""
    depth = {scenario.start: 0}
    queue = deque([scenario.start])
    while queue:
        node_id = queue.popleft()
        for target in _targets(scenario, node_id):
            if target not in depth:
                depth[target] = depth[node_id] + 1
                queue.append(target)
    last = max(depth.values(), default=0) + 1
    for node_id, node in scenario.nodes.items():
        if isinstance(node, Ending) or node_id not in depth:
            depth[node_id] = last
    return depth


def _targets(scenario: Scenario, node_id: str) -> list[str]:
    """Return the nodes a node leads to (`end` fans out to every ending)."""
    node = scenario.nodes[node_id]
    nexts = [c.next for c in node.choices] if isinstance(node, Node) else [node.next] if isinstance(node, WriteTask) else []
    targets: list[str] = []
    for target in nexts:
        if target == END:
            targets += [ending.id for ending in scenario.endings]
        elif target != RESUME:
            targets.append(target)
    return targets


def scenario_map_svg(scenario: Scenario) -> str:
    """Return the whole graph: boxes for nodes, arrows for choices coloured by quality."""
    columns = node_columns(scenario)
    rows: dict[int, int] = {}
    place: dict[str, tuple[int, int]] = {}
    for node_id in scenario.nodes:
        column = columns[node_id]
        place[node_id] = (PAD + column * COL_W, PAD + rows.get(column, 0) * ROW_H)
        rows[column] = rows.get(column, 0) + 1
    width = PAD * 2 + (max(columns.values()) + 1) * COL_W
    height = PAD * 2 + max(rows.values()) * ROW_H + 40
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="map-title" font-family="sans-serif"><title id="map-title">Map of “{escape(scenario.title)}”</title>',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" '
        'orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#4a5563"/></marker></defs>',
    ]
    parts += _edges(scenario, place)
    parts += [_box(scenario.nodes[node_id], x, y) for node_id, (x, y) in place.items()]
    parts.append(_legend(height - 30))
    parts.append("</svg>")
    return "".join(parts)


def _edges(scenario: Scenario, place: dict[str, tuple[int, int]]) -> list[str]:
    """Draw an arrow per choice (coloured by its quality) and per write task's next node."""
    parts = []
    for node_id, node in scenario.nodes.items():
        links = [(c.next, QUALITY_COLOUR[c.quality], c.text) for c in node.choices] if isinstance(node, Node) else (
            [(node.next, "#1f4e79", "after the message")] if isinstance(node, WriteTask) else [])
        x1, y1 = place[node_id]
        for target, colour, label in links:
            for end_id in ([e.id for e in scenario.endings] if target == END else [target]):
                if end_id not in place:
                    continue
                x2, y2 = place[end_id]
                parts.append(
                    f'<line x1="{x1 + BOX_W}" y1="{y1 + BOX_H / 2}" x2="{x2}" y2="{y2 + BOX_H / 2}" stroke="{colour}" '
                    f'stroke-width="1.5" opacity="0.7" marker-end="url(#arrow)"><title>{escape(label)}</title></line>'
                )
    return parts


def _box(node: Node | WriteTask | Ending, x: int, y: int) -> str:
    """Draw one node: decisions white, write tasks blue, endings tinted by their rating."""
    if isinstance(node, Ending):
        fill, kind = RATING_FILL[node.rating], f"ending · {node.rating}"
    elif isinstance(node, WriteTask):
        fill, kind = "#e3edf7", "write"
    else:
        fill, kind = "#ffffff", node.channel
    return (
        f'<g><rect x="{x}" y="{y}" width="{BOX_W}" height="{BOX_H}" rx="6" fill="{fill}" stroke="#4a5563"/>'
        f'<text x="{x + 8}" y="{y + 18}" font-size="12" font-weight="bold" fill="#1b1f24">{escape(node.id[:24])}</text>'
        f'<text x="{x + 8}" y="{y + 35}" font-size="11" fill="#4a5563">{escape(kind)}</text></g>'
    )


def _legend(y: int) -> str:
    """Explain the arrow colours."""
    items = [("best", 0), ("acceptable", 110), ("poor", 250)]
    return "".join(
        f'<line x1="{PAD + dx}" y1="{y}" x2="{PAD + dx + 30}" y2="{y}" stroke="{QUALITY_COLOUR[q]}" stroke-width="3"/>'
        f'<text x="{PAD + dx + 36}" y="{y + 4}" font-size="12" fill="#1b1f24">{q} choice</text>'
        for q, dx in items
    )
