"""Flask-Login wiring: how a session finds its user."""

from __future__ import annotations

from flask import Flask
from flask_login import LoginManager

from learnpm.auth.models import User
from learnpm.auth.queries import user_by_session_token
from learnpm.db import get_session

login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = "Please log in to see that page."
login_manager.login_message_category = "info"
# "strong" would log people out when their phone switches networks; the token rotation covers theft.
login_manager.session_protection = "basic"


@login_manager.user_loader
def load_user(token: str) -> User | None:
    """Return the user whose session token is `token`."""
    return user_by_session_token(get_session(), token)


def init_app(app: Flask) -> None:
    """Attach the login manager to `app`."""
    login_manager.init_app(app)
