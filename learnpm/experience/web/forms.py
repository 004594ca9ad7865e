"""Forms of the experience log. They check shape; the PMI rules come from the pure core as field errors."""

from __future__ import annotations

from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields import MonthField
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from learnpm.experience.core.education import ACADEMIC_LEVELS
from learnpm.experience.core.labels import domain_labels, process_group_labels
from learnpm.experience.core.rules.library import default_rules
from learnpm.forms import AmountField, SiteForm, WholeNumberField

REQUIRED = "This is needed for PMI's application."
_FORM_LIMITS = default_rules().pmp.application_form
OTHER_HINT = "PMI's form asks for a few words when you choose Other."


class CheckboxList(SelectMultipleField):
    """Several options as a list of checkboxes (usable without JavaScript)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def choices(options: object) -> list[SelectChoice]:
    """Return the options of a rule-set list as select choices."""
    return [SelectChoice(option.id, option.label) for option in options.options]  # type: ignore[attr-defined]


class ProjectForm(SiteForm):
    """A project with every field of PMI's application, its description parts and its verifier."""

    # Lengths beyond PMI's form (80, 60, 100 characters) are refused by the rule set's check, with PMI's reason.
    title = StringField("Project title", validators=[DataRequired(REQUIRED), Length(max=200)],
                        description=f"At most {_FORM_LIMITS.title_max_chars} characters, as PMI's form takes.")
    organization = StringField("Organization", validators=[DataRequired(REQUIRED), Length(max=200)],
                               description="Volunteer work counts: name the non-profit. "
                                           f"At most {_FORM_LIMITS.organization_max_chars} characters.")
    job_title = StringField("Your job title", validators=[DataRequired(REQUIRED), Length(max=120)],
                            description="Whatever you were called; PMI looks at what you did, not the title. "
                                        f"At most {_FORM_LIMITS.job_title_max_chars} characters.")
    functional_reporting_area = SelectField("Functional reporting area", validators=[DataRequired(REQUIRED)])
    functional_reporting_area_other = StringField("If Other: which reporting area", validators=[Length(max=200)],
                                                  description=OTHER_HINT)
    organization_primary_focus = SelectField("Organization's primary focus", validators=[DataRequired(REQUIRED)])
    organization_primary_focus_other = StringField("If Other: which primary focus", validators=[Length(max=200)],
                                                   description=OTHER_HINT)
    approach = SelectField("Approach or methodology", validators=[DataRequired(REQUIRED)])
    team_size = SelectField("Project team size", validators=[DataRequired(REQUIRED)])
    budget = SelectField("Project budget", validators=[DataRequired(REQUIRED)])
    start_month = MonthField("Start month", validators=[InputRequired("Give the month the project started.")],
                             description="Month and year, as PMI's form asks.")
    end_month = MonthField("End month", validators=[Optional()],
                           description="No later than this month; PMI's form takes no planned end.")
    in_progress = BooleanField("The project is still in progress")
    objective = TextAreaField("Objective", validators=[Length(max=2000)],
                              description="One sentence: what the project set out to achieve.")
    role = TextAreaField("Your role", validators=[Length(max=2000)], description="One sentence: what you led.")
    breakdown = RadioField("Describe what you led by", default="process_group", choices=[
        SelectChoice("process_group", "process group (IN, PL, EX, MC, CL)"),
        SelectChoice("domain", "exam domain (People, Process, Business Environment)")])
    outcome = TextAreaField("Outcome", validators=[Length(max=2000)], description="One sentence: how it ended.")
    verifier_name = StringField("Name", validators=[Length(max=120)])
    verifier_title = StringField("Title", validators=[Length(max=120)])
    verifier_organization = StringField("Organization", validators=[Length(max=200)])
    verifier_email = EmailField("Email", validators=[Optional(), Email("Enter an email address like name@example.org."),
                                                    Length(max=254)])
    verifier_phone = StringField("Phone", validators=[Length(max=40)])
    verifier_relationship = StringField("Relationship to you", validators=[Length(max=120)],
                                        description="Supervisor, manager, sponsor, client or colleague who saw the work.")

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        options = default_rules().options
        for name in ("functional_reporting_area", "organization_primary_focus", "approach", "team_size", "budget"):
            self[name].choices = [SelectChoice("", "Choose…"), *choices(getattr(options, name))]

    def validate(self, extra_validators: object = None) -> bool:  # type: ignore[override]
        """Check the fields, then that the months make sense together."""
        valid = super().validate(extra_validators)  # type: ignore[arg-type]
        if not self.in_progress.data and self.end_month.data is None and self.start_month.data is not None:
            self.end_month.errors = [*self.end_month.errors, "Give the end month, or tick “still in progress”."]
            valid = False
        end, start = self.end_month.data, self.start_month.data
        if end and start and not self.in_progress.data and end < start:
            self.end_month.errors = [*self.end_month.errors, "The project cannot end before it starts."]
            valid = False
        return valid


def section_field_name(section_id: str) -> str:
    """Return the form field that holds one description section."""
    return f"section_{section_id.lower()}"


def add_section_fields(form_class: type[ProjectForm]) -> type[ProjectForm]:
    """Add one text area per process group and exam domain to the project form."""
    for section_id, label in {**process_group_labels(), **domain_labels()}.items():
        setattr(form_class, section_field_name(section_id), TextAreaField(label, validators=[Length(max=4000)]))
    return form_class


add_section_fields(ProjectForm)


