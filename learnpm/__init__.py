"""learnpm: practise the day-to-day of IT project management and log PMP experience."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Create the learnpm web application."""
    # Imported here so that the pure core (rules, scenario engine) never pulls in Flask.
    from learnpm.app import build_app

    return build_app(test_config)
