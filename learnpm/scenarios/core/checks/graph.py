"""The scenario as a graph: edges, reachability and cycles, with the graph checks of the validator."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from learnpm.scenarios.core.content.problems import Problem
from learnpm.scenarios.core.content.scenario import END, RESUME, AnyNode, Ending, Node, Scenario, WriteTask


@dataclass(frozen=True)
class Edge:
    """A way out of a node: a choice, or a write task's `next`."""

    source: str
    target: str  # a node id, END or RESUME
    choice_id: str | None
    minutes: int
    line: int | None


def edges_of(scenario: Scenario) -> tuple[Edge, ...]:
    """Return every choice and write-task edge, in file order."""
    edges: list[Edge] = []
    for node in scenario.nodes.values():
        if isinstance(node, Node):
            edges += [Edge(node.id, c.next, c.id, c.minutes, c.line or node.line) for c in node.choices]
        elif isinstance(node, WriteTask):
            edges.append(Edge(node.id, node.next, None, node.minutes, node.line))
    return tuple(edges)


def endings_by_end(scenario: Scenario) -> tuple[str, ...]:
    """Return the endings `next: end` can pick: those up to the first one without a `when`."""
    picked: list[str] = []
    for ending in scenario.endings:
        picked.append(ending.id)
        if ending.when is None:
            break
    return tuple(picked)


def interrupt_nodes(scenario: Scenario) -> frozenset[str]:
    """Return the nodes events show (the only ones allowed to `resume`)."""
    return frozenset(event.node for event in scenario.events if event.node is not None)


def successors(scenario: Scenario) -> dict[str, set[str]]:
    """Map each node to the nodes it can lead to; `end` leads to the endings it can pick."""
    follow: dict[str, set[str]] = {node_id: set() for node_id in scenario.nodes}
    for edge in edges_of(scenario):
        if edge.target == END:
            follow[edge.source].update(endings_by_end(scenario))
        elif edge.target in scenario.nodes:
            follow[edge.source].add(edge.target)
    return follow


def reachable(scenario: Scenario) -> set[str]:
    """Return the nodes reachable from start or shown by an event, ignoring conditions."""
    roots = {scenario.start, *interrupt_nodes(scenario)} & set(scenario.nodes)
    return _closure(roots, successors(scenario))


def able_to_end(scenario: Scenario) -> set[str]:
    """Return the nodes from which some ending can be reached (a `resume` counts as a way out)."""
    backward: dict[str, set[str]] = {node_id: set() for node_id in scenario.nodes}
    for source, targets in successors(scenario).items():
        for target in targets:
            backward[target].add(source)
    resuming = {edge.source for edge in edges_of(scenario) if edge.target == RESUME}
    return _closure({ending.id for ending in scenario.endings} | resuming, backward)


