"""Forms of the player: a choice, a message, the self-assessment of a message."""

from __future__ import annotations

from wtforms import BooleanField, RadioField, SelectChoice, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from learnpm.forms import SiteForm, WholeNumberField
from learnpm.scenarios.core.content.scenario import WriteTask
from learnpm.scenarios.core.play.modes import COACHED, DECISION_SECONDS, MODES

MAX_MESSAGE_CHARS = 10_000


class ModeField(RadioField):
    """The ways to play as radio buttons; none sent means coached (a page from before modes existed)."""

    def pre_validate(self, form: object) -> None:
        if self.data not in MODES:
            raise ValidationError("Choose how you want to play: Coached or On the job.")


class StartForm(SiteForm):
    """Start a day, in one of the ways to play it."""

    mode = ModeField(
        "How do you want to play?", choices=[SelectChoice(mode.id, mode.label) for mode in MODES.values()],
        default=COACHED,
    )
    timed = BooleanField(f"Timed: make each decision within {DECISION_SECONDS} seconds, or the day moves on without you")


class MoveForm(SiteForm):
    """Every player form carries the move it was made for, so a stale or replayed form changes nothing."""

    move = WholeNumberField(validators=[InputRequired()])


class WaitForm(MoveForm):
    """Sent by the page's timer when a timed decision runs out; the clock it was made at keeps it from counting twice."""

    clock = WholeNumberField(validators=[InputRequired()])


class ChoiceForm(MoveForm):
    """Pick one of the choices of a decision (each choice is its own submit button)."""

    choice = StringField(validators=[DataRequired("Pick one of the choices."), Length(max=80)])


class DraftForm(MoveForm):
    """Write the message a write task asks for."""

    text = TextAreaField(
        "Your message",
        validators=[DataRequired("Write your message first."), Length(max=MAX_MESSAGE_CHARS)],
    )


def assessment_form(task: WriteTask) -> type[MoveForm]:
    """Return a form class with one radio group per rubric criterion of `task`."""

    class AssessmentForm(MoveForm):
        pass

    for criterion in task.rubric:
        field = RadioField(
            criterion.criterion,
            choices=[SelectChoice(str(level), label) for level, label in enumerate(criterion.levels)],
            validators=[InputRequired("Choose the level your message reaches.")],
        )
        setattr(AssessmentForm, f"score_{criterion.id}", field)
    return AssessmentForm
