"""Forms of mentoring: accepting an invitation, sharing, capacity."""

from __future__ import annotations

from wtforms import BooleanField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from learnpm.forms import SiteForm, WholeNumberField
from learnpm.mentoring.models import PERMISSIONS


class JoinForm(SiteForm):
    """A mentor types the code a learner sent."""

    code = StringField("Invitation code", validators=[DataRequired("Type the code you were sent."), Length(max=40)],
                       description="Ten letters and digits, e.g. 7KQ2M-9XPRT. Spaces and dashes do not matter.",
                       render_kw={"autocomplete": "off", "autocapitalize": "characters"})


class PermissionsForm(SiteForm):
    """What a learner shares with one mentor."""


for _name, _label in PERMISSIONS.items():
    setattr(PermissionsForm, _name, BooleanField(_label))


class CapacityForm(SiteForm):
    """How many mentees a mentor takes on."""

    capacity = WholeNumberField("Mentees you can take on", message="Give a number.", validators=[
        InputRequired("Give a number."), NumberRange(1, 50, "Choose between 1 and 50.")])
