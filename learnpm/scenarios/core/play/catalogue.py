"""The catalogue: what each scenario trains, how long it takes, and the filters over it. Pure functions."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from learnpm.scenarios.core.content.scenario import Scenario
from learnpm.scenarios.core.play.debrief import best_day

# A learner reads a card and decides in about two minutes; writing and self-scoring a message takes ten.
MINUTES_PER_DECISION = 2
MINUTES_PER_WRITE = 10
LENGTHS = {"short": (0, 24), "medium": (25, 34), "long": (35, 10_000)}


@dataclass(frozen=True)
class ScenarioCard:
    """A scenario as the catalogue shows it."""

    scenario: Scenario
    decisions: int
    writes: int
    minutes: int

    @property
    def length(self) -> str:
        """Return short, medium or long."""
        return next(name for name, (low, high) in LENGTHS.items() if low <= self.minutes <= high)


def card_for(scenario: Scenario) -> ScenarioCard:
    """Estimate a scenario's playing time from the moves along its best path."""
    moves = [step for step in best_day(scenario).state.history if step.kind != "event"]
    writes = sum(1 for step in moves if step.kind == "write")
    decisions = len(moves) - writes
    return ScenarioCard(scenario, decisions, writes, decisions * MINUTES_PER_DECISION + writes * MINUTES_PER_WRITE)


def filter_cards(
    cards: Iterable[ScenarioCard],
    competency: str = "",
    length: str = "",
    status: str = "",
    finished_ids: frozenset[str] = frozenset(),
) -> list[ScenarioCard]:
    """Keep the cards that train `competency`, have `length` and are done / not done, as asked."""
    chosen = []
    for card in cards:
        if competency and competency not in card.scenario.competencies:
            continue
        if length and card.length != length:
            continue
        done = card.scenario.id in finished_ids
        if (status == "done" and not done) or (status == "todo" and done):
            continue
        chosen.append(card)
    return chosen


def cards_by_id(scenarios: Mapping[str, Scenario]) -> dict[str, ScenarioCard]:
    """Return a card for every scenario, by id, sorted by title."""
    cards = sorted((card_for(s) for s in scenarios.values()), key=lambda card: card.scenario.title.lower())
    return {card.scenario.id: card for card in cards}
