"""Pieces shared by the forms of several features."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from wtforms import Field, Form, ValidationError

from learnpm.auth.passwords import password_problem


class StrongPassword:
    """Refuse short and easily guessed passwords, naming why.

    Personal words come from the named fields, and from `form.personal_words` when the view knows the person.
    """

    def __init__(self, *personal_fields: str) -> None:
        self.personal_fields = personal_fields

    def __call__(self, form: Form, field: Field) -> None:
        personal = [str(form[name].data or "") for name in self.personal_fields if name in form]
        personal += list(getattr(form, "personal_words", ()))
        problem = password_problem(field.data or "", personal)
        if problem:
            raise ValidationError(problem)


class FieldProblem(Protocol):
    """A problem the pure core found, named by the form field it belongs to."""

    field: str
    message: str


def show_problems(form: Form, problems: Iterable[FieldProblem], fallback: str) -> bool:
    """Put each problem at its field (or at `fallback` when the form has no such field); return whether any."""
    shown = False
    for problem in problems:
        field = form[problem.field] if problem.field in form else form[fallback]
        field.errors = [*field.errors, problem.message]
        shown = True
    return shown
