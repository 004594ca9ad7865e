"""The pure core stays importable without Flask or a database session."""

import subprocess
import sys

import pytest

PURE_MODULES = ["learnpm.auth.passwords", "learnpm.paths", "learnpm.notifications.kinds", "learnpm.reviews.states"]


@pytest.mark.parametrize("module", PURE_MODULES)
def test_pure_modules_do_not_import_flask_or_sqlalchemy(module):
    code = f"import sys, {module}; print(sorted(m for m in ('flask', 'sqlalchemy') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
