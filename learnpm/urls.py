"""Addresses that leave the site (in mail and on paper), built on the configured public address."""

from __future__ import annotations

from typing import Any

from flask import current_app, url_for


def public_url(endpoint: str, **values: Any) -> str:
    """Return an absolute URL: on LEARNPM_BASE_URL when it is set, else on the address of this request."""
    base = current_app.config["BASE_URL"]
    if base:
        return base.rstrip("/") + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)
