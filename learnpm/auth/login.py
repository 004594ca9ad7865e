"""Flask-Login wiring: how a session finds its user, and how a remember cookie is replaced each time it is used."""

from __future__ import annotations

from flask import Flask, session
from flask_login import LoginManager, user_loaded_from_cookie

from learnpm.auth.login_sessions import renew_login, user_of_login
from learnpm.auth.models import User
from learnpm.clock import utcnow
from learnpm.db import get_session

login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = "Please log in to see that page."
login_manager.login_message_category = "info"
# "strong" would log people out when their phone switches networks; the server-side logins cover theft.
login_manager.session_protection = "basic"


@login_manager.user_loader
def load_user(token: str) -> User | None:
    """Return the user whose live login has this token."""
    return user_of_login(get_session(), token, utcnow())


def renew_remember_cookie(_app: Flask, user: User) -> None:
    """Replace a remember cookie that has just opened a browser session, so a copy of the old one opens nothing."""
    db_session = get_session()
    token = renew_login(db_session, user, utcnow())
    if token is None:
        return
    # Committed here rather than by the view: the old cookie must be dead even if the page then fails.
    db_session.commit()
    session["_user_id"] = token
    session["_remember"] = "set"


def init_app(app: Flask) -> None:
    """Attach the login manager to `app`."""
    login_manager.init_app(app)
    user_loaded_from_cookie.connect(renew_remember_cookie, app)
