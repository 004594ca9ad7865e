"""The condition grammar: what authors may write in `when`, and the errors they see when they slip."""

from __future__ import annotations

import pytest

from learnpm.scenarios.core.content.conditions import ConditionError, clock_minutes, parse_condition

METERS = {"trust": 60, "schedule": 40}
FLAGS = frozenset({"vendor_ticket"})
NOON = clock_minutes("12:00")


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("trust >= 60", True),
        ("trust > 60", False),
        ("trust <= 60", True),
        ("trust < 60", False),
        ("trust == 60", True),
        ("trust != 60", False),
        ("schedule<50", True),
        ("vendor_ticket", True),
        ("sponsor_told", False),
        ("not sponsor_told", True),
        ("not not vendor_ticket", True),
        ("vendor_ticket and trust >= 60", True),
        ("vendor_ticket and schedule >= 50", False),
        ("sponsor_told or schedule < 50", True),
        # `and` binds tighter than `or`: true or (false and false)
        ("vendor_ticket or sponsor_told and schedule > 90", True),
        ("(vendor_ticket or sponsor_told) and schedule > 90", False),
        ("not (sponsor_told or schedule > 90)", True),
        ('clock >= "12:00"', True),
        ('clock > "12:00"', False),
        ("clock < '12:30'", True),
        ('clock == "12:00" and not sponsor_told', True),
        ("  trust   >=   60  ", True),
    ],
)
def test_condition_holds_or_not(source: str, expected: bool) -> None:
    assert parse_condition(source).evaluate(METERS, FLAGS, NOON) is expected


@pytest.mark.parametrize(
    ("source", "column", "says"),
    [
        ("", 1, "empty condition"),
        ("trust >= high", 10, "whole number"),
        ("trust >=", 9, "whole number"),
        ("trust = 60", 7, "use '=='"),
        ("vendor_ticket && trust > 5", 15, "use 'and'"),
        ("vendor_ticket || trust > 5", 15, "use 'or'"),
        ("(vendor_ticket", 15, "expected ')'"),
        ("vendor_ticket)", 14, "expected 'and', 'or'"),
        ("trust >= 60 60", 13, "expected 'and', 'or'"),
        ("and vendor_ticket", 1, "a flag, a comparison or '('"),
        ("vendor_ticket and", 18, "a flag, a comparison or '('"),
        ("clock >= 600", 10, "quoted time"),
        ("clock", 6, "comparison after clock"),
        ('clock >= "25:00"', 10, "HH:MM"),
        ('clock >= "noon"', 10, "HH:MM"),
        ('clock >= "12:00', 10, "unterminated"),
        ("trust >= 6.5", 11, "unexpected '.'"),
        ("trust >= -5", 10, "unexpected '-'"),
        ("eval('1')", 5, "expected 'and', 'or'"),
    ],
)
def test_bad_condition_names_the_position(source: str, column: int, says: str) -> None:
    with pytest.raises(ConditionError) as caught:
        parse_condition(source)
    assert caught.value.position + 1 == column
    assert says in str(caught.value)
    assert f"column {column}" in str(caught.value)


@pytest.mark.parametrize(
    ("source", "meters", "flags"),
    [
        ("trust >= 60", {"trust"}, set()),
        ("vendor_ticket", set(), {"vendor_ticket"}),
        ('not a and (b or trust < 3) and clock > "09:00"', {"trust"}, {"a", "b"}),
        ("(trust > 1 or schedule > 2) and not (sponsor_told)", {"trust", "schedule"}, {"sponsor_told"}),
    ],
)
def test_condition_lists_the_names_it_reads(source: str, meters: set[str], flags: set[str]) -> None:
    condition = parse_condition(source)
    assert condition.meters_read() == meters
    assert condition.flags_read() == flags
    assert condition.names() == meters | flags


def test_clock_tests_are_listed_in_minutes() -> None:
    condition = parse_condition('clock >= "09:30" and clock < "17:00"')
    assert [test.minutes for test in condition.clock_tests()] == [570, 1020]


def test_parsed_conditions_are_immutable_and_comparable() -> None:
    first, second = parse_condition("trust >= 60 and x"), parse_condition("trust >= 60 and x")
    assert first == second
    assert hash(first) == hash(second)
    with pytest.raises(AttributeError):
        first.source = "other"  # type: ignore[misc]


def test_evaluating_an_unknown_meter_is_refused() -> None:
    with pytest.raises(LookupError, match="budget"):
        parse_condition("budget > 5").evaluate(METERS, FLAGS, NOON)


@pytest.mark.parametrize(
    ("text", "minutes"), [("00:00", 0), ("08:30", 510), ("12:00", 720), ("23:59", 1439)]
)
def test_clock_minutes(text: str, minutes: int) -> None:
    assert clock_minutes(text) == minutes


@pytest.mark.parametrize("text", ["8:30", "24:00", "12:60", "12.00", "noon", ""])
def test_clock_minutes_rejects_other_forms(text: str) -> None:
    with pytest.raises(ValueError, match="HH:MM"):
        clock_minutes(text)
