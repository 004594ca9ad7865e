"""`learnpm content check` and `learnpm content map` on fixture content, as an author would run them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from learnpm.cli import cli
from tests.unit.scenarios.tells_days import content_folder, day, week_days, write_week

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


def check(folder: Path, *options: str):
    return run("content", "check", str(folder), "--runs", "100", *options)


def test_a_library_that_meets_every_target_passes_and_prints_its_tells(tmp_path):
    result = check(content_folder(tmp_path, day("calm-day")))
    assert result.exit_code == 0, result.output
    assert "Tells (how a day gives its answer away):" in result.output
    assert "calm-day: best first 8/16, longest 0/16, balanced 16/16, branching 8/16" in result.output
    assert "always choosing the longest 0, first 0, most specific 0" in result.output


@pytest.mark.parametrize(
    ("variant", "says"),
    [
        ({"best_longest": True}, "decisions whose best choice is the longest text: 50 %, the target is at most 35 %"),
        ({"branching": False}, "decisions that branch by choice: 0 %, the target is at least 40 %"),
    ],
)
def test_a_library_that_leaks_its_answers_fails_naming_the_target(tmp_path, variant, says):
    folder = content_folder(tmp_path, day("leaky-day", **variant))
    result = check(folder)
    assert result.exit_code == 1 and says in result.output, result.output
    reported = check(folder, "--tells", "report")
    assert reported.exit_code == 0 and f"warning: {says}" in reported.output


def test_a_day_whose_best_choice_is_always_the_longest_fails_on_its_own(tmp_path):
    data = day("long-best-day", best_longest=True, branching=False)
    result = check(content_folder(tmp_path, data))
    assert result.exit_code == 1
    assert "long-best-day.yaml: the best choice is the longest text in 100 % of decisions" in result.output


CAST = {"people": [{"name": "Dana Whitfield", "role": "sponsor", "days": ["first-day"]}],
        "organisations": [{"name": "Northvale Energy", "what": "the client", "days": ["first-day"]}]}


def test_a_full_name_reused_for_someone_else_on_another_day_fails(tmp_path):
    first, second = day("first-day", sender="Dana Whitfield, sponsor"), day("second-day")
    second["nodes"]["d2"]["text"] = "Dana Whitfield from Northvale Energy asks for the plan."
    result = check(content_folder(tmp_path, first, second, cast=CAST))
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if "second-day.yaml" in line and "belongs to first-day" in line]
    assert {"'Dana Whitfield'", "'Northvale Energy'"} <= {line.split(" belongs")[0].split(": ")[-1] for line in lines}
    assert all("node 'd2'" in line for line in lines)


def test_a_sender_missing_from_the_cast_fails_and_a_listed_one_passes(tmp_path):
    folder = content_folder(tmp_path / "a", day("first-day", sender="Dana Whitfield, sponsor"), cast=CAST)
    assert check(folder).exit_code == 0
    stranger = content_folder(tmp_path / "b", day("first-day", sender="Rosa Quintero, lead"), cast=CAST)
    result = check(stranger)
    assert result.exit_code == 1 and "the sender 'Rosa Quintero' is not in the cast" in result.output


def claiming_day(checked: bool) -> dict:
    """A day whose good ending says the sponsor was told; only the first decision's best choice tells her."""
    data = day("claiming-day")
    data["flags"] = ["sponsor_told"]
    data["nodes"]["d1"]["choices"][1]["set"] = ["sponsor_told"]
    ending = data["nodes"]["good_day"]
    ending["text"] = ["The demo held.", {"when": "sponsor_told", "text": "Dana, whom you told at nine, backed you."}]
    ending["relies_on"] = ["sponsor_told"]
    if checked:
        ending["when"] = "trust >= 70 and sponsor_told"
    return data


def test_an_ending_that_relies_on_an_unchecked_flag_fails_and_a_checked_one_passes(tmp_path):
    result = check(content_folder(tmp_path / "a", claiming_day(checked=False)))
    assert result.exit_code == 1
    assert "'good_day' relies on sponsor_told, but a playthrough reaches it without: acceptable-1" in result.output
    assert check(content_folder(tmp_path / "b", claiming_day(checked=True))).exit_code == 0


def test_a_week_passes_when_its_last_day_can_end_every_way_after_the_days_before(tmp_path):
    monday, friday, week = week_days()
    folder = content_folder(tmp_path, monday, friday)
    alone = check(folder)
    assert alone.exit_code == 1 and "no playthrough reached this ending" in alone.output  # Friday alone never promised
    write_week(folder, week)
    result = check(folder)
    assert result.exit_code == 0, result.output
    assert "week promise-week: 2 days, 400 runs of the whole week; carries meters trust and 1 flags" in result.output
    assert "day 2, week-friday: " in result.output and "promise_kept" in result.output
    assert "is read but never set" not in result.output


def test_a_week_carrying_a_flag_no_day_sets_fails(tmp_path):
    monday, friday, week = week_days()
    week["carries"]["flags"].append("never_promised")
    friday["flags"].append("never_promised")
    friday["nodes"]["mixed_day"]["when"] = "trust >= 40 or never_promised"
    folder = content_folder(tmp_path, monday, friday)
    write_week(folder, week)
    result = check(folder)
    assert result.exit_code == 1 and "carried flag 'never_promised' is set by no day of the week" in result.output
