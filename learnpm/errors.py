"""The error pages: the same friendly shape for every status, and no internals."""

from __future__ import annotations

import logging

from flask import Flask, g, render_template, request
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

log = logging.getLogger(__name__)

MESSAGES = {
    400: ("This request could not be understood", "Go back, check what you entered and try again."),
    403: ("You cannot do that", "Your account does not have the role this page needs."),
    404: ("Page not found", "The address may be mistyped, or the page may have been removed."),
    405: ("That action is not available here", "Use the buttons and links on the page."),
    413: ("That upload is too large", "Files are limited in size; pick a smaller file and try again."),
    429: ("Too many attempts", "Please wait a few minutes before you try again."),
    500: ("Something went wrong on our side", "Your last change was not saved. Please try again in a moment."),
    503: ("learnpm is unavailable", "Please try again in a few minutes."),
}


def init_app(app: Flask) -> None:
    """Register the error handlers."""
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected_error)


def render_error(status: int, detail: str | None = None) -> ResponseReturnValue:
    """Render the error page for `status`."""
    title, advice = MESSAGES.get(status, MESSAGES[400 if status < 500 else 500])
    return render_template("errors/error.html", status=status, title=title, advice=detail or advice), status


def _csrf_error(_error: CSRFError) -> ResponseReturnValue:
    """Explain an expired or missing form token without blaming the user."""
    return render_error(400, "The form had expired or was sent from another site. Go back, reload the page and try again.")


def _http_error(error: HTTPException) -> ResponseReturnValue:
    """Render an HTTP error with the site's layout."""
    if error.code is None:
        return error
    return render_error(error.code)


def _unexpected_error(error: Exception) -> ResponseReturnValue:
    """Log the fault, undo the request's changes, and show a page that reveals nothing."""
    if isinstance(error, HTTPException):
        return _http_error(error)
    log.exception("Unhandled error on %s %s", request.method, request.path, exc_info=error)
    session = g.get("db_session")
    if session is not None:
        session.rollback()
    return render_error(InternalServerError.code)
