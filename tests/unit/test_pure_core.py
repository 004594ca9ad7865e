"""Purity by place: no module under a `core/` folder may import Flask, SQLAlchemy, WTForms or the database.

Each core module is imported in a fresh interpreter, one after another with every learnpm and forbidden
module forgotten in between, so that a forbidden import is caught however deep it hides.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "learnpm"
FORBIDDEN = ("flask", "flask_login", "flask_wtf", "flask_limiter", "sqlalchemy", "wtforms", "learnpm.db")

PROBE = """
import importlib, json, sys
forbidden = {forbidden!r}
def loaded():
    return sorted(name for name in forbidden if name in sys.modules)
found = {{}}
for module in {modules!r}:
    for name in [name for name in sys.modules if name.split(".")[0] in ("learnpm",) + forbidden
                 or any(name.startswith(prefix + ".") for prefix in forbidden)]:
        del sys.modules[name]
    try:
        importlib.import_module(module)
    except Exception as error:
        found[module] = [f"(it fails to import: {{error!r}})"]
    else:
        found[module] = loaded()
print(json.dumps(found))
"""


def core_modules() -> list[str]:
    """Return every module under a `core/` folder of the package, as dotted names."""
    files = sorted(path for path in PACKAGE.rglob("*.py") if "core" in path.relative_to(PACKAGE).parts[:-1])
    names = []
    for path in files:
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


@pytest.fixture(scope="module")
def imports() -> dict[str, list[str]]:
    """Import each core module in a fresh interpreter and note the forbidden modules it pulled in."""
    code = PROBE.format(forbidden=FORBIDDEN, modules=core_modules())
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_every_feature_with_a_core_is_found() -> None:
    packages = {name.rsplit(".core", 1)[0] for name in core_modules()}
    assert {"learnpm.experience", "learnpm.scenarios", "learnpm.documents"} <= packages


@pytest.mark.parametrize("module", core_modules())
def test_a_core_module_imports_no_web_or_database_code(imports: dict[str, list[str]], module: str) -> None:
    assert imports[module] == [], f"{module} imports {', '.join(imports[module])}"
