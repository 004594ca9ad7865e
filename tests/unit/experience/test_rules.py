"""The rule sets: the shipped files load and say what PMI's rules say; a broken file is refused with reasons."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from pydantic import ValidationError

from learnpm.experience.core.rules.library import (
    RuleLibrary,
    RulesError,
    default_rules,
    load_rule_library,
    parse_rule_set,
    read_rule_file,
)
from learnpm.experience.core.rules.models import ExamOutlineRules, LegacyHoursRules, PmpRules
from learnpm.paths import content_dir

RULES_DIR = content_dir() / "rules"


def test_every_shipped_file_loads_and_every_kind_is_there() -> None:
    kinds = sorted(rule.kind for rule in load_rule_library(RULES_DIR).rule_sets)
    assert kinds == sorted(
        ["pmp-application", "pmp-legacy-hours", "exam-outline", "application-options", "application-options",
         "pdu-ccr", "fees", "hours-log"]
    )


def test_the_current_pmp_rules() -> None:
    pmp = default_rules().pmp
    assert (pmp.id, pmp.version, pmp.effective_from) == ("pmp-2020", 2, date(2020, 6, 18))
    assert pmp.window.months == 96 and pmp.window.straddling_projects == "clip"
    assert [(p.id, p.experience_months) for p in pmp.paths] == [("secondary", 60), ("degree", 36), ("gac", 24)]
    assert pmp.pm_education.contact_hours == 35 and pmp.pm_education.active_capm_counts
    assert pmp.capm.contact_hours == 23
    limits = pmp.description
    assert (
        limits.minimum_words,
        limits.guidance_minimum_words,
        limits.guidance_maximum_words,
        limits.maximum_words,
    ) == (
        100,
        200,
        500,
        None,
    )
    assert limits.confidence == "M"
    assert [group.id for group in pmp.process_groups.groups] == ["IN", "PL", "EX", "MC", "CL"]
    assert (pmp.application.submit_within_days, pmp.application.exam_attempts) == (90, 3)


def test_the_legacy_hours_rule() -> None:
    legacy = default_rules().legacy_hours
    assert {p.id: (p.experience_months, p.experience_hours) for p in legacy.paths} == {
        "secondary": (60, Decimal(7500)),
        "degree": (36, Decimal(4500)),
    }
    assert legacy.effective_until == date(2020, 6, 17)
    assert len(legacy.process_groups.groups) == 5


@pytest.mark.parametrize(
    ("day", "weights"),
    [
        (date(2021, 1, 2), {"people": 42, "process": 50, "business_environment": 8}),
        (date(2026, 7, 8), {"people": 42, "process": 50, "business_environment": 8}),
        (date(2026, 7, 9), {"people": 33, "process": 41, "business_environment": 26}),
        (date(2030, 1, 1), {"people": 33, "process": 41, "business_environment": 26}),
    ],
)
def test_the_exam_outline_in_force_on_a_day(day: date, weights: dict[str, int]) -> None:
    outline = default_rules().exam_outline.outline_on(day)
    assert {domain.id: domain.weight_percent for domain in outline.domains} == weights


def test_every_option_list_ends_with_other() -> None:
    options = default_rules().options
    for name in ("functional_reporting_area", "organization_primary_focus", "approach", "team_size", "budget"):
        assert getattr(options, name).ids()[-1] == "other", name


def test_pdu_rules_per_certification() -> None:
    pdu = default_rules().pdu
    expected = {
        "pmp": (60, 35, 8, 25, 8, 20),
        "capm": (15, 9, 2, 6, 2, 5),
        "acp": (30, 18, 4, 12, 4, 10),
    }
    for certification, numbers in expected.items():
        cycle = pdu.certification(certification)
        found = (
            cycle.required_pdus,
            cycle.education_minimum,
            cycle.education_area_minimum,
            cycle.giving_back_maximum,
            cycle.practitioner_maximum,
            cycle.carry_over_maximum,
        )
        assert found == tuple(Decimal(n) for n in numbers), certification
    assert pdu.step == Decimal("0.25")
    assert pdu.certification("pmp").carry_over_confidence == "M"


def test_fees_at_the_time_of_writing() -> None:
    fees = default_rules().fees
    assert {fee.id: fee.amount for fee in fees.fees} == {
        "pmp-exam-member": 405,
        "pmp-exam-non-member": 575,
        "pmp-renewal-member": 60,
        "pmp-renewal-non-member": 150,
    }
    assert fees.currency == "USD" and fees.reviewed_on == date(2026, 11, 25)


def test_a_loaded_rule_set_cannot_be_changed() -> None:
    with pytest.raises(ValidationError):
        default_rules().pmp.window.months = 12


PMP_TEXT = (RULES_DIR / "pmp-2020.yaml").read_text(encoding="utf-8")

BROKEN = [
    (
        "an unknown key",
        PMP_TEXT.replace("  straddling_projects: clip", "  straddling_projects: clip\n  grace_months: 3"),
        "grace_months",
    ),
    ("a quoted number", PMP_TEXT.replace("  months: 96", '  months: "96"'), "window.months"),
    ("a quoted decimal", PMP_TEXT.replace("  contact_hours: 35", '  contact_hours: "35"'), "write a number"),
    ("a quoted date", PMP_TEXT.replace("effective_from: 2020-06-18", 'effective_from: "2020-06-18"'), "effective_from"),
    ("a duplicate key", PMP_TEXT.replace("  months: 96", "  months: 96\n  months: 84"), "duplicate key 'months'"),
    ("a path longer than the window", PMP_TEXT.replace("experience_months: 60", "experience_months: 120"), "window"),
    ("an unknown kind", PMP_TEXT.replace("kind: pmp-application", "kind: pmp-2030"), "kind"),
    ("an unknown confidence", PMP_TEXT.replace("  confidence: M\n", "  confidence: high\n"), "confidence"),
    (
        "limits out of order",
        PMP_TEXT.replace("guidance_minimum_words: 200", "guidance_minimum_words: 50"),
        "minimum_words",
    ),
    (
        "a missing section",
        PMP_TEXT.replace('capm:\n  contact_hours: 23\n  confidence: H\n  note: "No project experience needed."\n', ""),
        "capm",
    ),
    ("not YAML", "kind: [", "not valid YAML"),
]


@pytest.mark.parametrize(("text", "says"), [case[1:] for case in BROKEN], ids=[case[0] for case in BROKEN])
def test_a_broken_rule_set_is_refused_with_the_reason(text: str, says: str) -> None:
    with pytest.raises(RulesError, match=says):
        parse_rule_set(text, "pmp-2020.yaml")


def test_outline_weights_must_make_100() -> None:
    text = (
        (RULES_DIR / "pmp-exam-outline.yaml")
        .read_text(encoding="utf-8")
        .replace("weight_percent: 42", "weight_percent: 40")
    )
    with pytest.raises(RulesError, match="add up to 98"):
        parse_rule_set(text)


def test_an_option_list_needs_other() -> None:
    text = (RULES_DIR / "application-options.yaml").read_text(encoding="utf-8")
    text = text.replace('    - {id: other, label: "Other"}\n\norganization', "\norganization")
    with pytest.raises(RulesError, match="'other' option"):
        parse_rule_set(text)


def test_pdu_limits_that_cannot_reach_the_requirement_are_refused() -> None:
    text = (
        (RULES_DIR / "pdu-ccr.yaml")
        .read_text(encoding="utf-8")
        .replace("giving_back_maximum: 25", "giving_back_maximum: 20")
    )
    with pytest.raises(RulesError, match="cannot reach"):
        parse_rule_set(text)


def test_a_folder_with_a_bad_file_names_every_problem(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(PMP_TEXT.replace("version: 2", "version: 0"), encoding="utf-8")
    (tmp_path / "b.yaml").write_text("kind: fees\n", encoding="utf-8")
    with pytest.raises(RulesError) as caught:
        load_rule_library(tmp_path)
    text = str(caught.value)
    assert "a.yaml: version" in text and "b.yaml: id: Field required" in text


def test_the_rule_set_in_force_on_a_day(tmp_path: Path) -> None:
    (tmp_path / "pmp-2020.yaml").write_text(PMP_TEXT, encoding="utf-8")
    newer = PMP_TEXT.replace("id: pmp-2020", "id: pmp-2028").replace(
        "effective_from: 2020-06-18", "effective_from: 2028-01-01"
    )
    (tmp_path / "pmp-2028.yaml").write_text(
        newer.replace("experience_months: 36", "experience_months: 48"), encoding="utf-8"
    )
    library = load_rule_library(tmp_path)
    assert library.in_effect(PmpRules, date(2027, 12, 31)).id == "pmp-2020"
    assert library.in_effect(PmpRules, date(2028, 1, 1)).path("degree").experience_months == 48
    assert library.pmp.id == "pmp-2028"
    with pytest.raises(LookupError, match="PmpRules"):
        library.in_effect(PmpRules, date(2020, 6, 17))
    with pytest.raises(LookupError, match="ExamOutlineRules"):
        library.in_effect(ExamOutlineRules)


def test_the_legacy_rule_is_in_force_until_the_june_2020_application() -> None:
    library = default_rules()
    assert library.in_effect(LegacyHoursRules, date(2015, 6, 1)).id == "pmp-legacy-hours"
    assert library.in_effect(LegacyHoursRules, date(2020, 6, 17)).id == "pmp-legacy-hours"
    assert library.in_effect(PmpRules, date(2020, 6, 18)).id == "pmp-2020"
    with pytest.raises(LookupError):
        library.in_effect(LegacyHoursRules, date(2020, 6, 18))


def test_two_rule_sets_with_one_id_are_refused() -> None:
    pmp = default_rules().pmp
    with pytest.raises(RulesError, match="pmp-2020"):
        RuleLibrary((pmp, pmp))


def test_an_unreadable_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "latin.yaml"
    path.write_bytes("title: caf\xe9".encode("latin-1"))
    with pytest.raises(RulesError, match=r"latin\.yaml: cannot read"):
        read_rule_file(path)
