"""Pieces shared by the forms of several features: the site's base form, number fields, password strength.

Every form of the site derives from `SiteForm`, whose text fields refuse control characters (NUL above all: SQLite
would store it and PostgreSQL refuse it) with a message at the field, keeping what was typed. Refusing rather than
stripping: a NUL or an escape code in a name is never meant, and silently changing what someone typed is worse
than telling them. Numbers are read by `AmountField` and `WholeNumberField`, which take only plain digits within
bounds, so no NaN, Infinity, exponent or 30-digit value reaches the rules or the database.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any, Protocol

from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from wtforms import DecimalField, Field, Form, IntegerField, StringField, TextAreaField, ValidationError
from wtforms.fields import Label, SelectFieldBase
from wtforms.validators import StopValidation
from wtforms.widgets import Input, Select
from wtforms.widgets.core import Button, clean_key

from learnpm.auth.passwords import password_problem
from learnpm.core.text import control_character_problem
from learnpm.experience.core.amounts import AmountProblem, parse_amount


class PlainText:
    """Refuse a text holding NUL or another control character (line breaks too, unless the field is multi-line)."""

    def __init__(self, multiline: bool = False) -> None:
        self.multiline = multiline

    def __call__(self, form: Form, field: Field) -> None:
        problem = control_character_problem(field.data or "", self.multiline) if isinstance(field.data, str) else None
        if problem:
            raise StopValidation(problem)


def html_params(**attributes: Any) -> Markup:
    """Write HTML attributes exactly as WTForms' `html_params` does (sorted by name, `class_` as class, `data_` and
    `aria_` with hyphens, True as a bare attribute, False left out), with plain string formatting: WTForms' version
    formats each attribute through `Markup.format`, which took a tenth of a form page's time."""
    written = []
    for key, value in sorted(attributes.items()):
        if value is False:
            continue
        name = escape(clean_key(key))
        written.append(name if value is True else f'{name}="{str(escape(value)).replace(chr(34), "&quot;")}"')
    return Markup(" ".join(written))


class SiteLabel(Label):
    """WTForms' label, its attributes written by `html_params`."""

    def __call__(self, text: str | None = None, **kwargs: Any) -> Markup:
        if "for_" in kwargs:
            kwargs["for"] = kwargs.pop("for_")
        else:
            kwargs.setdefault("for", self.field_id)
        attributes = html_params(**kwargs)
        return Markup(f"<label{' ' if attributes else ''}{attributes}>{escape(text or self.text)}</label>")


class OptionsSelect(Select):
    """WTForms' select, each plain option written in one step: a form listing dozens of projects spent more on
    building each option's attributes than on the rest of the page's form. Options with attributes of their own are
    written by WTForms as before."""

    @classmethod
    def render_option(cls, choice: Any, **kwargs: Any) -> Markup:
        if choice.render_kw or kwargs or isinstance(choice.value, bool):
            return super().render_option(choice, **kwargs)
        selected = "selected " if choice.selected else ""  # in html_params' order: attributes sorted by name
        label = escape(choice.label or choice.value)
        return Markup(f'<option {selected}value="{escape(choice.value)}">{label}</option>')


class SiteOption(SelectFieldBase._Option):
    """One radio button or checkbox of a group, its label written by `SiteLabel`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.label = SiteLabel(self.label.field_id, self.label.text)


class SiteForm(FlaskForm):
    """The base of every form of the site: each text field refuses control characters; inputs, buttons and labels
    write their attributes with `html_params`, selects their options with `OptionsSelect`, and the radio buttons and
    checkboxes of a group theirs with `html_params` too (a review's rubric writes dozens)."""

    class Meta(FlaskForm.Meta):
        def bind_field(self, form: Form, unbound_field: Any, options: dict[str, Any]) -> Field:
            field = super().bind_field(form, unbound_field, options)
            if isinstance(field, StringField):
                field.validators = [PlainText(isinstance(field, TextAreaField)), *field.validators]
            if type(field.widget) is Select:
                field.widget = OptionsSelect(multiple=field.widget.multiple)
            elif isinstance(field.widget, (Input, Button)):  # a copy: the widget is shared by every field of its type
                field.widget = copy.copy(field.widget)
                field.widget.html_params = html_params
            if type(field.label) is Label:
                field.label = SiteLabel(field.label.field_id, field.label.text)
            if isinstance(field, SelectFieldBase) and isinstance(field.option_widget, Input):
                field.option_widget = copy.copy(field.option_widget)
                field.option_widget.html_params = html_params
                field._Option = SiteOption
            return field


class AmountField(DecimalField):
    """A decimal such as hours or PDUs: plain digits, at most `places` decimals and `maximum`, else a field error."""

    def __init__(self, label: str, places: int, maximum: Decimal | int, unit: str = "",
                 validators: Sequence[Any] = (), **kwargs: Any) -> None:
        super().__init__(label, validators=validators, places=places, **kwargs)
        self.maximum, self.unit = Decimal(maximum), unit

    def process_formdata(self, valuelist: list[Any]) -> None:
        self.data = None
        if not valuelist or not str(valuelist[0]).strip():
            return
        try:
            self.data = parse_amount(str(valuelist[0]), self.places or 0, self.maximum, self.unit)
        except AmountProblem as problem:
            raise ValueError(str(problem)) from None

    def pre_validate(self, form: Form) -> None:
        if self.process_errors:
            raise StopValidation()


_WHOLE_NUMBER = re.compile(r"[+-]?[0-9]{1,9}")


class WholeNumberField(IntegerField):
    """A whole number of at most nine digits (years, counts, moves), so it fits every database's integer."""

    def __init__(self, label: str | None = None, validators: Sequence[Any] = (),
                 message: str = "Give a whole number, like 12.", **kwargs: Any) -> None:
        super().__init__(label, validators=validators, **kwargs)
        self.message = message

    def process_formdata(self, valuelist: list[Any]) -> None:
        self.data = None
        if not valuelist or not str(valuelist[0]).strip():
            return
        text = str(valuelist[0]).strip()
        if not _WHOLE_NUMBER.fullmatch(text):
            raise ValueError(self.message)
        self.data = int(text)

    def pre_validate(self, form: Form) -> None:
        if self.process_errors:
            raise StopValidation()


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
