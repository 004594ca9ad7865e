"""Read YAML safely, refusing duplicate keys and unquoted clock times, and remember each key's line."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path as FilePath
from typing import Any

import yaml

from learnpm.scenarios.core.content.problems import Problem

Path = tuple[str | int, ...]
# What an author means as a time of day; YAML 1.1 reads plain 10:00 as the base-60 number 600.
_PLAIN_TIME = re.compile(r"\d{1,2}:\d{2}")
_INT_TAG = "tag:yaml.org,2002:int"
_PLAIN_TAGS = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")


@dataclass(frozen=True)
class Document:
    """Plain data read from a YAML file, the line of every key and item, and what went wrong."""

    data: Any
    lines: Mapping[Path, int]
    problems: tuple[Problem, ...]


def node_of(path: Path) -> str | None:
    """Return the scenario node a data path points into, if any."""
    return str(path[1]) if len(path) >= 2 and path[0] == "nodes" else None


def read_yaml(path: FilePath) -> Document:
    """Read one YAML file into plain data; report syntax errors, duplicate keys and unquoted times."""
    file = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return Document(None, {}, (Problem(file, f"cannot read the file: {error}"),))
    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        line = mark.line + 1 if mark is not None else None
        return Document(None, {}, (Problem(file, f"YAML syntax: {error.problem}", line=line),))
    except yaml.YAMLError as error:
        return Document(None, {}, (Problem(file, f"YAML syntax: {error}"),))
    if root is None:
        return Document(None, {}, (Problem(file, "the file is empty"),))
    builder = _Builder(file, loader)
    data = builder.build(root, ())
    loader.dispose()
    return Document(data, builder.lines, tuple(builder.problems))


@dataclass
class _Builder:
    """Turn a composed YAML node tree into plain data, walking it ourselves to keep paths and lines."""

    file: str
    loader: yaml.SafeLoader
    lines: dict[Path, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def report(self, path: Path, line: int, message: str, node: str | None = None) -> None:
        self.problems.append(Problem(self.file, message, node or node_of(path), line))

    def build(self, node: yaml.Node, path: Path) -> Any:
        """Return the plain data of a node, recording the line of every key and item below it."""
        if isinstance(node, yaml.MappingNode | yaml.SequenceNode) and node.tag not in _PLAIN_TAGS:
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            self.report(path, node.start_mark.line + 1, f"tag '{tag}' is not allowed; write plain YAML")
            return None
        if isinstance(node, yaml.MappingNode):
            return self.build_mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return self.build_sequence(node, path)
        assert isinstance(node, yaml.ScalarNode)
        return self.build_scalar(node, path)

    def build_mapping(self, node: yaml.MappingNode, path: Path) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            key = self.build_scalar(key_node, path) if isinstance(key_node, yaml.ScalarNode) else None
            if key is None or key_node.tag == "tag:yaml.org,2002:merge":
                self.report(path, line, "keys must be plain names (no merge keys, lists or empty keys)")
                continue
            if key in result:
                first = self.lines[(*path, key)]
                node_id = str(key) if path == ("nodes",) else None
                self.report(path, line, f"duplicate key '{key}' (first at line {first})", node_id)
                continue
            self.lines[(*path, key)] = line
            result[key] = self.build(value_node, (*path, key))
        return result

    def build_sequence(self, node: yaml.SequenceNode, path: Path) -> list[Any]:
        items = []
        for index, item in enumerate(node.value):
            self.lines[(*path, index)] = item.start_mark.line + 1
            items.append(self.build(item, (*path, index)))
        return items

    def build_scalar(self, node: yaml.ScalarNode, path: Path) -> Any:
        line = node.start_mark.line + 1
        if node.style is None and _PLAIN_TIME.fullmatch(str(node.value)):
            self.report(path, line, self.unquoted_time(node, path))
            return node.value
        try:
            return self.loader.construct_object(node)
        except yaml.YAMLError as error:
            self.report(path, line, f"cannot read this value: {error}")
            return None

    def unquoted_time(self, node: yaml.ScalarNode, path: Path) -> str:
        where = f"'{path[-1]}: {node.value}'" if path and isinstance(path[-1], str) else f"'{node.value}'"
        if node.tag == _INT_TAG:
            number = self.loader.construct_object(node)
            return f'{where} is an unquoted time: YAML reads it as the number {number}; quote it: "{node.value}"'
        return f'{where} is an unquoted time: quote it, "{node.value}" (unquoted, 10:00 reads as a number)'
