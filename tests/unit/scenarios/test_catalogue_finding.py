"""Searching and sorting the catalogue, finding in a debrief: words found whatever their case and accents."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from learnpm.core.search import QUERY_LENGTH, QUERY_WORDS, clean_query, fold, search_words
from learnpm.scenarios.core.play import debrief
from learnpm.scenarios.core.play.catalogue import ScenarioCard
from learnpm.scenarios.core.play.finding import find_moves, search_cards, sort_cards

from ._support import sandbox

LABELS = {"stakeholders": "Stakeholder engagement", "risk": "Risk management", "escalation": "Escalation timing"}


def card(scenario_id: str, title: str, minutes: int = 30, summary: str = "", competencies: tuple[str, ...] = ()
         ) -> ScenarioCard:
    scenario = replace(sandbox(), id=scenario_id, title=title, summary=summary, role="Project manager",
                       competencies=competencies)
    return ScenarioCard(scenario, decisions=minutes // 2, writes=0, minutes=minutes)


CARDS = [
    card("lodz", "Łódź warehouse move", 40, "Trucks arrive early.", ("risk",)),
    card("shelter", "Shelter adoption day", 20, "Volunteers and a vet.", ("stakeholders",)),
    card("vendor", "Vendor sandbox down", 30, "A café meeting with the vendor.", ("escalation", "risk")),
    card("audit", "Zażółć audit", 25, "Gęślą jaźń.", ()),
]


def ids(cards: list[ScenarioCard]) -> list[str]:
    return [c.scenario.id for c in cards]


@pytest.mark.parametrize(("text", "folded"), [
    ("Łódź", "lodz"), ("ZAŻÓŁĆ", "zazolc"), ("Café", "cafe"), ("straße", "strasse"), ("Ørsted", "orsted"),
    ("ﬁle", "file"), ("already plain", "already plain"), ("", ""),
])
def test_folding_drops_case_and_accents(text: str, folded: str) -> None:
    assert fold(text) == folded


@pytest.mark.parametrize(("query", "expected"), [
    ("", ["lodz", "shelter", "vendor", "audit"]),
    ("lodz", ["lodz"]),  # typed without the Polish letters
    ("ŁÓDŹ", ["lodz"]),
    ("cafe", ["vendor"]),  # in the summary, written with an accent
    ("risk", ["lodz", "vendor"]),  # the competency's id
    ("stakeholder engagement", ["shelter"]),  # its label, every word needed
    ("ESCALATION vendor", ["vendor"]),
    ("vendor shelter", []),  # no card holds both words
    ("project manager", ["lodz", "shelter", "vendor", "audit"]),  # the role
    ("gesla jazn", ["audit"]),
    ("zzz", []),
    ("   ", ["lodz", "shelter", "vendor", "audit"]),
    ("%_*", []),  # odd characters are letters like others, never patterns
])
def test_a_search_keeps_cards_holding_every_word(query: str, expected: list[str]) -> None:
    assert ids(search_cards(CARDS, query, LABELS)) == expected


def test_a_long_search_is_cut_to_its_bound() -> None:
    assert len(clean_query("a" * 5000)) == QUERY_LENGTH
    assert len(search_words(" ".join(["word"] * 50))) == QUERY_WORDS
    assert clean_query("  two\x00\nwords\t ") == "two words"


@settings(max_examples=60, deadline=None, database=None)
@given(query=st.text(max_size=300))
def test_any_search_is_harmless_and_keeps_a_subset_in_order(query: str) -> None:
    found = ids(search_cards(CARDS, query, LABELS))
    assert found == [i for i in ids(CARDS) if i in found]
    assert len(clean_query(query)) <= QUERY_LENGTH


@pytest.mark.parametrize(("sort", "expected"), [
    ("title", ["lodz", "shelter", "vendor", "audit"]),  # Ł sorts as L, Ż as Z
    ("shortest", ["shelter", "audit", "vendor", "lodz"]),
    ("unplayed", ["lodz", "audit", "shelter", "vendor"]),  # shelter finished, vendor begun
    ("recommended", ["vendor", "lodz", "audit", "shelter"]),  # begun; then trains "risk", the weakest; finished last
    ("nonsense", ["lodz", "shelter", "vendor", "audit"]),
    ("", ["lodz", "shelter", "vendor", "audit"]),
])
def test_the_cards_come_in_the_order_asked(sort: str, expected: list[str]) -> None:
    shuffled = [CARDS[2], CARDS[0], CARDS[3], CARDS[1]]
    assert ids(sort_cards(shuffled, sort, frozenset({"shelter"}), frozenset({"vendor"}), ["risk", "stakeholders"])) \
        == expected


def test_recommended_puts_the_weakest_competency_first_then_the_shorter() -> None:
    weakest_is_stakeholders = sort_cards(CARDS, "recommended", weakest=["stakeholders", "risk"])
    assert ids(weakest_is_stakeholders) == ["shelter", "vendor", "lodz", "audit"]
    assert ids(sort_cards(CARDS, "recommended")) == ["shelter", "audit", "vendor", "lodz"]  # nothing known: shortest


def best_day() -> list:
    return debrief.path(sandbox(), debrief.ideal_play(sandbox()))


def test_the_best_day_is_worked_out_once_per_loaded_scenario_and_again_for_content_loaded_anew() -> None:
    scenario = sandbox()
    kept = debrief.best_day(scenario)
    assert debrief.best_day(scenario) is kept
    assert kept.state == debrief.ideal_play(scenario)
    assert list(kept.path) == debrief.path(scenario, kept.state)
    reloaded = replace(scenario, title="The same day, loaded again")
    assert debrief.best_day(reloaded) is not kept
    assert debrief.best_day(reloaded).state == debrief.ideal_play(reloaded)


@pytest.mark.parametrize(("query", "show", "count"), [
    ("", "", None),  # every move
    ("PRIYA móck", "", 1),
    ("zeppelin", "", 0),
    ("", "missed", 0),  # the best choice everywhere
    ("", "written", 1),
    ("priya", "written", 0),
    ("", "sideways", None),  # an unknown filter keeps every move
])
def test_a_find_in_the_debrief_keeps_the_moves_holding_its_words(query: str, show: str, count: int | None) -> None:
    path = best_day()
    found = find_moves(path, query, show)
    assert len(found) == (len(path) if count is None else count)
    assert found == [entry for entry in path if entry in found]  # in the order of the day
