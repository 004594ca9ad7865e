"""Measure how a library gives its answers away: the length, place and detail of best choices, and naive play.

A day teaches judgement only when the best option cannot be found without judging. These figures say where it
can: the best choice listed first or written longest, best choices alone carrying the specifics, decisions that
all lead to the same scene, no real dilemmas, and learners who win by clicking the longest or first option.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from learnpm.scenarios.core.content.problems import Problem
from learnpm.scenarios.core.content.scenario import Choice, Node, Scenario, WriteTask
from learnpm.scenarios.core.play.engine import PlayError, PlayState, choose, current_node, hand_in, start
from learnpm.scenarios.core.play.writing import sample_text

STRATEGY_RUNS = 200
STRATEGY_SEED = 11
MAX_STEPS = 500

# The targets of the library (see content/README.md for why each matters).
MAX_BEST_LONGEST = 0.35  # share of decisions whose best choice is the longest text
MAX_BEST_LONGEST_IN_A_DAY = 0.5
MIN_BALANCED = 0.8  # share of decisions whose shortest option is at least BALANCE of the longest
BALANCE = 0.6
SPECIFICS_PARITY = (0.67, 1.5)  # best choices with a specific / other options with one
MIN_BRANCHING = 0.4
MIN_DILEMMAS = 0.2
MIN_COSTLY_BEST = 1 / 3
MAX_NAIVE_GOOD_DAYS = 2
MIN_RANDOM_GOOD = 0.15

NAIVE = ("longest", "first", "most specific")

_TIME = r"\b\d{1,2}:\d\d\b"
_NUMBER = r"[£€$]?\b\d+(?:[.,]\d+)*%?"
_NAME = r"(?<![.!?:\"“]\s)(?<!^)\b[A-Z][a-z]+"
_SPECIFIC = re.compile(f"{_TIME}|{_NUMBER}|{_NAME}")


@dataclass(frozen=True)
class DecisionTells:
    """What one decision shows about its best choice before anyone judges it."""

    node_id: str
    best_first: bool
    best_longest: bool
    balanced: bool  # the shortest option is at least BALANCE of the longest
    best_specific: int  # best choices holding a specific (a time, a number, a name)
    best_count: int
    other_specific: int
    other_count: int
    branches: bool  # the choices lead to more than one next scene
    dilemma: bool
    costly_best: bool  # some best choice lowers a meter


@dataclass(frozen=True)
class DayTells:
    """A day's decisions and how naive strategies end it."""

    scenario_id: str
    source: str
    decisions: tuple[DecisionTells, ...]
    strategy_endings: Mapping[str, str]  # strategy -> rating of the ending it reached ("stuck" if none)
    acceptable_ending: str
    random_good: float  # share of random non-poor runs ending good

    def share(self, attribute: str) -> float:
        """Return the share of decisions for which a boolean attribute holds."""
        return _share(self.decisions, attribute)


@dataclass(frozen=True)
class LibraryTells:
    """Every day's tells and the library's totals."""

    days: tuple[DayTells, ...]

    @property
    def decisions(self) -> tuple[DecisionTells, ...]:
        """Return every decision of the library."""
        return tuple(decision for day in self.days for decision in day.decisions)

    def share(self, attribute: str) -> float:
        """Return the share of the library's decisions for which a boolean attribute holds."""
        return _share(self.decisions, attribute)

    def specifics_parity(self) -> float:
        """Return how much more often best choices carry a specific than other options (1.0: as often)."""
        decisions = self.decisions
        best = sum(d.best_specific for d in decisions) / max(1, sum(d.best_count for d in decisions))
        other = sum(d.other_specific for d in decisions) / max(1, sum(d.other_count for d in decisions))
        return best / other if other else (1.0 if not best else float("inf"))

    def naive_good_days(self, strategy: str) -> int:
        """Return how many days a naive strategy ends well."""
        return sum(1 for day in self.days if day.strategy_endings.get(strategy) == "good")

    def random_good(self) -> float:
        """Return the share of random non-poor runs, over all days, that end well."""
        return sum(day.random_good for day in self.days) / len(self.days) if self.days else 0.0


def _share(decisions: Sequence[DecisionTells], attribute: str) -> float:
    return sum(1 for d in decisions if getattr(d, attribute)) / len(decisions) if decisions else 0.0


def specifics(text: str) -> int:
    """Count the times, numbers and names in an option's text."""
    return len(_SPECIFIC.findall(text.strip()))


