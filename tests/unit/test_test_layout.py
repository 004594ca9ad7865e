"""The test tree's own rule: test modules share helpers through support modules and fixtures, never each other."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parents[1]


def imported_modules(path: Path) -> set[str]:
    """Return the modules a file imports, as dotted names (relative imports made absolute)."""
    package = ".".join(path.relative_to(TESTS.parent).parent.parts)
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            module = ".".join(part for part in (base, node.module or "") if part)
            names.add(module)
            names |= {f"{module}.{alias.name}" for alias in node.names}
    return names


@pytest.mark.parametrize("path", sorted(TESTS.rglob("*.py")), ids=lambda path: str(path.relative_to(TESTS)))
def test_no_module_imports_a_test_module_or_a_conftest(path: Path) -> None:
    leaves = {name.rsplit(".", 1)[-1] for name in imported_modules(path) if name.startswith("tests")}
    assert not {leaf for leaf in leaves if leaf.startswith("test_") or leaf == "conftest"}
