"""Find the templates and content folders, wherever learnpm runs from."""

from __future__ import annotations

import functools
import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
CHECKOUT_DIR = PACKAGE_DIR.parent
BUNDLED_DIR = PACKAGE_DIR / "_bundled"


def _resource_dir(name: str, env_var: str) -> Path:
    """Return the folder `name`: the environment's choice, the checkout's, or the wheel's copy."""
    return _found_dir(name, os.environ.get(env_var))


@functools.lru_cache(maxsize=64)
def _found_dir(name: str, override: str | None) -> Path:
    """Look the folder up once per name and environment value: pages ask for it many times per request."""
    if override:
        return Path(override).resolve()
    # A checkout (or an editable install) has pyproject.toml beside the package.
    if (CHECKOUT_DIR / "pyproject.toml").is_file() and (CHECKOUT_DIR / name).is_dir():
        return CHECKOUT_DIR / name
    return BUNDLED_DIR / name


def templates_dir() -> Path:
    """Return the folder holding the Jinja templates."""
    return _resource_dir("templates", "LEARNPM_TEMPLATES_DIR")


def content_dir() -> Path:
    """Return the folder holding scenarios, competencies and rule sets."""
    return _resource_dir("content", "LEARNPM_CONTENT_DIR")


def static_dir() -> Path:
    """Return the folder holding CSS, icons and scripts."""
    return PACKAGE_DIR / "static"


def migrations_dir() -> Path:
    """Return the Alembic script folder."""
    return PACKAGE_DIR / "migrations"
