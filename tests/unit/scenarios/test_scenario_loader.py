"""Loading content: safe YAML with line numbers, refused duplicates and unquoted times, strict shapes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from learnpm.scenarios.core.content.loader import load_competencies, load_library, load_scenario, read_scenario
from learnpm.scenarios.core.content.problems import ContentError
from learnpm.scenarios.core.content.scenario import Node
from learnpm.scenarios.core.content.yamlread import read_yaml

from ._support import BROKEN, FIXTURES, VALID_FILE, fixture_competencies, sandbox


def write(tmp_path: Path, text: str, name: str = "file.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "message", "line", "node"),
    [
        ("a: 1\na: 2\n", "duplicate key 'a' (first at line 1)", 2, None),
        ("meters: {trust: 1, trust: 2}\n", "duplicate key 'trust' (first at line 1)", 1, None),
        ("nodes:\n  x:\n    text: a\n    text: b\n", "duplicate key 'text' (first at line 3)", 4, "x"),
        ("nodes:\n  x: {}\n  y: {}\n  x: {}\n", "duplicate key 'x' (first at line 2)", 4, "x"),
    ],
)
def test_duplicate_keys_are_refused_with_their_line(
    tmp_path: Path, text: str, message: str, line: int, node: str | None
) -> None:
    problems = read_yaml(write(tmp_path, text)).problems
    assert [(p.message, p.line, p.node, p.level) for p in problems] == [(message, line, node, "error")]


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("at: 10:00\n", "'at: 10:00' is an unquoted time: YAML reads it as the number 600; quote it", 1),
        ("day: {start: 08:30, end: \"17:00\"}\n", "'start: 08:30' is an unquoted time: quote it", 1),
        ("events:\n  - at: 11:30\n", "'at: 11:30' is an unquoted time: YAML reads it as the number 690", 2),
        ("times: [\"09:00\", 9:15]\n", "'9:15' is an unquoted time", 1),
    ],
)
def test_unquoted_times_are_reported(tmp_path: Path, text: str, message: str, line: int) -> None:
    document = read_yaml(write(tmp_path, text))
    assert [(p.line, p.level) for p in document.problems] == [(line, "error")]
    assert document.problems[0].message.startswith(message)


@pytest.mark.parametrize(
    "text",
    ['at: "10:00"\n', "at: '10:00'\n", "text: We meet at 10:00 sharp\n", "text: |\n  10:00\n", "minutes: 600\n"],
)
def test_quoted_times_and_prose_are_fine(tmp_path: Path, text: str) -> None:
    assert read_yaml(write(tmp_path, text)).problems == ()


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("a: [1, 2\n", "YAML syntax", 2),
        ("", "the file is empty", None),
        ("a: !!python/object:os.system {}\n", "tag '!!python/object:os.system' is not allowed", 1),
        ("a: !!python/name:os.system ''\n", "cannot read this value", 1),
    ],
)
def test_unreadable_yaml_is_a_problem_not_a_crash(tmp_path: Path, text: str, message: str, line: int | None) -> None:
    problems = read_yaml(write(tmp_path, text)).problems
    assert len(problems) == 1
    assert message in problems[0].message
    assert problems[0].line == line


def test_every_node_choice_and_event_keeps_its_line() -> None:
    scenario = sandbox()
    lines = VALID_FILE.read_text(encoding="utf-8").splitlines()
    for node in scenario.nodes.values():
        assert node.line is not None
        assert lines[node.line - 1].strip() == f"{node.id}:"
        for choice in node.choices if isinstance(node, Node) else ():
            assert choice.line is not None
            assert lines[choice.line - 1].strip() == f"- id: {choice.id}"
    for event in scenario.events:
        assert event.line is not None
        assert lines[event.line - 1].strip().startswith("- at:")


@pytest.mark.parametrize(
    ("old", "new", "node", "message"),
    [
        ("quality: best", "quality: great", "standup", "choices[0].quality: Input should be 'best', 'acceptable'"),
        ("    type: write", "    type: quiz", "sponsor_email", "type 'quiz' must be decision, write or ending"),
        ("        minutes: 10\n", "        minutes: ten\n", "standup", "choices[0].minutes: Input should be a valid"),
        ("channel: meeting", "channel: carrier-pigeon", "standup", "channel: Input should be 'meeting'"),
        ("start: 60}", "start: 160}", None, "meters.trust.start: Input should be less than or equal to 100"),
        ('    prompt: "Write to Dana in 40 to 150 words."\n', "", "sponsor_email", "missing key 'prompt'"),
        ("    rating: good\n", "    rating: good\n    choices: []\n", "good_day", "an ending has no choices"),
        ('    when: "trust >= 65', '    when: "trust => 65', "good_day", "when: unexpected '='"),
        ('pattern: "(by|before)', 'pattern: "(by|before', "sponsor_email", "not a valid regular expression"),
        ("start: standup\n", "", None, "missing key 'start'"),
    ],
)
def test_shape_errors_name_the_node_and_the_key(
    tmp_path: Path, old: str, new: str, node: str | None, message: str
) -> None:
    text = VALID_FILE.read_text(encoding="utf-8")
    assert old in text
    scenario, problems = read_scenario(write(tmp_path, text.replace(old, new, 1), VALID_FILE.name))
    assert scenario is None
    assert [(p.node, p.level) for p in problems] == [(node, "error")]
    assert message in problems[0].message
    assert problems[0].line is not None or message.startswith("missing key 'start'")


def test_load_scenario_returns_an_immutable_scenario() -> None:
    scenario = sandbox()
    with pytest.raises(AttributeError):
        scenario.start = "elsewhere"  # type: ignore[misc]
    with pytest.raises(TypeError):
        scenario.nodes["new"] = scenario.nodes[scenario.start]  # type: ignore[index]


def test_load_scenario_refuses_a_broken_file_listing_its_errors() -> None:
    with pytest.raises(ContentError) as caught:
        load_scenario(BROKEN / "next-to-missing-node.yaml", fixture_competencies())
    assert any("next 'nowhere' is not a node" in problem.message for problem in caught.value.problems)
    assert "next-to-missing-node.yaml:" in str(caught.value)


def test_the_library_serves_only_the_scenarios_that_pass(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "competencies.yaml", tmp_path / "competencies.yaml")
    (tmp_path / "scenarios").mkdir()
    shutil.copy(VALID_FILE, tmp_path / "scenarios" / VALID_FILE.name)
    shutil.copy(BROKEN / "unreachable-node.yaml", tmp_path / "scenarios" / "unreachable-node.yaml")
    library = load_library(tmp_path)
    assert list(library.scenarios) == ["vendor-sandbox-down"]
    assert "escalation.timing" in library.competencies
    assert {Path(problem.file).name for problem in library.problems} == {"unreachable-node.yaml"}


def test_the_competency_vocabulary_loads_with_labels() -> None:
    competencies = load_competencies(FIXTURES / "competencies.yaml")
    assert competencies["escalation.timing"].label == "Escalating in time"
    assert all(item.description for item in competencies.values())


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a.b:\n  label: A\n", "missing key 'description'"),
        ("a.b:\n  label: A\n  description: B\n  colour: red\n", "unknown key 'colour'"),
        ("a.b:\n  label: A\n  description: B\na.b:\n  label: C\n  description: D\n", "duplicate key 'a.b'"),
        ("- a.b\n", "expected a mapping of competency ids"),
    ],
)
def test_a_broken_vocabulary_is_refused(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ContentError, match=message):
        load_competencies(write(tmp_path, text))
