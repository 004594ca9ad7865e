"""Pieces shared by the forms of several features."""

from __future__ import annotations

from typing import Any

from wtforms import Field, Form, ValidationError

from learnpm.auth.passwords import password_problem


class StrongPassword:
    """Refuse short and easily guessed passwords, naming why."""

    def __init__(self, *personal_fields: str) -> None:
        self.personal_fields = personal_fields

    def __call__(self, form: Form, field: Field) -> None:
        personal = [str(form[name].data or "") for name in self.personal_fields if name in form]
        problem = password_problem(field.data or "", personal)
        if problem:
            raise ValidationError(problem)


def first_error(form: Any) -> str | None:
    """Return the first error message of a form, for a summary at its top."""
    for errors in form.errors.values():
        if errors:
            return str(errors[0])
    return None