class EntryForm(SiteForm):
    """Hours worked on a project on one day."""

    project = SelectField("Project", coerce=int, validators=[InputRequired("Choose the project.")])
    day = DateField("Date", validators=[InputRequired("Give the day you worked.")])
    hours = AmountField("Hours", places=2, maximum=24, unit="hours",
                        validators=[InputRequired("Give the hours, e.g. 1.5.")],
                        description="In steps of a quarter hour: 0.25, 0.5, 1.75…")
    activity = StringField("What you did", validators=[Length(max=200)])
    process_groups = CheckboxList("Process groups")
    domains = CheckboxList("Exam domains")
    notes = TextAreaField("Notes", validators=[Length(max=2000)])

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.process_groups.choices = [SelectChoice(k, f"{k} · {v}") for k, v in process_group_labels().items()]
        self.domains.choices = [SelectChoice(k, v) for k, v in domain_labels().items()]


class AcademicForm(SiteForm):
    """A degree or diploma."""

    level = SelectField("Level", choices=[SelectChoice(k, v) for k, v in ACADEMIC_LEVELS.items()],
                        validators=[DataRequired("Choose the level.")])
    institution = StringField("Institution", validators=[DataRequired("Name the school or university."),
                                                         Length(max=200)])
    country = StringField("Country", validators=[Length(max=80)])
    field_of_study = StringField("Field of study", validators=[Length(max=120)])
    start_year = WholeNumberField("Start year", message="Give a year like 2015.",
                                  validators=[Optional(), NumberRange(1950, 2100, "Give a year like 2015.")])
    end_year = WholeNumberField("End year", message="Give a year like 2019.",
                                validators=[Optional(), NumberRange(1950, 2100, "Give a year like 2019.")])
    gac_accredited = BooleanField("The programme is accredited by PMI's Global Accreditation Center (GAC)")
    certificate = FileField("Diploma (PDF, PNG or JPEG, optional)")


class CourseForm(SiteForm):
    """A course of project-management education."""

    title = StringField("Course title", validators=[DataRequired("Give the course's title."), Length(max=200)])
    provider = StringField("Provider", validators=[DataRequired("Name who taught it."), Length(max=200)])
    start_month = MonthField("Start month", validators=[InputRequired("Give the month it started.")])
    end_month = MonthField("End month", validators=[InputRequired("Give the month it ended.")])
    hours = AmountField("Contact hours", places=2, maximum=1000, unit="hours", validators=[
        InputRequired("Give the qualifying hours."), NumberRange(0.25, 1000, "Give between 0.25 and 1000 hours.")],
        description="One contact hour is 60 minutes of instruction.")
    certificate = FileField("Certificate (PDF, PNG or JPEG, optional)")

    def validate(self, extra_validators: object = None) -> bool:  # type: ignore[override]
        """Check the fields, then that the course ends after it starts."""
        valid = super().validate(extra_validators)  # type: ignore[arg-type]
        if self.start_month.data and self.end_month.data and self.end_month.data < self.start_month.data:
            self.end_month.errors = [*self.end_month.errors, "The course cannot end before it starts."]
            valid = False
        return valid


class CertificationForm(SiteForm):
    """A certification that starts a PDU cycle."""

    kind = SelectField("Certification", validators=[DataRequired()])
    cycle_start = DateField("Cycle start (the day you passed, or your last renewal)",
                            validators=[InputRequired("Give the day the cycle began.")])

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.kind.choices = [SelectChoice(c.id, c.label) for c in default_rules().pdu.certifications]


class PduForm(SiteForm):
    """PDUs earned in one activity."""

    title = StringField("Activity", validators=[DataRequired("Say what you did."), Length(max=200)])
    category = SelectField("Category", validators=[DataRequired()])
    amount = AmountField("PDUs", places=2, maximum=1000, unit="PDUs",
                         validators=[InputRequired("Give the PDUs, e.g. 1.5.")],
                         description="One PDU is one hour, claimed in steps of 0.25.")
    earned_on = DateField("Date", validators=[InputRequired("Give the day you earned them.")])
    # Shown only for a certification whose rule set names a required topic (PMI-ACP: agile topics).
    on_required_topic = BooleanField("This activity was on the certification's required topic")

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        rules = default_rules().pdu
        self.category.choices = [SelectChoice(a.id, f"Education · {a.label}") for a in rules.education_areas] + [
            SelectChoice(k.id, f"Giving back · {k.label}") for k in rules.giving_back_kinds]


class ExamPlanForm(SiteForm):
    """The day the learner plans to take the PMP exam (empty to forget it)."""

    planned_on = DateField("When do you plan to take the exam?", validators=[Optional()],
                           description="The exam follows the content outline in force on that day.")


class ImportForm(SiteForm):
    """A CSV file of projects or entries, checked first or imported."""

    kind = RadioField("The file holds", default="projects", choices=[
        SelectChoice("projects", "projects (projects.csv)"), SelectChoice("entries", "hours entries (entries.csv)")])
    file = FileField("CSV file")
    # The id of the learner's file kept by "Check the file", so that "Import" needs no second upload.
    checked = HiddenField()

    def validate_file(self, field: FileField) -> None:
        """Ask for a file unless one was checked already."""
        if not getattr(field.data, "filename", "") and not self.checked.data:
            raise ValidationError("Choose a CSV file.")


class WeekForm(SiteForm):
    """The week grid's own field, the week it saves; its cells are read and checked by the pure core."""

    day = HiddenField()
