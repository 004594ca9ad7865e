"""Where learnpm follows PMI's form and rules to the letter: cycles from 29 February, courses still running,
practitioner PDUs at the end of a cycle, "Other" with its words, the form's lengths and its end month."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from learnpm.experience.core.application_form import ProjectFields, project_problems
from learnpm.experience.core.education import counted_contact_hours
from learnpm.experience.core.months import Month
from learnpm.experience.core.pdu import PduClaim, certification_cycle, claim_problems, cycle_running, pdu_status
from learnpm.experience.core.rules.library import default_rules

TODAY = date(2026, 12, 1)


@pytest.mark.parametrize(
    ("start", "today", "running"),
    [
        (date(2024, 2, 29), date(2024, 2, 29), True),  # the day the exam was passed
        (date(2024, 2, 29), date(2027, 2, 28), True),  # the last day of the cycle
        (date(2024, 2, 29), date(2027, 3, 1), False),  # 29 February 2027 does not exist: the cycle ended
        (date(2024, 2, 29), date(2024, 2, 28), False),  # before the exam
        (date(2023, 3, 15), date(2026, 3, 14), True),
        (date(2023, 3, 15), date(2026, 3, 15), False),
    ],
    ids=["first day", "last day", "day after", "day before", "an ordinary last day", "an ordinary day after"],
)
def test_a_capm_cycle_from_29_february_runs_three_years(start, today, running):
    assert cycle_running("capm", start, today) is running


def test_a_cycle_from_29_february_ends_on_28_february():
    assert certification_cycle("capm", date(2024, 2, 29)).end == date(2027, 2, 28)


@pytest.mark.parametrize(
    ("end_month", "counted"),
    [
        (date(2026, 11, 1), Decimal(35)),  # ended last month: done
        (date(2026, 12, 1), Decimal(0)),  # ends this month: it may still be running
        (date(2027, 1, 1), Decimal(0)),  # ends next month
        (date(2019, 5, 1), Decimal(35)),  # contact hours never expire
    ],
    ids=["last month", "this month", "next month", "years ago"],
)
def test_a_course_counts_once_its_end_month_is_over(end_month, counted):
    assert counted_contact_hours([(end_month, Decimal(35))], TODAY) == counted


def _claims(*items: tuple[str, int, date]) -> list[PduClaim]:
    return [PduClaim(category, Decimal(amount), day) for category, amount, day in items]


START, EARLY, LATE = date(2023, 3, 15), date(2023, 6, 1), date(2025, 9, 1)
BASE = _claims(("ways_of_working", 20, EARLY), ("power_skills", 20, EARLY), ("business_acumen", 12, EARLY))


@pytest.mark.parametrize(
    ("extra", "carry_over"),
    [
        (_claims(("ways_of_working", 8, LATE), ("working_as_practitioner", 8, LATE)), Decimal(8)),
        (_claims(("working_as_practitioner", 8, LATE), ("volunteering", 8, LATE)), Decimal(8)),
        (_claims(("ways_of_working", 8, LATE), ("working_as_practitioner", 8, EARLY), ("power_skills", 8, LATE)),
         Decimal(16)),
        (_claims(("working_as_practitioner", 8, LATE), ("ways_of_working", 4, LATE)), Decimal(4)),
        (_claims(("working_as_practitioner", 8, LATE), ("ways_of_working", 12, EARLY)), Decimal(0)),
        (_claims(("working_as_practitioner", 8, LATE), ("ways_of_working", 2, LATE), ("power_skills", 6, EARLY)),
         Decimal(2)),
    ],
    ids=["practitioner beside education", "practitioner beside volunteering", "practitioner earned early",
         "only part of the surplus is not practitioner", "all of last year's surplus is practitioner",
         "practitioner makes most of last year"],
)
def test_practitioner_pdus_at_the_end_of_a_cycle_do_not_carry_over(extra, carry_over):
    status = pdu_status("pmp", START, BASE + extra)
    assert status.met
    assert status.carry_over == carry_over


@pytest.mark.parametrize(
    ("certification", "on_topic", "refused"),
    [("acp", False, True), ("acp", True, False), ("acp", None, True), ("pmp", False, False), ("pmp", None, False)],
)
def test_pmi_acp_claims_must_be_on_agile_topics(certification, on_topic, refused):
    claim = PduClaim("ways_of_working", Decimal(2), date(2026, 1, 5), on_required_topic=on_topic)
    cycle = certification_cycle(certification, date(2025, 6, 1))
    limits = default_rules().pdu.certification(certification)
    problems = claim_problems(claim, cycle, certification=limits)
    assert any(p.field == "on_required_topic" and "agile topics" in p.message for p in problems) is refused


def fields(**changes) -> ProjectFields:
    values = {"title": "Spring adoption day", "organization": "Riverside Animal Shelter",
              "job_title": "Volunteer coordinator",
              "options": {"functional_reporting_area": "operations", "organization_primary_focus": "nonprofit"},
              "other_texts": {}, "end": Month(2026, 6)}
    return ProjectFields(**{**values, **changes})


PROJECT_CASES = [
    ("a sound project", {}, None),
    ("a title of 80 characters", {"title": "t" * 80}, None),
    ("a title of 81 characters", {"title": "t" * 81}, ("title", "at most 80 characters")),
    ("an organization of 60", {"organization": "o" * 60}, None),
    ("an organization of 61", {"organization": "o" * 61}, ("organization", "at most 60 characters")),
    ("a job title of 100", {"job_title": "j" * 100}, None),
    ("a job title of 101", {"job_title": "j" * 101}, ("job_title", "at most 100 characters")),
    ("a title of 80 letters with accents", {"title": "é" * 80}, None),
    ("Other with its words", {"options": {"functional_reporting_area": "other"},
                              "other_texts": {"functional_reporting_area": "Animal welfare"}}, None),
    ("Other without words", {"options": {"functional_reporting_area": "other"}},
     ("functional_reporting_area_other", "You chose Other")),
    ("Other with only spaces", {"options": {"organization_primary_focus": "other"},
                                "other_texts": {"organization_primary_focus": "   "}},
     ("organization_primary_focus_other", "You chose Other")),
    ("Other with too many words", {"options": {"organization_primary_focus": "other"},
                                   "other_texts": {"organization_primary_focus": "w" * 101}},
     ("organization_primary_focus_other", "at most 100 characters")),
    ("words without Other are not needed", {"other_texts": {"functional_reporting_area": "ignored"}}, None),
    ("Other in a list that needs no words", {"options": {"approach": "other"}}, None),
    ("ended this month", {"end": Month(2026, 12)}, None),
    ("in progress", {"end": None}, None),
    ("ends next month", {"end": Month(2027, 1)}, ("end_month", "tick “still in progress”")),
]


@pytest.mark.parametrize(("changes", "expected"), [case[1:] for case in PROJECT_CASES],
                         ids=[case[0] for case in PROJECT_CASES])
def test_a_project_as_pmi_s_form_takes_it(changes, expected):
    problems = project_problems(fields(**changes), TODAY)
    if expected is None:
        assert problems == ()
    else:
        field, words = expected
        assert [p.field for p in problems] == [field]
        assert words in problems[0].message


@pytest.mark.parametrize(
    ("list_name", "stored", "shown"),
    [("team_size", "50-99", "20-plus"), ("team_size", "1-4", "1-4"), ("budget", "10m-plus", None),
     ("budget", "10m-25m", "10m-25m")],
)
def test_older_bands_map_to_the_new_lists(list_name, stored, shown):
    option = getattr(default_rules().options, list_name).resolve(stored)
    assert (option.id if option else None) == shown


def test_the_option_lists_carry_the_reported_bands_with_their_confidence():
    options = default_rules().options
    assert options.team_size.options[-2].label == "20 or more" and options.team_size.confidence == "L"
    assert "10m-25m" in options.budget.ids() and options.budget.confidence == "L"


def test_the_months_rule_starts_with_the_redesigned_application_of_june_2020():
    rules = default_rules()
    assert rules.pmp.effective_from == date(2020, 6, 18)
    assert rules.legacy_hours.effective_until == date(2020, 6, 17)