def cycles(follow: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """Return the strongly connected components that form a loop (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []
    for root in follow:
        if root not in index:
            _strong_connect(root, follow, index, low, stack, found)
    return [c for c in found if len(c) > 1 or c[0] in follow.get(c[0], ())]


def _strong_connect(
    root: str,
    follow: Mapping[str, Iterable[str]],
    index: dict[str, int],
    low: dict[str, int],
    stack: list[str],
    found: list[list[str]],
) -> None:
    work: list[tuple[str, Iterator[str]]] = [(root, iter(sorted(follow.get(root, ()))))]
    index[root] = low[root] = len(index)
    stack.append(root)
    while work:
        node, targets = work[-1]
        target = next(targets, None)
        if target is None:
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                found.append(_pop_component(stack, node))
        elif target not in index:
            index[target] = low[target] = len(index)
            stack.append(target)
            work.append((target, iter(sorted(follow.get(target, ())))))
        elif target in stack:
            low[node] = min(low[node], index[target])


def _pop_component(stack: list[str], root: str) -> list[str]:
    component: list[str] = []
    while True:
        member = stack.pop()
        component.append(member)
        if member == root:
            return component[::-1]


def _closure(roots: set[str], follow: Mapping[str, Iterable[str]]) -> set[str]:
    seen, queue = set(roots), deque(roots)
    while queue:
        for target in follow.get(queue.popleft(), ()):
            if target not in seen:
                seen.add(target)
                queue.append(target)
    return seen


def graph_problems(scenario: Scenario) -> list[Problem]:
    """Check targets, reachability, ways out, loops that take no time and the use of `resume`."""
    problems = _target_problems(scenario)
    if scenario.start not in scenario.nodes:
        message = f"start '{scenario.start}' is not a node"
        return [*problems, Problem(scenario.source, message, None, scenario.key_lines.get("start"))]
    if isinstance(scenario.nodes[scenario.start], Ending):
        problems.append(Problem(scenario.source, "the day cannot start at an ending", scenario.start))
    return problems + _reach_problems(scenario) + _loop_problems(scenario)


def _target_problems(scenario: Scenario) -> list[Problem]:
    problems, interrupts = [], interrupt_nodes(scenario)
    for node_id in scenario.nodes.keys() & {END, RESUME}:
        problems.append(Problem(scenario.source, f"'{node_id}' is a reserved word; rename the node", node_id))
    for edge in edges_of(scenario):
        label = f"choice '{edge.choice_id}': next" if edge.choice_id else "next"
        if edge.target == RESUME and edge.source not in interrupts:
            message = f"{label} is 'resume', but no event shows this node (only interrupts can resume)"
            problems.append(Problem(scenario.source, message, edge.source, edge.line))
        elif edge.target not in scenario.nodes and edge.target not in (END, RESUME):
            problems.append(Problem(scenario.source, f"{label} '{edge.target}' is not a node", edge.source, edge.line))
        elif edge.target in interrupts and _resumes(scenario, edge.target):
            message = f"{label} leads to '{edge.target}', an interrupt that resumes; only an event may show it"
            problems.append(Problem(scenario.source, message, edge.source, edge.line))
    for event in scenario.events:
        if event.node is not None and event.node not in scenario.nodes:
            message = f"event {event.index + 1}: node '{event.node}' is not a node"
            problems.append(Problem(scenario.source, message, None, event.line))
    return problems


def _resumes(scenario: Scenario, node_id: str) -> bool:
    return any(edge.target == RESUME for edge in edges_of(scenario) if edge.source == node_id)


def _reach_problems(scenario: Scenario) -> list[Problem]:
    problems, seen, ending_ok = [], reachable(scenario), able_to_end(scenario)
    for node in scenario.nodes.values():
        if node.id not in seen:
            problems.append(Problem(scenario.source, _unreached(scenario, node), node.id, node.line))
    stuck = {node_id for node_id in scenario.nodes if node_id not in ending_ok}
    in_cycle: set[str] = set()
    for loop in cycles({key: value & stuck for key, value in successors(scenario).items() if key in stuck}):
        in_cycle.update(loop)
        message = f"the loop through {', '.join(loop)} has no way out to an ending"
        problems.append(Problem(scenario.source, message, loop[0], scenario.nodes[loop[0]].line))
    for node_id in sorted(stuck - in_cycle):
        message = "no path from here reaches an ending"
        problems.append(Problem(scenario.source, message, node_id, scenario.nodes[node_id].line))
    return problems


def _unreached(scenario: Scenario, node: AnyNode) -> str:
    if isinstance(node, Ending) and scenario.endings and node.id not in endings_by_end(scenario):
        fallback = endings_by_end(scenario)[-1]
        return f"no choice or event leads here, and 'next: end' stops at '{fallback}', which has no `when`"
    return f"cannot be reached from start '{scenario.start}' or from any event"


def _loop_problems(scenario: Scenario) -> list[Problem]:
    """Report loops whose every step takes 0 minutes: the day never ends on them."""
    timeless: dict[str, set[str]] = {node_id: set() for node_id in scenario.nodes}
    for edge in edges_of(scenario):
        if edge.minutes == 0 and edge.target in scenario.nodes:
            timeless[edge.source].add(edge.target)
    problems = []
    for loop in cycles(timeless):
        message = f"the loop through {', '.join(loop)} takes 0 minutes, so a learner could go round it forever"
        problems.append(Problem(scenario.source, message, loop[0], scenario.nodes[loop[0]].line))
    return problems
