"""The scenario library of the running app, loaded once per process."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass

from flask import abort, current_app

from learnpm.paths import content_dir
from learnpm.scenarios.catalogue import ScenarioCard, cards_by_id
from learnpm.scenarios.loader import Competency, Library, load_library
from learnpm.scenarios.model import Scenario
from learnpm.scenarios.problems import errors_in

log = logging.getLogger(__name__)
_lock = threading.Lock()


@dataclass(frozen=True)
class LoadedContent:
    """The library and the catalogue cards built from it."""

    library: Library
    cards: dict[str, ScenarioCard]


def loaded() -> LoadedContent:
    """Return the app's content, loading and checking it on first use."""
    content = current_app.extensions.get("learnpm.content")
    if content is None:
        with _lock:
            content = current_app.extensions.get("learnpm.content") or _load()
            current_app.extensions["learnpm.content"] = content
    return content


def _load() -> LoadedContent:
    """Load the library, logging what had to be left out."""
    library = load_library(content_dir())
    for problem in errors_in(library.problems):
        log.error("scenario content: %s", problem)
    return LoadedContent(library, cards_by_id(library.scenarios))


def scenario_or_404(scenario_id: str) -> Scenario:
    """Return the scenario with this id, or answer 404."""
    scenario = loaded().library.scenarios.get(scenario_id)
    if scenario is None:
        abort(404)
    return scenario


def competencies() -> dict[str, Competency]:
    """Return the competency vocabulary."""
    return dict(loaded().library.competencies)
