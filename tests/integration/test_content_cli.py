"""`learnpm content check` and `learnpm content map` on fixture content, as an author would run them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from learnpm.cli import cli

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "scenarios"
BROKEN = FIXTURES / "broken"


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A content folder holding the fixture vocabulary and its one valid scenario."""
    folder = tmp_path / "content"
    (folder / "scenarios").mkdir(parents=True)
    shutil.copy(FIXTURES / "competencies.yaml", folder)
    shutil.copy(FIXTURES / "scenarios" / "vendor-sandbox-down.yaml", folder / "scenarios")
    return folder


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_valid_content_passes_with_a_simulation_report(content_copy):
    result = run("content", "check", str(content_copy), "--runs", "300", "--tells", "report")
    assert result.exit_code == 0, result.output
    assert "1 scenario files: 0 errors" in result.output
    assert "random runs (seed 7) end in:" in result.output and "good_day" in result.output


@pytest.mark.parametrize(
    ("broken_file", "node", "words"),
    [
        ("next-to-missing-node.yaml", "standup", "is not a node"),
        ("unknown-key.yaml", None, "unknown key"),
        ("undeclared-meter.yaml", None, "meter"),
        ("unreachable-node.yaml", None, "reach"),
        ("no-way-to-end.yaml", None, "ending"),
    ],
)
def test_a_broken_copy_fails_naming_the_file_and_node(content_copy, broken_file, node, words):
    target = content_copy / "scenarios" / broken_file
    shutil.copy(BROKEN / broken_file, target)
    result = run("content", "check", str(content_copy), "--runs", "100")
    assert result.exit_code == 1
    error_lines = [line for line in result.output.splitlines() if line.startswith(str(target)) and "warning" not in line]
    assert error_lines, result.output
    assert any(words in line.lower() for line in error_lines), error_lines
    assert any(": node '" in line for line in error_lines), "the message names the node"
    if node:
        assert any(f"node '{node}'" in line for line in error_lines), error_lines
    defect = next(n for n, text in enumerate(target.read_text().splitlines(), 1) if text.rstrip().endswith("# defect"))
    assert any(f"{target}:{defect}: " in line for line in error_lines), f"no error points at line {defect}"


def test_map_writes_an_svg_picture(content_copy, tmp_path):
    output = tmp_path / "map.svg"
    result = run("content", "map", "vendor-sandbox-down", "--content", str(content_copy), "-o", str(output))
    assert result.exit_code == 0, result.output
    svg = output.read_text()
    assert svg.startswith("<svg") and "standup" in svg and "ending · good" in svg and "best choice" in svg


def test_map_of_an_unknown_scenario_says_which_exist(content_copy, tmp_path):
    result = run("content", "map", "nope", "--content", str(content_copy), "-o", str(tmp_path / "x.svg"))
    assert result.exit_code == 1 and "Known: vendor-sandbox-down" in result.output


def test_a_broken_rubric_fails_the_check_and_a_good_one_is_reported(content_copy):
    shipped = Path(__file__).resolve().parents[2] / "content" / "rubrics" / "project-description.yaml"
    (content_copy / "rubrics").mkdir()
    shutil.copy(shipped, content_copy / "rubrics")
    result = run("content", "check", str(content_copy), "--runs", "50", "--tells", "report")
    assert result.exit_code == 0 and "rubric project-description: 5 criteria" in result.output
    (content_copy / "rubrics" / "bad.yaml").write_text("id: bad\ntitle: T\nprompt: P\ncriteria: []\n")
    result = run("content", "check", str(content_copy), "--runs", "50")
    assert result.exit_code == 1 and "error: rubrics/bad.yaml: criteria" in result.output
