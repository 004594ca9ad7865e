"""The scenario library of the running app, loaded once per process."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path

from flask import current_app

from learnpm.access import found_or_404
from learnpm.paths import content_dir
from learnpm.scenarios.core.content.loader import Competency, Library, load_library
from learnpm.scenarios.core.content.problems import errors_in
from learnpm.scenarios.core.content.scenario import Scenario
from learnpm.scenarios.core.play.catalogue import ScenarioCard, cards_by_id

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LoadedContent:
    """The library and the catalogue cards built from it."""

    library: Library
    cards: dict[str, ScenarioCard]


_lock = threading.Lock()
# Loaded content per folder and fingerprint, shared by every app of the process (tests build many).
_by_fingerprint: dict[tuple[str, tuple[tuple[str, int, int], ...]], LoadedContent] = {}


def loaded() -> LoadedContent:
    """Return the app's content, loading and checking it on first use."""
    content = current_app.extensions.get("learnpm.content")
    if content is None:
        with _lock:
            content = current_app.extensions.get("learnpm.content") or _load()
            current_app.extensions["learnpm.content"] = content
    return content


def _load() -> LoadedContent:
    """Load the library (or reuse this process's copy of the same files), logging what was left out."""
    folder = content_dir()
    key = (str(folder), _fingerprint(folder))
    if key not in _by_fingerprint:
        library = load_library(folder)
        for problem in errors_in(library.problems):
            log.error("scenario content: %s", problem)
        _by_fingerprint[key] = LoadedContent(library, cards_by_id(library.scenarios))
    return _by_fingerprint[key]


def _fingerprint(folder: Path) -> tuple[tuple[str, int, int], ...]:
    """Return the name, size and modification time of every content file."""
    files = sorted(folder.glob("*.yaml")) + sorted((folder / "scenarios").glob("*.yaml"))
    return tuple((path.name, path.stat().st_size, path.stat().st_mtime_ns) for path in files)


def scenario_or_404(scenario_id: str) -> Scenario:
    """Return the scenario with this id, or answer 404."""
    return found_or_404(loaded().library.scenarios.get(scenario_id))


def competencies() -> dict[str, Competency]:
    """Return the competency vocabulary."""
    return dict(loaded().library.competencies)


def scenario_titles() -> dict[str, str]:
    """Return each scenario's title by its id."""
    return {scenario_id: card.scenario.title for scenario_id, card in loaded().cards.items()}