def decision_tells(node: Node) -> DecisionTells:
    """Measure one decision's choices in file order."""
    choices = node.choices
    lengths = [len(choice.text) for choice in choices]
    best = [choice for choice in choices if choice.quality == "best"]
    others = [choice for choice in choices if choice.quality != "best"]
    longest = max(lengths)
    return DecisionTells(
        node_id=node.id,
        best_first=choices[0].quality == "best",
        best_longest=any(len(choice.text) == longest for choice in best),
        balanced=min(lengths) >= BALANCE * longest,
        best_specific=sum(1 for choice in best if specifics(choice.text)),
        best_count=len(best),
        other_specific=sum(1 for choice in others if specifics(choice.text)),
        other_count=len(others),
        branches=len({choice.next for choice in choices}) > 1,
        dilemma=node.no_single_answer or _two_defensible_costs(choices),
        costly_best=any(_costs(choice) for choice in best),
    )


def _costs(choice: Choice) -> frozenset[str]:
    return frozenset(meter for meter, change in choice.outcome.effects.items() if change < 0)


def _two_defensible_costs(choices: Sequence[Choice]) -> bool:
    """Return whether two non-poor options each cost something, and not the same thing."""
    defensible = [_costs(choice) for choice in choices if choice.quality != "poor"]
    return any(a and b and a != b for i, a in enumerate(defensible) for b in defensible[i + 1 :])


Policy = Callable[[Node, random.Random], Choice]


def _longest(node: Node, rng: random.Random) -> Choice:
    return max(node.choices, key=lambda choice: len(choice.text))


def _first(node: Node, rng: random.Random) -> Choice:
    return node.choices[0]


def _most_specific(node: Node, rng: random.Random) -> Choice:
    return max(node.choices, key=lambda choice: specifics(choice.text))


def _acceptable(node: Node, rng: random.Random) -> Choice:
    preferred = [c for c in node.choices if c.quality == "acceptable"] or [c for c in node.choices if c.quality == "best"]
    return (preferred or list(node.choices))[0]


def _random_non_poor(node: Node, rng: random.Random) -> Choice:
    return rng.choice([choice for choice in node.choices if choice.quality != "poor"] or list(node.choices))


POLICIES: Mapping[str, Policy] = MappingProxyType(
    {"longest": _longest, "first": _first, "most specific": _most_specific}
)


def play_with(scenario: Scenario, policy: Policy, rng: random.Random, strong_writing: bool = True) -> str:
    """Play a day choosing by a policy; return the rating of the ending reached, or "stuck"."""
    state = start(scenario)
    for _ in range(MAX_STEPS):
        if state.finished:
            return scenario.nodes[state.ending_id or ""].rating  # type: ignore[union-attr]
        try:
            state = _move(scenario, state, policy, rng, strong_writing)
        except PlayError:
            return "stuck"
    return "stuck"


def _move(scenario: Scenario, state: PlayState, policy: Policy, rng: random.Random, strong: bool) -> PlayState:
    node = current_node(scenario, state)
    if isinstance(node, WriteTask):
        return hand_in(scenario, state, sample_text(node, strong))
    if not isinstance(node, Node):
        raise PlayError(f"'{node.id}' is neither a decision nor a write task")
    return choose(scenario, state, policy(node, rng).id)


def day_tells(scenario: Scenario, runs: int = STRATEGY_RUNS, seed: int = STRATEGY_SEED) -> DayTells:
    """Measure a day's decisions and play it with each naive strategy and at random among non-poor options."""
    rng = random.Random(seed)
    endings = {name: play_with(scenario, policy, rng) for name, policy in POLICIES.items()}
    random_runs = [play_with(scenario, _random_non_poor, rng, rng.random() < 0.5) for _ in range(runs)]
    return DayTells(
        scenario_id=scenario.id,
        source=scenario.source,
        decisions=tuple(decision_tells(node) for node in scenario.decisions),
        strategy_endings=MappingProxyType(endings),
        acceptable_ending=play_with(scenario, _acceptable, rng),
        random_good=sum(1 for rating in random_runs if rating == "good") / runs,
    )


def library_tells(scenarios: Sequence[Scenario], runs: int = STRATEGY_RUNS) -> LibraryTells:
    """Measure every day of a library."""
    return LibraryTells(tuple(day_tells(scenario, runs) for scenario in scenarios))


def tells_problems(tells: LibraryTells, where: str) -> list[Problem]:
    """Return the thresholds the library or one of its days misses, as errors."""
    problems = [Problem(day.source, message) for day in tells.days for message in _day_misses(day)]
    problems += [Problem(where, message) for message in _library_misses(tells)]
    return problems


