"""Every form of the site derives from SiteForm, so none of them lets a NUL byte or an escape code through, and
its fields, labels and selects write what WTForms' own would."""

from __future__ import annotations

from flask_wtf import FlaskForm
from markupsafe import Markup
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange
from wtforms.widgets import CheckboxInput, ListWidget, NumberInput, Select
from wtforms.widgets.core import html_params as wtforms_html_params

from learnpm import create_app
from learnpm.forms import OptionsSelect, SiteForm, SiteLabel, html_params


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


def test_a_select_of_the_site_writes_the_same_markup_as_wtforms() -> None:
    class Choosing(SiteForm):
        project = SelectField("Project", coerce=int, choices=[SelectChoice(1, "Food drive"),
                                                              SelectChoice(2, 'Move <"B"> & co'), SelectChoice(3, "")])
        tags = SelectMultipleField("Tags", choices=[SelectChoice("a", "Alpha"),
                                                    SelectChoice("b", "Beta", render_kw={"disabled": True})])
        grouped = SelectField("Group", choices=[SelectChoice("x", "X", optgroup="Old"),
                                                SelectChoice("y", "Y", optgroup="New")])

    app = create_app({"TESTING": True, "DATABASE_URL": "sqlite://", "SECRET_KEY": "forms",
                      "RATELIMIT_STORAGE_URI": "memory://", "WTF_CSRF_ENABLED": False})
    with app.test_request_context():
        form = Choosing(formdata=None, data={"project": 2, "tags": ["b"], "grouped": "y"})
        for name in ("project", "tags", "grouped"):
            field = form[name]
            assert isinstance(field.widget, OptionsSelect)
            wtforms_widget = Select(multiple=field.widget.multiple)
            assert field(class_="input") == wtforms_widget(field, class_="input"), name
        assert '<option selected value="2">Move &lt;&#34;B&#34;&gt; &amp; co</option>' in form.project()


def test_attributes_are_written_as_wtforms_writes_them() -> None:
    cases = [{}, {"class_": "input", "id": "f", "name": "title"}, {"checked": True, "readonly": False, "value": 0},
             {"data_user_name": "a_b", "aria_described_by": "x-error", "for_": "y"},
             {"value": 'Move <"B"> & co'}, {"value": Markup('<b title="x">bold</b>')}, {"value": None},
             {"<odd key>": "1", "max": 24.5, "step": "0.25"}]
    for attributes in cases:
        assert html_params(**attributes) == wtforms_html_params(**attributes), attributes


def test_the_fields_and_labels_of_a_site_form_write_the_markup_wtforms_writes() -> None:
    def fields() -> dict:
        return {"title": StringField("Title <short>", validators=[DataRequired(), Length(max=120)]),
                "email": EmailField("Email"), "secret": PasswordField("Password"),
                "day": DateField("Day"), "count": IntegerField("Count", widget=NumberInput(step=1, min=0),
                                                                validators=[NumberRange(min=0, max=9)]),
                "notes": TextAreaField("Notes"), "agree": BooleanField("I agree"), "hidden": HiddenField(),
                "mode": RadioField("Mode", choices=[SelectChoice("a", "Alpha"), SelectChoice("b", "B & b")]),
                "send": SubmitField("Send")}

    site_form = type("SiteFields", (SiteForm,), fields())
    plain_form = type("PlainFields", (FlaskForm,), fields())
    app = create_app({"TESTING": True, "DATABASE_URL": "sqlite://", "SECRET_KEY": "forms",
                      "RATELIMIT_STORAGE_URI": "memory://", "WTF_CSRF_ENABLED": False})
    data = {"title": 'A "quoted" <title>', "agree": True, "notes": "Line\nnext", "mode": "b", "count": 3}
    with app.test_request_context():
        ours, theirs = site_form(formdata=None, data=data), plain_form(formdata=None, data=data)
        for name in fields():
            for attributes in ({}, {"class_": "input", "aria_invalid": "true", "autofocus": True, "required": False}):
                assert ours[name](**attributes) == theirs[name](**attributes), (name, attributes)
            assert ours[name].label() == theirs[name].label(), name
            assert ours[name].label("Other", class_="hint", for_="elsewhere") == \
                theirs[name].label("Other", class_="hint", for_="elsewhere"), name
        assert 'maxlength="120"' in ours.title() and 'value="A &#34;quoted&#34; &lt;title&gt;"' in ours.title()
        assert ours.agree() == '<input checked id="agree" name="agree" type="checkbox" value="y">'


def test_the_options_of_a_radio_group_and_of_checkboxes_write_the_markup_wtforms_writes() -> None:
    def fields() -> dict:
        return {"level": RadioField("Level", choices=[SelectChoice("1", "Weak"), SelectChoice("2", 'Good <"enough">')]),
                "tags": SelectMultipleField("Tags", choices=[SelectChoice("a", "Alpha"), SelectChoice("b", "B & b")],
                                            option_widget=CheckboxInput(), widget=ListWidget(prefix_label=False))}

    site_form = type("SiteOptions", (SiteForm,), fields())
    plain_form = type("PlainOptions", (FlaskForm,), fields())
    app = create_app({"TESTING": True, "DATABASE_URL": "sqlite://", "SECRET_KEY": "forms",
                      "RATELIMIT_STORAGE_URI": "memory://", "WTF_CSRF_ENABLED": False})
    with app.test_request_context():
        data = {"level": "2", "tags": ["b"]}
        ours, theirs = site_form(formdata=None, data=data), plain_form(formdata=None, data=data)
        for name in fields():
            mine, wtforms_options = list(ours[name]), list(theirs[name])
            assert len(mine) == len(wtforms_options) == 2
            for option, wtforms_option in zip(mine, wtforms_options):
                assert option.widget.html_params is html_params and isinstance(option.label, SiteLabel), name
                assert option(aria_describedby="x-anchor") == wtforms_option(aria_describedby="x-anchor"), name
                assert option() == wtforms_option() and option.label() == wtforms_option.label(), name
            assert ours[name]() == theirs[name](), name
        assert list(ours.level)[1]() == '<input checked id="level-1" name="level" type="radio" value="2">'
        assert list(ours.level)[1].label() == '<label for="level-1">Good &lt;&#34;enough&#34;&gt;</label>'
