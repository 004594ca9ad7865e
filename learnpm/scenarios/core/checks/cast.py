"""One world: a person's full name and an organisation's name mean one thing across the whole library.

`content/cast.yaml` lists every named person and organisation once, with the days they appear in. A full name
or an organisation's name used in a day the cast does not list for it is an error (the same name for someone
else), and so is a sender's full name that the cast does not know.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path as FilePath

from pydantic import BaseModel, ConfigDict, Field

from learnpm.scenarios.core.content.loader import read_model
from learnpm.scenarios.core.content.problems import Problem
from learnpm.scenarios.core.content.scenario import Ending, Node, Scenario, WriteTask

CAST_FILE = "cast.yaml"
# Two or more capitalised words (names may hold accents, hyphens, apostrophes and a nickname in brackets).
_WORD = r"(?:[A-ZÀ-Þ][\w'’-]*|\([A-Z][\w'’-]*\))"
FULL_NAME = re.compile(rf"{_WORD}(?:\s+{_WORD})+")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class PersonModel(_Strict):
    name: str = Field(min_length=1)
    also: list[str] = []  # the same person under another form of their name ("Peg Sullivan")
    role: str
    organisation: str = ""
    days: list[str] = Field(min_length=1)


class OrganisationModel(_Strict):
    name: str = Field(min_length=1)
    what: str
    also: list[str] = []  # other names the same organisation goes by ("Corvina", "Corvina Support")
    days: list[str] = Field(min_length=1)


class CastModel(_Strict):
    people: list[PersonModel] = []
    organisations: list[OrganisationModel] = []


@dataclass(frozen=True)
class CastName:
    """A name the cast gives to one person or organisation, and the days allowed to use it."""

    name: str
    person: bool
    days: frozenset[str]


def read_cast(content_dir: FilePath) -> tuple[Mapping[str, CastName] | None, list[Problem]]:
    """Read the cast file of a content folder; None (and no problem) when the folder has none."""
    path = content_dir / CAST_FILE
    if not path.is_file():
        return None, []
    cast, problems = read_model(path, CastModel)
    return _names(str(path), cast) if cast is not None else (None, list(problems))


def _names(file: str, cast: CastModel) -> tuple[Mapping[str, CastName], list[Problem]]:
    names: dict[str, CastName] = {}
    problems = []
    entries = [(name, True, p.days) for p in cast.people for name in (p.name, *p.also)]
    entries += [(name, False, o.days) for o in cast.organisations for name in (o.name, *o.also)]
    for name, person, days in entries:
        if name in names:
            problems.append(Problem(file, f"'{name}' is listed twice: one name must mean one person or organisation"))
        names[name] = CastName(name, person, frozenset(days))
    return names, problems


def cast_problems(cast: Mapping[str, CastName], scenarios: Sequence[Scenario]) -> list[Problem]:
    """Return every use of a cast name outside its days, every unknown sender, and cast days that do not exist."""
    checked = {name: entry for name, entry in cast.items() if not entry.person or " " in name}
    pattern = re.compile(r"(?<![\w-])(" + "|".join(re.escape(n) for n in sorted(checked, key=len, reverse=True))
                         + r")(?![\w-])") if checked else None
    problems: list[Problem] = []
    for scenario in scenarios:
        problems += _day_problems(scenario, checked, pattern)
    known = {scenario.id for scenario in scenarios}
    for entry in cast.values():
        for day in sorted(entry.days - known):
            problems.append(Problem(CAST_FILE, f"'{entry.name}' lists the day '{day}', which is not a scenario"))
    return problems


def _day_problems(scenario: Scenario, cast: Mapping[str, CastName], pattern: re.Pattern[str] | None) -> list[Problem]:
    problems, reported = [], set()
    for node_id, line, text in texts(scenario):
        for name in set(pattern.findall(text)) if pattern else ():
            if scenario.id not in cast[name].days and name not in reported:
                reported.add(name)
                days = ", ".join(sorted(cast[name].days))
                message = (f"'{name}' belongs to {days} in the cast; here it would be someone else. Choose another "
                           "name, or list this day for them in cast.yaml if it is the same one")
                problems.append(Problem(scenario.source, message, node_id, line))
    for node_id, line, sender in senders(scenario):
        for name in FULL_NAME.findall(" ".join(re.sub(r"\([^)]*\)", "", sender.split(",")[0]).split())):
            if name.startswith("The ") or name in cast:
                continue
            if not any(name.startswith(known + " ") for known in cast if not cast[known].person):
                problems.append(Problem(scenario.source, f"the sender '{name}' is not in the cast (cast.yaml)",
                                        node_id, line))
    return problems


def senders(scenario: Scenario) -> Iterator[tuple[str, int | None, str]]:
    """Yield the `from:` of every node that has one."""
    for node in scenario.nodes.values():
        sender = getattr(node, "sender", None)
        if sender:
            yield node.id, node.line, sender


def texts(scenario: Scenario) -> Iterator[tuple[str | None, int | None, str]]:
    """Yield every text a learner reads in a day, with the node it belongs to."""
    yield None, None, " \n".join((scenario.title, scenario.summary, scenario.role))
    for node in scenario.nodes.values():
        yield node.id, node.line, " \n".join(_node_texts(node))


def _node_texts(node: Node | WriteTask | Ending) -> list[str]:
    if isinstance(node, Ending):
        return [node.title, node.text]
    parts = [node.sender or "", node.subject or "", node.text]
    if isinstance(node, Node):
        return parts + [part for choice in node.choices for part in (choice.text, choice.feedback, choice.reaction)]
    rubric = [part for row in node.rubric for part in (row.criterion, *row.levels, *row.anchors)]
    return parts + [node.prompt, node.model_answer, *rubric, *(signal.hint for signal in node.signals)]