def _day_misses(day: DayTells) -> list[str]:
    misses = []
    if day.share("best_longest") > MAX_BEST_LONGEST_IN_A_DAY:
        misses.append(f"the best choice is the longest text in {_percent(day.share('best_longest'))} of decisions "
                      f"(at most {_percent(MAX_BEST_LONGEST_IN_A_DAY)} in a day)")
    if day.acceptable_ending in ("poor", "stuck"):
        misses.append(f"taking the acceptable option wherever offered ends {day.acceptable_ending}: "
                      "acceptable must end mixed or good")
    return misses


def _library_misses(tells: LibraryTells) -> list[str]:
    checks = [
        (tells.share("best_longest") <= MAX_BEST_LONGEST, "decisions whose best choice is the longest text",
         tells.share("best_longest"), f"at most {_percent(MAX_BEST_LONGEST)}"),
        (tells.share("balanced") >= MIN_BALANCED, f"decisions whose shortest option is {_percent(BALANCE)} of the "
         "longest", tells.share("balanced"), f"at least {_percent(MIN_BALANCED)}"),
        (tells.share("branches") >= MIN_BRANCHING, "decisions that branch by choice", tells.share("branches"),
         f"at least {_percent(MIN_BRANCHING)}"),
        (tells.share("dilemma") >= MIN_DILEMMAS, "genuine dilemmas", tells.share("dilemma"),
         f"at least {_percent(MIN_DILEMMAS)}"),
        (tells.share("costly_best") >= MIN_COSTLY_BEST, "decisions whose best choice costs something",
         tells.share("costly_best"), f"at least {_percent(MIN_COSTLY_BEST)}"),
        (tells.random_good() >= MIN_RANDOM_GOOD, "random non-poor runs ending good", tells.random_good(),
         f"at least {_percent(MIN_RANDOM_GOOD)}"),
    ]
    misses = [f"{what}: {_percent(value)}, the target is {target}" for ok, what, value, target in checks if not ok]
    low, high = SPECIFICS_PARITY
    parity = tells.specifics_parity()
    if not low <= parity <= high:
        misses.append(f"best choices carry a specific {parity:.2f} times as often as other options "
                      f"(the target is {low}-{high})")
    for strategy in NAIVE:
        good = tells.naive_good_days(strategy)
        if good > MAX_NAIVE_GOOD_DAYS:
            misses.append(f"always choosing the {strategy} option ends well on {good} days "
                          f"(at most {MAX_NAIVE_GOOD_DAYS})")
    return misses


def _percent(value: float) -> str:
    return f"{round(100 * value)} %"


def format_tells(tells: LibraryTells) -> str:
    """Return the tells report: one line per day, then the library against its targets."""
    lines = ["Tells (how a day gives its answer away):"]
    lines += [_day_line(day) for day in tells.days]
    decisions = len(tells.decisions)
    lines.append(
        f"library, {len(tells.days)} days, {decisions} decisions: best first {_percent(tells.share('best_first'))}, "
        f"best longest {_percent(tells.share('best_longest'))} (target <= {_percent(MAX_BEST_LONGEST)}), "
        f"balanced {_percent(tells.share('balanced'))} (>= {_percent(MIN_BALANCED)}), "
        f"specifics best/others {tells.specifics_parity():.2f} ({SPECIFICS_PARITY[0]}-{SPECIFICS_PARITY[1]}), "
        f"branching {_percent(tells.share('branches'))} (>= {_percent(MIN_BRANCHING)}), "
        f"dilemmas {_percent(tells.share('dilemma'))} (>= {_percent(MIN_DILEMMAS)}), "
        f"costly best {_percent(tells.share('costly_best'))} (>= {_percent(MIN_COSTLY_BEST)})"
    )
    naive = ", ".join(f"{name} {tells.naive_good_days(name)}" for name in NAIVE)
    lines.append(f"library: good endings by always choosing the {naive} (target <= {MAX_NAIVE_GOOD_DAYS} each); "
                 f"random non-poor play ends good in {_percent(tells.random_good())} (>= {_percent(MIN_RANDOM_GOOD)})")
    return "\n".join(lines)


def _day_line(day: DayTells) -> str:
    count = len(day.decisions)

    def part(attribute: str) -> str:
        return f"{sum(1 for d in day.decisions if getattr(d, attribute))}/{count}"

    naive = ", ".join(f"{name} {rating}" for name, rating in day.strategy_endings.items())
    return (
        f"  {day.scenario_id}: best first {part('best_first')}, longest {part('best_longest')}, "
        f"balanced {part('balanced')}, branching {part('branches')}, dilemmas {part('dilemma')}, "
        f"costly best {part('costly_best')}; always {naive}; acceptable {day.acceptable_ending}; "
        f"random non-poor good {_percent(day.random_good)}"
    )
