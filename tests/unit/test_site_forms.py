"""Every form of the site derives from SiteForm, so none of them lets a NUL byte or an escape code through, and
its selects write what WTForms' own would."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectField, SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import Select

from learnpm import create_app
from learnpm.forms import OptionsSelect, SiteForm


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
