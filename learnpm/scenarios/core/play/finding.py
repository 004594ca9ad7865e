"""Searching and sorting the catalogue's cards, and finding moves in a debrief: words matched whatever their case
and accents. Pure functions."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from learnpm.core.search import fold, search_words
from learnpm.scenarios.core.play.catalogue import ScenarioCard
from learnpm.scenarios.core.play.debrief import PathEntry

# Sorts a learner picks from, by the name their link carries, and the one used when none (or a strange one) is asked.
SORTS = {
    "title": "Title, A to Z",
    "recommended": "Recommended for you",
    "shortest": "Shortest first",
    "unplayed": "Not yet played first",
}
DEFAULT_SORT = "title"


def card_text(card: ScenarioCard, competency_labels: Mapping[str, str]) -> str:
    """Return everything a search looks in: title, summary, role, competencies by id and by label."""
    scenario = card.scenario
    labels = [competency_labels.get(competency, "") for competency in scenario.competencies]
    return fold(" ".join([scenario.title, scenario.summary, scenario.role, *scenario.competencies, *labels]))


def search_cards(cards: Iterable[ScenarioCard], query: str,
                 competency_labels: Mapping[str, str] | None = None) -> list[ScenarioCard]:
    """Keep the cards holding every word of the search somewhere in their text (all of them for an empty one)."""
    words = search_words(query)
    if not words:
        return list(cards)
    return [card for card in cards if all(word in card_text(card, competency_labels or {}) for word in words)]


def sort_cards(cards: Iterable[ScenarioCard], sort: str, finished_ids: frozenset[str] = frozenset(),
               started_ids: frozenset[str] = frozenset(), weakest: Sequence[str] = ()) -> list[ScenarioCard]:
    """Return the cards in the asked order (by title for an unknown one); ties always fall back on the title."""
    by_title = sorted(cards, key=lambda card: (fold(card.scenario.title), card.scenario.id))
    if sort == "shortest":
        return sorted(by_title, key=lambda card: card.minutes)
    if sort == "unplayed":
        return sorted(by_title, key=lambda card: card.scenario.id in started_ids | finished_ids)
    if sort == "recommended":
        return sorted(by_title, key=lambda card: recommendation_rank(card, finished_ids, started_ids, weakest))
    return by_title


def recommendation_rank(card: ScenarioCard, finished_ids: frozenset[str], started_ids: frozenset[str],
                        weakest: Sequence[str]) -> tuple[int, int, int]:
    """Rank a card: a day begun and not finished first, then days not finished that train the learner's weakest
    competencies (the weakest first), then the shorter; finished days last."""
    scenario_id = card.scenario.id
    trained = [weakest.index(c) for c in card.scenario.competencies if c in weakest]
    stage = 0 if scenario_id in started_ids else (2 if scenario_id in finished_ids else 1)
    return stage, min(trained, default=len(weakest)), card.minutes


# What the debrief's list of moves can be narrowed to, by the name its link carries.
MOVE_FILTERS = {"": "Every move", "missed": "Choices that were not the best", "written": "Messages you wrote"}
LONG_DAY = 8  # moves from which the debrief offers to find in them


def move_text(entry: PathEntry) -> str:
    """Return everything a find looks in for one move: who wrote, what they wrote, the choice and its feedback."""
    node, chosen = entry.node, entry.chosen
    parts = [node.sender or "", node.subject or "", node.text, getattr(node, "prompt", ""), entry.text or ""]
    if chosen is not None:
        parts += [chosen.text, chosen.reaction, chosen.feedback]
    return fold(" ".join(parts))


def find_moves(path: Iterable[PathEntry], query: str, show: str = "") -> list[PathEntry]:
    """Keep the moves holding every word of the query, narrowed to missed choices or written messages if asked."""
    words = search_words(query)
    kept = []
    for entry in path:
        if show == "missed" and (entry.chosen is None or entry.chosen.quality == "best"):
            continue
        if show == "written" and entry.chosen is not None:
            continue
        if all(word in move_text(entry) for word in words):
            kept.append(entry)
    return kept
