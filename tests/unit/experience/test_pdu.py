"""The PDU tracker: caps, minimums per area, steps of 0.25 and the carry-over, per certification.

PMP cycle from 2023-03-15: it ends 2026-03-14 and its last year begins 2025-03-15.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from learnpm.experience.core.pdu import Cycle, PduClaim, certification_cycle, claim_problems, pdu_status

START = date(2023, 3, 15)
EARLY = date(2023, 6, 1)
LATE = date(2025, 9, 1)


def claims(*items: tuple[str, str | int, date]) -> list[PduClaim]:
    return [PduClaim(category, Decimal(str(amount)), day) for category, amount, day in items]


def education(ways: int, power: int, business: int, day: date = EARLY) -> list[PduClaim]:
    amounts = {"ways_of_working": ways, "power_skills": power, "business_acumen": business}
    return claims(*((area, amount, day) for area, amount in amounts.items() if amount))


PMP_CASES = [
    # case, claims, total counted, giving back counted, missing (total, education, ways, power, business), carry-over
    ("all education", education(20, 20, 20), 60, 0, (0, 0, 0, 0, 0), 0),
    (
        "education minimum plus giving back",
        education(8, 8, 19) + claims(("volunteering", 25, EARLY)),
        60,
        25,
        (0, 0, 0, 0, 0),
        0,
    ),
    (
        "giving back over its cap",
        education(10, 10, 10) + claims(("volunteering", 30, EARLY)),
        55,
        25,
        (5, 5, 0, 0, 0),
        0,
    ),
    (
        "practitioner over its cap",
        education(10, 10, 15) + claims(("working_as_practitioner", 15, EARLY), ("sharing_knowledge", 10, EARLY)),
        53,
        18,
        (7, 0, 0, 0, 0),
        0,
    ),
    ("an area short", education(5, 20, 35), 60, 0, (0, 0, 3, 0, 0), 0),
    ("nothing yet", [], 0, 0, (60, 35, 8, 8, 8), 0),
    ("carry-over up to the cap", education(20, 20, 10) + education(10, 10, 10, LATE), 80, 0, (0, 0, 0, 0, 0), 20),
    (
        "carry-over up to last year's PDUs",
        education(20, 20, 25) + claims(("power_skills", 10, LATE)),
        75,
        0,
        (0, 0, 0, 0, 0),
        10,
    ),
    ("carry-over up to the surplus", education(10, 10, 15) + education(10, 10, 10, LATE), 65, 0, (0, 0, 0, 0, 0), 5),
    ("carry-over of a large surplus", education(20, 20, 10) + education(20, 20, 10, LATE), 100, 0, (0, 0, 0, 0, 0), 20),
    (
        "no carry-over while an area is short",
        education(0, 30, 30) + education(4, 10, 10, LATE),
        84,
        0,
        (0, 0, 4, 0, 0),
        0,
    ),
    (
        "the first day of the last year counts",
        education(20, 20, 20) + claims(("power_skills", 5, date(2025, 3, 15))),
        65,
        0,
        (0, 0, 0, 0, 0),
        5,
    ),
    (
        "the day before it does not",
        education(20, 20, 20) + claims(("power_skills", 5, date(2025, 3, 14))),
        65,
        0,
        (0, 0, 0, 0, 0),
        0,
    ),
    (
        "quarter PDUs add up exactly",
        education(8, 8, 18) + claims(*[("business_acumen", "0.25", EARLY)] * 4, ("volunteering", 25, EARLY)),
        60,
        25,
        (0, 0, 0, 0, 0),
        0,
    ),
]


@pytest.mark.parametrize(
    ("items", "total", "giving_back", "missing", "carry_over"),
    [case[1:] for case in PMP_CASES],
    ids=[case[0] for case in PMP_CASES],
)
def test_pmp_cycle(
    items: list[PduClaim], total: int, giving_back: int, missing: tuple[int, ...], carry_over: int
) -> None:
    status = pdu_status("pmp", START, items)
    assert status.total_counted == total
    assert status.giving_back_counted == giving_back
    keys = ("total", "education", "ways_of_working", "power_skills", "business_acumen")
    assert tuple(status.missing[key] for key in keys) == missing
    assert status.met is (sum(missing) == 0)
    assert status.carry_over == carry_over


def test_what_the_caps_leave_out() -> None:
    status = pdu_status(
        "pmp",
        START,
        education(10, 10, 15) + claims(("working_as_practitioner", 15, EARLY), ("volunteering", 20, EARLY)),
    )
    assert (status.practitioner_claimed, status.practitioner_counted) == (Decimal(15), Decimal(8))
    assert (status.giving_back_claimed, status.giving_back_counted, status.not_counted) == (
        Decimal(35),
        Decimal(25),
        Decimal(10),
    )


@pytest.mark.parametrize(
    ("certification", "items", "total", "met", "carry_over"),
    [
        ("capm", education(2, 2, 5) + claims(("volunteering", 6, EARLY)), 15, True, 0),
        ("capm", education(2, 2, 5) + claims(("working_as_practitioner", 6, EARLY)), 11, False, 0),
        ("capm", education(5, 5, 5) + education(5, 5, 5, LATE), 30, True, 5),
        ("acp", education(4, 4, 10) + claims(("creating_content", 12, EARLY)), 30, True, 0),
        ("acp", education(3, 10, 17), 30, False, 0),
        ("acp", education(10, 10, 10) + education(5, 5, 5, LATE), 45, True, 10),
    ],
)
def test_capm_and_acp_cycles(certification: str, items: list[PduClaim], total: int, met: bool, carry_over: int) -> None:
    status = pdu_status(certification, START, items)
    assert (status.total_counted, status.met, status.carry_over) == (Decimal(total), met, Decimal(carry_over))


@pytest.mark.parametrize(
    ("claim", "expected"),
    [
        (PduClaim("power_skills", Decimal("1.25"), EARLY), []),
        (PduClaim("power_skills", Decimal("0.3"), EARLY), [("amount", "steps of 0.25")]),
        (PduClaim("power_skills", Decimal("0.1"), EARLY), [("amount", "steps of 0.25")]),
        (PduClaim("power_skills", Decimal("0"), EARLY), [("amount", "more than 0")]),
        (PduClaim("power_skills", Decimal("-2"), EARLY), [("amount", "more than 0")]),
        (PduClaim("leadership", Decimal("1"), EARLY), [("category", "unknown category 'leadership'")]),
        (
            PduClaim("power_skills", Decimal("1"), date(2023, 3, 14)),
            [("earned_on", "outside this cycle (2023-03-15 to 2026-03-14)")],
        ),
        (PduClaim("power_skills", Decimal("1"), date(2026, 3, 15)), [("earned_on", "outside")]),
        (PduClaim("power_skills", Decimal("1"), date(2026, 3, 14)), []),
    ],
)
def test_claim_problems(claim: PduClaim, expected: list[tuple[str, str]]) -> None:
    problems = claim_problems(claim, certification_cycle("pmp", START))
    assert [p.field for p in problems] == [field for field, _ in expected]
    assert all(words in p.message for p, (_, words) in zip(problems, expected, strict=True))


def test_the_tracker_refuses_claims_not_in_steps() -> None:
    with pytest.raises(ValueError, match=r"claim 2: amount: PDUs are claimed in steps of 0\.25"):
        pdu_status("pmp", START, claims(("power_skills", 1, EARLY), ("power_skills", "1.1", EARLY)))


def test_an_unknown_certification_is_named() -> None:
    with pytest.raises(KeyError, match="pmi-xyz"):
        pdu_status("pmi-xyz", START, [])


@pytest.mark.parametrize(
    ("start", "end", "last_year"),
    [
        (date(2023, 3, 15), date(2026, 3, 14), date(2025, 3, 15)),
        (date(2024, 2, 29), date(2027, 2, 28), date(2026, 3, 1)),
        (date(2023, 1, 1), date(2025, 12, 31), date(2025, 1, 1)),
    ],
)
def test_a_cycle_lasts_three_years_from_the_exam(start: date, end: date, last_year: date) -> None:
    cycle = Cycle(start, 3)
    assert (cycle.end, cycle.last_year_start) == (end, last_year)
