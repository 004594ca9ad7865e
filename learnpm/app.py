"""Assemble the Flask application from its parts."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from typing import Any

from flask import Flask

from learnpm import config, db, errors, security
from learnpm.auth import login
from learnpm.paths import static_dir, templates_dir


def build_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Create the app: configuration, database, security, blueprints, error pages."""
    app = Flask(
        "learnpm",
        instance_path=os.environ.get("LEARNPM_INSTANCE_PATH") or None,
        instance_relative_config=True,
        template_folder=str(templates_dir()),
        static_folder=str(static_dir()),
    )
    config.load(app, test_config)
    logging.getLogger("learnpm").setLevel(app.config["LOG_LEVEL"])
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    db.init_app(app)
    security.init_app(app)
    login.init_app(app)
    errors.init_app(app)
    _register_blueprints(app)
    _register_template_helpers(app)
    return app


def _register_blueprints(app: Flask) -> None:
    """Attach every feature's blueprint."""
    from learnpm.account.views import bp as account_bp
    from learnpm.auth.views import bp as auth_bp
    from learnpm.main.views import bp as main_bp

    for blueprint in (main_bp, auth_bp, account_bp):
        app.register_blueprint(blueprint)


def _register_template_helpers(app: Flask) -> None:
    """Make the navigation helpers available to every template."""
    from learnpm.navigation import navigation_for

    app.context_processor(lambda: {"navigation_for": navigation_for})
