"""Every form of the site derives from SiteForm, so none of them lets a NUL byte or an escape code through."""

from __future__ import annotations

from flask_wtf import FlaskForm

from learnpm import create_app
from learnpm.forms import SiteForm


def every_form() -> set[type]:
    """Return every form class the app defines (importing the app loads every feature's forms)."""
    create_app({"TESTING": True, "DATABASE_URL": "sqlite://", "SECRET_KEY": "forms",
                "RATELIMIT_STORAGE_URI": "memory://"})
    found, todo = set(), [FlaskForm]
    while todo:
        for subclass in todo.pop().__subclasses__():
            if subclass.__module__.startswith("learnpm") and subclass not in found:
                found.add(subclass)
                todo.append(subclass)
    return found


def test_every_form_of_the_site_refuses_control_characters() -> None:
    forms = every_form()
    assert len(forms) > 20
    strays = sorted(f"{form.__module__}.{form.__qualname__}" for form in forms if not issubclass(form, SiteForm))
    assert not strays, f"derive these from learnpm.forms.SiteForm: {strays}"
