"""Forms of the imports from trackers, spreadsheets and calendars: the upload, and the preview whose fields depend
on the file (its columns, its tracker projects or calendar titles)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from zoneinfo import available_timezones

from flask_wtf.file import FileField, FileRequired
from wtforms import SelectChoice, SelectField

from learnpm.experience.core.imports.cells import DATE_ORDERS
from learnpm.experience.core.imports.mapping import ROLE_LABELS, ROLES
from learnpm.experience.core.imports.plan import NEW, SKIP
from learnpm.experience.core.imports.reading import Reading
from learnpm.experience.core.imports.rows import Group
from learnpm.experience.models import Project
from learnpm.forms import SiteForm

ZONES = sorted(available_timezones())


class TrackerFileForm(SiteForm):
    """A file from a time tracker, a spreadsheet or a calendar, to preview before anything is saved."""

    file = FileField("Export file (.csv, .xlsx or .ics)",
                     validators=[FileRequired("Choose the file your tracker, spreadsheet or calendar exported.")],
                     description="Toggl Track, Clockify or Harvest detailed reports, any spreadsheet, or a calendar.")


class PreviewForm(SiteForm):
    """The preview's choices; its fields are added for each file by `preview_form`."""


def preview_form(reading: Reading, groups: Sequence[Group], projects: Sequence[Project],
                 defaults: Mapping[str, str]) -> PreviewForm:
    """Return the preview form for this file: its column, date and zone choices, and a project per group."""
    fields: dict[str, SelectField] = {}
    if reading.kind == "spreadsheet":
        columns = [SelectChoice("", "(none)")] + [
            SelectChoice(name, f"{name} (e.g. {reading.samples.get(name) or 'empty'})") for name in reading.columns]
        fields |= {f"column_{role}": SelectField(ROLE_LABELS[role], choices=columns) for role in ROLES}
    if reading.kind != "calendar":
        fields["date_order"] = SelectField("Dates with slashes are written", choices=[
            SelectChoice("", "as the file shows (ask when unsure)"),
            *(SelectChoice(key, text) for key, text in DATE_ORDERS.items() if key != "iso")])
    else:
        fields["zone"] = SelectField("Your time zone", choices=ZONES,
                                     description="Each event counts on the day it starts in this zone.")
    targets = [SelectChoice(str(project.id), project.title) for project in projects]
    for group in groups:
        shown = group.name or "(rows without a project)"
        choices = [*targets, SelectChoice(SKIP, "Leave these rows out")]
        if group.name:
            choices.insert(len(targets), SelectChoice(NEW, f"A new project named “{group.name[:80]}”"))
        fields[group.field_name] = SelectField(shown, choices=choices)
    form_class = type("FilePreviewForm", (PreviewForm,), fields)
    form = form_class()
    for name, value in defaults.items():  # the defaults fill what the learner has not chosen (yet)
        if name in form and not form[name].raw_data:
            form[name].data = value
    return form
