"""The validator: each defect an author can make is caught, named by file, node and line."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from learnpm.scenarios.core.checks.simulate import simulate
from learnpm.scenarios.core.checks.static import static_problems
from learnpm.scenarios.core.checks.validator import (
    Report,
    check_library,
    check_scenario_file,
    format_report,
    simulation_problems,
)
from learnpm.scenarios.core.content.conditions import parse_condition
from learnpm.scenarios.core.content.problems import Problem
from learnpm.scenarios.core.content.scenario import Ending, Node

from ._support import BROKEN, FIXTURES, VALID_FILE, defect_line, event, fixture_competencies, sandbox, with_events

DEFECTS = [
    ("next-to-missing-node", "error", "standup", "choice 'escalate': next 'nowhere' is not a node"),
    ("unknown-key", "error", "standup", "unknown key 'colour'"),
    ("undeclared-meter", "error", "standup", "'budget' is not a declared meter"),
    ("undeclared-flag", "error", "standup", "'ghost_flag' is not a declared flag"),
    ("unreachable-node", "error", "orphan", "cannot be reached from start 'standup'"),
    ("no-way-to-end", "error", "chase", "the loop through chase, chase_again has no way out to an ending"),
    ("zero-minute-loop", "error", "ping", "takes 0 minutes"),
    ("duplicate-key", "error", "standup", "duplicate key 'text'"),
    ("unquoted-time", "error", None, "'at: 10:00' is an unquoted time: YAML reads it as the number 600"),
    ("ending-with-choices", "error", "good", "unknown key 'choices' (an ending has no choices"),
    ("bad-condition", "error", "good", "expected a whole number after 'trust' >=, found 'high'"),
    ("last-ending-conditional", "error", "fallback", "the last ending must have no `when`"),
    ("resume-outside-interrupt", "error", "standup", "only interrupts can resume"),
    ("no-best-choice", "error", "standup", "no choice is 'best'"),
    ("todo-marker", "warning", "standup", "the feedback of choice 'escalate' has a TODO marker"),
]


@pytest.mark.parametrize(("name", "level", "node", "says"), DEFECTS, ids=[row[0] for row in DEFECTS])
def test_each_defect_is_caught_and_located(name: str, level: str, node: str | None, says: str) -> None:
    path = BROKEN / f"{name}.yaml"
    findings, simulation = check_scenario_file(path, fixture_competencies())
    matching = [finding for finding in findings if says in finding.message]
    assert len(matching) == 1, [str(finding) for finding in findings]
    finding = matching[0]
    assert (finding.file, finding.node, finding.level, finding.line) == (str(path), node, level, defect_line(path))
    assert str(finding).startswith(f"{path}:{finding.line}: ")
    assert simulation is None  # a file with errors is not simulated


def test_a_file_without_a_start_says_so() -> None:
    findings, _ = check_scenario_file(BROKEN / "missing-start.yaml", fixture_competencies())
    assert [finding.message for finding in findings] == ["missing key 'start'"]


def test_every_broken_fixture_is_covered_by_a_test() -> None:
    covered = {row[0] for row in DEFECTS} | {"missing-start"}
    assert {path.stem for path in BROKEN.glob("*.yaml")} == covered


def test_the_valid_fixture_passes_with_nothing_to_report() -> None:
    report = check_library(FIXTURES)
    assert report.findings == ()
    assert format_report(report).endswith("1 scenario files: 0 errors, 0 warnings")


def test_the_simulation_reports_what_an_author_needs() -> None:
    scenario = sandbox()
    simulation = simulate(scenario, runs=200)
    assert simulation.exhaustive
    assert simulation.path_count > len(scenario.decisions)
    assert simulation.endings_reached == {ending.id for ending in scenario.endings}
    assert sum(simulation.endings_by_runs.values()) == simulation.runs
    for name, (low, high) in simulation.meter_ranges.items():
        assert 0 <= low <= scenario.meters[name].start <= high <= 100
    low, median, high = simulation.minutes
    assert 0 < low <= median <= high
    assert simulation.fewest_decisions is not None and simulation.fewest_decisions >= 8
    assert simulation.never_avoided == ()  # the 11:30 penalty spares those who logged the ticket
    assert simulate(scenario, runs=200) == simulation  # seeded: the same report every run


def with_ending_condition(ending_id: str, when: str) -> Ending:
    ending = sandbox().nodes[ending_id]
    assert isinstance(ending, Ending)
    return replace(ending, when=parse_condition(when))


def test_an_ending_no_play_can_reach_is_an_error() -> None:
    impossible = with_ending_condition("good_day", "vendor_ticket and not vendor_ticket")
    scenario = replace(sandbox(), nodes={**sandbox().nodes, "good_day": impossible})
    findings = simulation_problems(scenario, simulate(scenario, runs=200))
    assert [(f.node, f.level) for f in findings] == [("good_day", "error")]
    assert "no playthrough reached this ending (every path explored)" in findings[0].message


def test_a_deadline_nobody_can_avoid_is_an_error() -> None:
    scenario = with_events(sandbox(), event("08:31", when="trust >= 0", effects={"trust": -5}))
    findings = simulation_problems(scenario, simulate(scenario, runs=200))
    assert [(f.level, f.message) for f in findings if "cannot avoid" in f.message] == [
        (
            "error",
            "deadline event 1 at 08:31 (when trust >= 0) fired in every playthrough (every path explored): "
            "a learner cannot avoid it",
        )
    ]


def test_a_day_too_short_for_its_paths_is_a_warning() -> None:
    scenario = replace(sandbox(), day_end=sandbox().day_start + 60)
    findings = simulation_problems(scenario, simulate(scenario, runs=200))
    assert any(f.level == "warning" and "run past 09:30, when the day ends them" in f.message for f in findings)


def test_a_short_playthrough_is_a_warning() -> None:
    scenario = with_events(sandbox())
    findings = simulation_problems(scenario, simulate(scenario, runs=200))
    assert any(f.level == "warning" and "shortest playthrough asks for only" in f.message for f in findings)


def test_the_report_reads_like_compiler_output() -> None:
    path = "content/scenarios/x.yaml"
    report = Report(
        findings=(
            Problem(path, "flag 'x' is set but never read", None, 7, "warning"),
            Problem(path, "next 'nowhere' is not a node", "standup", 42),
        ),
        simulations={},
        files=("content/competencies.yaml", path),
    )
    assert format_report(report).splitlines() == [
        "content/scenarios/x.yaml:7: warning: flag 'x' is set but never read",
        "content/scenarios/x.yaml:42: node 'standup': next 'nowhere' is not a node",
        "1 scenario files: 1 errors, 1 warnings",
    ]


def test_a_library_check_covers_every_file(tmp_path: Path) -> None:
    (tmp_path / "scenarios").mkdir()
    (tmp_path / "competencies.yaml").write_text((FIXTURES / "competencies.yaml").read_text())
    for name in ("unknown-key", "undeclared-meter"):
        (tmp_path / "scenarios" / f"{name}.yaml").write_text((BROKEN / f"{name}.yaml").read_text())
    report = check_library(tmp_path)
    assert {Path(finding.file).stem for finding in report.errors} == {"unknown-key", "undeclared-meter"}
    assert report.simulations == {}


def test_an_empty_content_folder_is_reported(tmp_path: Path) -> None:
    (tmp_path / "competencies.yaml").write_text((FIXTURES / "competencies.yaml").read_text())
    report = check_library(tmp_path)
    assert [finding.message for finding in report.warnings] == ["no scenario files (*.yaml) found"]


# One edit to the valid fixture each: (text to find, replacement, level, node, what the author reads).
EDITS = [
    ("id: vendor-sandbox-down", "id: Vendor_Sandbox", "error", None, "id 'Vendor_Sandbox' must be kebab-case"),
    ("id: vendor-sandbox-down", "id: another-day", "error", None, "must match the file name 'vendor-sandbox-down"),
    ("[escalation.timing, communication.status]", "[escalation.timing, juggling]", "error", None,
     "competency 'juggling' is not in competencies.yaml"),
    ("competencies: [leadership.expectations]", "competencies: []", "error", "demo_prep",
     "choice 'reset-expectations' names no competency"),
    ("competencies: [risk.management]", "competencies: [risk.mgmt]", "error", "risk_log",
     "competency 'risk.mgmt' is not in competencies.yaml"),
    ('feedback: "Venting does not', 'feedback: "   "\n        x: "', "error", "standup", "unknown key 'x'"),
    ('text: "Cancel; everyone is busy."', 'text: "Check everyone knows their next step and has what they need."',
     "error", "wrap_up", "choice 'skip-wrap-up' has the same text as another"),
    ("id: skip-wrap-up", "id: next-steps", "error", "wrap_up", "choice id 'next-steps' is used twice"),
    ("id: skip-wrap-up", "id: Skip_Wrap_Up", "error", "wrap_up", "choice id 'Skip_Wrap_Up' must be kebab-case"),
    ("start: standup", "start: stand_up", "error", None, "start 'stand_up' is not a node"),
    ('at: "11:30"', 'at: "15:30"', "error", None, "event 2 at 15:30 is outside the day (08:30-14:00)"),
    ('day: {start: "08:30", end: "14:00"}', 'day: {start: "14:00", end: "08:30"}', "error", None,
     "the day 14:00-08:30 ends before it starts"),
    ('when: "not vendor_ticket"', 'when: "not vendor_tickets"', "error", None,
     "event 2: when: 'vendor_tickets' is not a declared flag"),
    ('when: "not vendor_ticket"', 'when: "not trust"', "error", None, "'trust' is a meter: compare it"),
    ('when: "not vendor_ticket"', 'when: "vendor_ticket > 2"', "error", None, "'vendor_ticket' is a flag: test it"),
    ('when: "not vendor_ticket"', 'when: "trust > 120"', "warning", None, "meters run from 0 to 100"),
    ('when: "not vendor_ticket"', "when: \"clock > '18:00'\"", "warning", None, "outside the day"),
    ("flags: [vendor_ticket, sponsor_told, owner_named]", "flags: [vendor_ticket, sponsor_told, owner_named, spare]",
     "warning", None, "flag 'spare' is declared but never used"),
    ("flags: [vendor_ticket, sponsor_told, owner_named]", "flags: [vendor_ticket, sponsor_told, owner_named, and]",
     "error", None, "flag 'and' must be a lower-case name"),
    ('at: "09:15"\n    node: sponsor_ping\n  - at: "11:30"', 'at: "11:30"\n    node: sponsor_ping\n  - at: "09:15"',
     "warning", None, "events are not listed in time order"),
    ("    words: {min: 40, max: 150}", "    words: {min: 40, max: 50}", "error", "sponsor_email",
     "the model answer has 78 words; write between 40 and 50"),
    ("    words: {min: 40, max: 150}", "    words: {min: 200, max: 150}", "error", "sponsor_email",
     "min 200 is more than max 150"),
    ('        levels: ["None", "One option", "Two or more, with trade-offs"]', '        levels: ["None", "Some"]',
     "error", "sponsor_email", "rubric 'options' has 2 levels; give exactly 3"),
    ("      - criterion: ask\n", "      - criterion: tone\n", "error", "sponsor_email",
     "signal for 'tone': no rubric criterion has that id"),
    ("(by|before) (today|", "(until) (today|", "error", "sponsor_email",
     "does not match the model answer, so the model answer would be judged weak"),
    ("next: sponsor_email\n      - id: everyone-waits", "next: sponsor_ping\n      - id: everyone-waits", "error",
     "team_plan", "leads to 'sponsor_ping', an interrupt that resumes; only an event may show it"),
    ("    type: ending\n    rating: mixed", "    type: ending\n    rating: grey", "error", "mixed_day",
     "rating: Input should be 'good', 'mixed' or 'poor'"),
    ('    when: "(schedule >= 50 and owner_named) or trust >= 50"\n', "", "error", "rough_day",
     "no choice or event leads here, and 'next: end' stops at 'mixed_day', which has no `when`"),
]


@pytest.mark.parametrize(("old", "new", "level", "node", "says"), EDITS, ids=[row[4][:40] for row in EDITS])
def test_each_rule_is_checked(tmp_path: Path, old: str, new: str, level: str, node: str | None, says: str) -> None:
    text = VALID_FILE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / VALID_FILE.name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    findings, _ = check_scenario_file(path, fixture_competencies(), runs=50)
    matching = [finding for finding in findings if says in finding.message]
    assert [(f.level, f.node) for f in matching] == [(level, node)], [str(finding) for finding in findings]
    assert matching[0].line is not None or node is None


@pytest.mark.parametrize(("keep", "says"), [(1, "has 1 choices; a decision offers 2 to 5"), (3, None)])
def test_a_decision_offers_two_to_five_choices(keep: int, says: str | None) -> None:
    scenario = sandbox()
    node = scenario.nodes["standup"]
    assert isinstance(node, Node)
    trimmed = replace(scenario, nodes={**scenario.nodes, "standup": replace(node, choices=node.choices[:keep])})
    messages = [problem.message for problem in static_problems(trimmed, fixture_competencies())]
    assert (says in messages) if says else not any("a decision offers" in message for message in messages)
