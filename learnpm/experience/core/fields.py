"""A project's fields as PMI's application asks for them: named once for the pages, CSV files, exports and PDFs."""

from __future__ import annotations

TEXT_FIELDS = ("title", "organization", "job_title")
OPTION_FIELDS = ("functional_reporting_area", "organization_primary_focus", "approach", "team_size", "budget")
APPLICATION_FIELDS = (*TEXT_FIELDS, *OPTION_FIELDS)  # in the order of PMI's form
# The words PMI's form asks for when "Other" is chosen in these lists (the rule set says which lists need them).
OTHER_TEXT_FIELDS = ("functional_reporting_area_other", "organization_primary_focus_other")
DESCRIPTION_FIELDS = ("objective", "role", "breakdown", "outcome")  # the sections are stored apart, by id
VERIFIER_FIELDS = ("name", "title", "organization", "email", "phone", "relationship")
VERIFIER_COLUMNS = tuple(f"verifier_{name}" for name in VERIFIER_FIELDS)  # as stored on a project

LABELS = {
    "title": "Project title", "organization": "Organization", "job_title": "Job title",
    "functional_reporting_area": "Functional reporting area",
    "organization_primary_focus": "Organization primary focus", "approach": "Approach / methodology",
    "team_size": "Project team size", "budget": "Project budget",
    "functional_reporting_area_other": "Functional reporting area, Other",
    "organization_primary_focus_other": "Organization primary focus, Other",
}
