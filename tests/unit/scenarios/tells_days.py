"""Small generated days for the tells tests: one that meets every target, and variants that each break one."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml

from tests.unit.scenarios._support import FIXTURES

DECISIONS = 8
# Options of the same length and detail, none with a number, a time or a name: no tell to find.
TEXTS = {
    "acceptable": "Ask the team lead to look into it over the day and report back at the afternoon check-in",
    "best": "Call the people who own the problem into a short room now and agree who does what before noon",
    "poor": "Leave it with the people already on it and wait to see whether it settles down by itself later",
}


def _choice(quality: str, index: int, next_node: str, longest: bool) -> dict:
    text = TEXTS[quality] + (" and write all of it up in the log for everyone to read later on" if longest else "")
    effects = {"best": {"trust": 5, "team": -3}, "acceptable": {"schedule": -3}, "poor": {"trust": -10}}[quality]
    return {"id": f"{quality}-{index}", "text": f"{text} ({index}).", "minutes": 10, "effects": effects,
            "quality": quality, "competencies": ["escalation.timing"],
            "feedback": f"Why a seasoned PM would see the {quality} option this way.", "next": next_node}


def day(day_id: str, branching: bool = True, best_longest: bool = False, sender: str = "Tech lead") -> dict:
    """Return a valid day as plain data: eight decisions, a write task, three endings."""
    nodes: dict[str, dict] = {}
    for index in range(1, DECISIONS + 1):
        following = f"d{index + 1}" if index < DECISIONS else "report"
        fallout = f"f{index}" if branching else following
        choices = [_choice("acceptable", index, following, False), _choice("best", index, following, best_longest),
                   _choice("poor", index, fallout, False)]
        nodes[f"d{index}"] = {"channel": "meeting", "from": sender, "text": f"Decision {index} of the day.",
                              "choices": choices}
        if branching:
            recover = [_choice("best", 100 + index, following, False), _choice("poor", 200 + index, following, False)]
            nodes[fallout] = {"channel": "chat", "text": f"The fallout of decision {index}.", "choices": recover}
    nodes["report"] = {
        "type": "write", "channel": "email", "text": "Write the status update.", "prompt": "Write 5 to 60 words.",
        "words": {"min": 5, "max": 60}, "minutes": 20, "competencies": ["communication.status"],
        "rubric": [{"id": key, "criterion": key.title(), "levels": ["No", "Partly", "Yes"]}
                   for key in ("bluf", "ask", "owner")],
        "signals": [{"criterion": "ask", "pattern": "by (monday|friday)", "hint": "By when?"}],
        "model_answer": "The demo is at risk; please decide by Friday who owns the fix.", "next": "end"}
    nodes["good_day"] = {"type": "ending", "rating": "good", "title": "Good", "when": "trust >= 70",
                         "text": "Most calls went to the people who could act."}
    nodes["mixed_day"] = {"type": "ending", "rating": "mixed", "title": "Mixed", "when": "trust >= 40",
                          "text": "Some calls waited longer than they should."}
    nodes["poor_day"] = {"type": "ending", "rating": "poor", "title": "Poor", "text": "Too much was left to chance."}
    return {
        "id": day_id, "title": f"Day {day_id}", "summary": "A generated day.", "role": "You are the PM.",
        "competencies": ["escalation.timing"],
        "meters": {"trust": {"label": "Trust", "start": 50}, "team": {"label": "Team", "start": 70},
                   "schedule": {"label": "Schedule", "start": 70}},
        "day": {"start": "09:00", "end": "17:00"}, "start": "d1", "nodes": nodes,
    }


def content_folder(folder: Path, *days: dict, cast: dict | None = None) -> Path:
    """Write a content folder holding the fixture vocabulary, these days and, optionally, a cast file."""
    (folder / "scenarios").mkdir(parents=True, exist_ok=True)
    shutil.copy(FIXTURES / "competencies.yaml", folder)
    for data in days:
        text = re.sub(r": '?(\d\d:\d\d)'?$", r': "\1"', yaml.safe_dump(data, sort_keys=False, allow_unicode=True),
                      flags=re.M)  # clock times are always quoted in content
        (folder / "scenarios" / f"{data['id']}.yaml").write_text(text, "utf-8")
    if cast is not None:
        (folder / "cast.yaml").write_text(yaml.safe_dump(cast, sort_keys=False, allow_unicode=True), "utf-8")
    return folder


def week_days() -> tuple[dict, dict, dict]:
    """Return a two-day week, Monday and Friday, where only Monday's first best choice makes Friday's promise good."""
    monday, friday = day("week-monday"), day("week-friday")
    monday["flags"] = ["promised"]
    monday["nodes"]["d1"]["choices"][1]["set"] = ["promised"]
    friday["flags"] = ["promised"]
    kept = {"type": "ending", "rating": "good", "title": "Kept", "when": "promised and trust >= 60",
            "text": "The date you promised on Monday held.", "relies_on": ["promised"]}
    friday["nodes"] = {**{k: v for k, v in friday["nodes"].items() if k != "good_day"}, "promise_kept": kept}
    friday["nodes"]["good_day"] = day("x")["nodes"]["good_day"]
    friday["nodes"] = {k: friday["nodes"][k] for k in [*[k for k in friday["nodes"] if not k.endswith("_day")
                                                          and k != "promise_kept"], "promise_kept", "good_day",
                                                        "mixed_day", "poor_day"]}
    week = {"id": "promise-week", "title": "A promise kept", "summary": "Two days.", "role": "You are the PM.",
            "days": ["week-monday", "week-friday"], "carries": {"meters": ["trust"], "flags": ["promised"]}}
    return monday, friday, week


def write_week(folder: Path, week: dict) -> None:
    """Write a week file into a content folder."""
    (folder / "weeks").mkdir(parents=True, exist_ok=True)
    (folder / "weeks" / f"{week['id']}.yaml").write_text(yaml.safe_dump(week, sort_keys=False), "utf-8")
