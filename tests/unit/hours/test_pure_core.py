"""The hours core stays importable without Flask or SQLAlchemy, so it can run anywhere and test fast."""

from __future__ import annotations

import subprocess
import sys

import pytest

MODULES = [
    "learnpm.hours",
    "learnpm.hours.months",
    "learnpm.hours.rules",
    "learnpm.hours.eligibility",
    "learnpm.hours.description",
    "learnpm.hours.entries",
    "learnpm.hours.pdu",
    "learnpm.hours.csvio",
]


@pytest.mark.parametrize("module", MODULES)
def test_the_hours_core_does_not_import_flask_or_sqlalchemy(module: str) -> None:
    code = f"import sys, {module}; print(sorted(m for m in ('flask', 'sqlalchemy') if m in sys.modules))"
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert output.strip() == "[]"
