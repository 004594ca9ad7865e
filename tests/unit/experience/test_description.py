"""A project description: assembled in PMI's order, counted in words, checked against the rule set's limits."""

from __future__ import annotations

import pytest

from learnpm.experience.core.description import (
    DescriptionParts,
    assemble_description,
    count_words,
    description_report,
    length_problems,
)
from learnpm.experience.core.rules.library import default_rules

from ._support import changed

PARTS = DescriptionParts(
    objective="Replace the food bank's paper sign-up with an online form.",
    role="Volunteer project lead for a team of five.",
    sections={"CL": "Handed over to the coordinator.", "IN": "Wrote the charter.", "EX": "Led weekly sprints."},
    outcome="Sign-ups went online in May; waiting times halved.",
)


def test_parts_are_assembled_in_pmis_order_whatever_order_they_came_in() -> None:
    assert assemble_description(PARTS) == "\n".join(
        [
            "Replace the food bank's paper sign-up with an online form.",
            "Volunteer project lead for a team of five.",
            "IN: Wrote the charter.",
            "EX: Led weekly sprints.",
            "CL: Handed over to the coordinator.",
            "Sign-ups went online in May; waiting times halved.",
        ]
    )


def test_a_breakdown_by_domain_uses_the_domain_labels_in_outline_order() -> None:
    parts = DescriptionParts(
        objective="Objective.",
        sections={"business_environment": "Aligned with the board.", "people": "Coached two volunteers."},
        breakdown="domain",
    )
    assert assemble_description(parts) == (
        "Objective.\nPeople: Coached two volunteers.\nBusiness Environment: Aligned with the board."
    )


def test_empty_and_blank_parts_leave_no_empty_lines() -> None:
    parts = DescriptionParts(objective="  Objective.  ", role=" ", sections={"PL": "", "MC": " Tracked. "})
    assert assemble_description(parts) == "Objective.\nMC: Tracked."


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", 0),
        ("   \n\t ", 0),
        ("one", 1),
        ("two words", 2),
        ("IN: Wrote the charter.", 4),
        ("a - dash alone is no word", 6),
        ("e-mail and don't count once each", 6),
        ("lines\nand\ttabs", 3),
        ("budget of $1.2M, 3.5 FTE", 5),
        ("Café naïve — résumé", 3),
    ],
)
def test_count_words(text: str, words: int) -> None:
    assert count_words(text) == words


LIMITS = [
    # words, level or None, says
    (0, "error", "at least 100"),
    (99, "error", "has 99 words; PMI needs at least 100"),
    (100, "warning", "typically 200 to 500"),
    (199, "warning", "typically 200 to 500"),
    (200, None, ""),
    (350, None, ""),
    (500, None, ""),
    (501, "warning", "has 501 words"),
    (2000, "warning", "typically 200 to 500"),
]


@pytest.mark.parametrize(("words", "level", "says"), LIMITS)
def test_length_against_the_rule_sets_limits(words: int, level: str | None, says: str) -> None:
    problems = length_problems(words, default_rules().pmp.description)
    assert [problem.level for problem in problems] == ([level] if level else [])
    assert all(says in problem.message for problem in problems)


def test_a_hard_maximum_when_a_rule_set_has_one() -> None:
    limits = changed(default_rules().pmp, "description.maximum_words", 550).description
    assert [(p.level, p.message) for p in length_problems(551, limits)] == [
        ("error", "The description has 551 words; the limit is 550.")
    ]
    assert (
        length_problems(1, changed(default_rules().pmp, "description.minimum_words", 1).description)[0].level
        == "warning"
    )


def _words(count: int) -> str:
    return " ".join(["word"] * count)


def test_the_report_counts_the_assembled_text_prefixes_included() -> None:
    # 10 + 10 + ("IN:" + 80) + 10 = 111 words.
    parts = DescriptionParts(_words(10), _words(10), {"IN": _words(80)}, _words(10))
    report = description_report(parts)
    assert report.words == 111
    assert [(p.field, p.level) for p in report.problems] == [("description", "warning")]


def test_a_short_description_is_an_error_at_the_description_field() -> None:
    report = description_report(PARTS)
    # 10 (objective) + 8 (role) + 4 (IN) + 4 (EX) + 6 (CL) + 8 (outcome)
    assert report.words == 40
    assert [(p.field, p.level) for p in report.problems] == [("description", "error")]


def test_missing_essentials_are_warned_about_field_by_field() -> None:
    report = description_report(DescriptionParts(sections={"PL": _words(250)}))
    assert [(p.field, p.level) for p in report.problems] == [
        ("objective", "warning"),
        ("role", "warning"),
        ("outcome", "warning"),
    ]


def test_an_unknown_section_is_an_error() -> None:
    report = description_report(DescriptionParts("o", "r", {"XX": "x", "people": "y"}, "o"))
    errors = [p.message for p in report.problems if p.field == "sections"]
    assert errors == [
        "unknown section 'XX'; expected one of IN, PL, EX, MC, CL",
        "unknown section 'people'; expected one of IN, PL, EX, MC, CL",
    ]
