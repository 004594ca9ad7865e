"""The "does this count?" guide, read from the content folder once per process."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from learnpm.paths import content_dir

GUIDE_FILE = Path("guides") / "does-this-count.yaml"


def does_this_count() -> dict[str, Any]:
    """Return the guide's sections (empty when the file is missing)."""
    return _read(content_dir() / GUIDE_FILE)


@lru_cache(maxsize=4)
def _read(path: Path) -> dict[str, Any]:
    """Read one guide file."""
    if not path.is_file():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else {}
