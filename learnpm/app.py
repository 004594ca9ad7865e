"""Assemble the Flask application from its parts."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from typing import Any

from flask import Flask

from learnpm import config, db, errors, inputs, responses, security, server_timing
from learnpm.auth import login
from learnpm.mail import delivery
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
    import learnpm.experience.export  # noqa: F401  (its part of "download my data")
    import learnpm.models  # noqa: F401  (every table, for relationships between features)
    import learnpm.notifications.export  # noqa: F401  (its part of "download my data")
    import learnpm.scenarios.export  # noqa: F401  (its part of "download my data")

    db.init_app(app)
    delivery.init_app(app)
    security.init_app(app)
    inputs.init_app(app)
    responses.init_app(app)
    login.init_app(app)
    errors.init_app(app)
    _register_blueprints(app)
    _register_template_helpers(app)
    server_timing.init_app(app)  # outermost, so that it times all the rest
    return app


def warm_up(app: Flask) -> None:
    """Do now what the first requests would otherwise do while a visitor waits: load and check the scenario
    content (seconds of work), and compile every template."""
    from learnpm.scenarios.library import loaded

    with app.app_context():
        loaded()
    for name in app.jinja_env.list_templates():
        app.jinja_env.get_template(name)


def _register_blueprints(app: Flask) -> None:
    """Attach every feature's blueprint."""
    from learnpm.account.views import bp as account_bp
    from learnpm.auth import recovery  # noqa: F401  (its routes join the auth blueprint)
    from learnpm.auth.views import bp as auth_bp
    from learnpm.documents import prepared_views  # noqa: F401  (its routes join the documents blueprint)
    from learnpm.documents.views import bp as documents_bp
    from learnpm.experience.web import bp as experience_bp
    from learnpm.main.views import bp as main_bp
    from learnpm.mentoring.views import bp as mentoring_bp
    from learnpm.notifications.views import bp as notifications_bp
    from learnpm.reviews.views import bp as reviews_bp
    from learnpm.scenarios.web import bp as scenarios_bp
    from learnpm.undo import bp as undo_bp
    from learnpm.verification.views import bp as verification_bp

    blueprints = (main_bp, auth_bp, account_bp, scenarios_bp, experience_bp, documents_bp, mentoring_bp,
                  verification_bp, reviews_bp, notifications_bp, undo_bp)
    for blueprint in blueprints:
        app.register_blueprint(blueprint)


def _register_template_helpers(app: Flask) -> None:
    """Make the filters and navigation available to every template."""
    from learnpm import templating

    templating.init_app(app)
