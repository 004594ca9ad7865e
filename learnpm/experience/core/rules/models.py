"""The shape of PMI rule-set files (content/rules/*.yaml) as frozen pydantic models that forbid unknown keys.

One model per file kind: PmpRules (pmp-2020.yaml), LegacyHoursRules (pmp-legacy-hours.yaml),
ExamOutlineRules (pmp-exam-outline.yaml), ApplicationOptions (application-options.yaml), FeeSchedule
(fees.yaml), PduRules (pdu-ccr.yaml) and HoursLogRules (hours-log.yaml, learnpm's own limits).
The building blocks (strict scalars, frozen parts, the common header) are in `rule_base.py`.
"""

from __future__ import annotations

from datetime import date
from itertools import pairwise
from typing import Annotated, Literal, Self

from pydantic import Field, StrictBool, StrictStr, model_validator

from learnpm.experience.core.rules.base import (
    Amount,
    Confidence,
    Count,
    Day,
    Frozen,
    Identifier,
    Labelled,
    Noted,
    PositiveAmount,
    PositiveCount,
    RuleSetHeader,
    unique_ids,
)


class Window(Noted):
    months: PositiveCount
    # L in the digest: count only in-window months (clip), or drop a project that began before the window.
    straddling_projects: Literal["clip", "exclude"]


class EligibilityPath(Noted):
    id: Identifier
    label: StrictStr
    experience_months: Count


class PmEducation(Noted):
    contact_hours: Amount
    active_capm_counts: StrictBool
    # A course is known by its months only: when true, it counts from the month after its end month.
    count_from_month_after_end: StrictBool


class Capm(Noted):
    contact_hours: Amount


class ApplicationTiming(Noted):
    submit_within_days: PositiveCount
    exam_eligibility_days: PositiveCount
    exam_attempts: PositiveCount
    audit_response_days: PositiveCount


class DescriptionLimits(Noted):
    minimum_words: Count
    guidance_minimum_words: Count
    guidance_maximum_words: PositiveCount
    maximum_words: PositiveCount | None

    @model_validator(mode="after")
    def _limits_in_order(self) -> Self:
        hard_max = self.maximum_words or self.guidance_maximum_words
        if not self.minimum_words <= self.guidance_minimum_words <= self.guidance_maximum_words <= hard_max:
            raise ValueError("need minimum_words <= guidance_minimum_words <= guidance_maximum_words <= maximum_words")
        return self


class ApplicationForm(Noted):
    """What PMI's online form accepts for a project beyond its fields: lengths, "Other" texts, the end month."""

    title_max_chars: PositiveCount
    organization_max_chars: PositiveCount
    job_title_max_chars: PositiveCount
    other_needs_text: tuple[Literal["functional_reporting_area", "organization_primary_focus"], ...]
    other_text_max_chars: PositiveCount
    end_month_after_current_allowed: StrictBool


class ProcessGroups(Noted):
    groups: tuple[Labelled, ...] = Field(min_length=1)


class PmpRules(RuleSetHeader):
    kind: Literal["pmp-application"]
    window: Window
    paths: tuple[EligibilityPath, ...] = Field(min_length=1)
    pm_education: PmEducation
    capm: Capm
    application: ApplicationTiming
    application_form: ApplicationForm
    description: DescriptionLimits
    process_groups: ProcessGroups

    @model_validator(mode="after")
    def _paths_fit_window(self) -> Self:
        unique_ids(self.paths, "path")
        unique_ids(self.process_groups.groups, "process group")
        for path in self.paths:
            if path.experience_months > self.window.months:
                raise ValueError(f"path {path.id} needs more months than the {self.window.months}-month window holds")
        return self

    def path(self, path_id: str) -> EligibilityPath:
        """Return the eligibility path `path_id`; raise KeyError for an unknown one."""
        for path in self.paths:
            if path.id == path_id:
                return path
        raise KeyError(f"unknown eligibility path {path_id!r}; known: {', '.join(p.id for p in self.paths)}")


class LegacyPath(Noted):
    id: Identifier
    label: StrictStr
    experience_months: Count
    experience_hours: Amount


class LegacyHoursRules(RuleSetHeader):
    kind: Literal["pmp-legacy-hours"]
    window_months: PositiveCount
    paths: tuple[LegacyPath, ...] = Field(min_length=1)
    process_groups: ProcessGroups
    # "Each group needed some hours": the least that counts as some, per group, across all projects.
    minimum_hours_per_group: Amount
    contact_hours: Amount

    @model_validator(mode="after")
    def _unique(self) -> Self:
        unique_ids(self.paths, "path")
        unique_ids(self.process_groups.groups, "process group")
        return self


class Domain(Frozen):
    id: Identifier
    label: StrictStr
    weight_percent: Count


class ExamOutline(Noted):
    id: Identifier
    label: StrictStr
    valid_from: Day
    valid_until: Day | None
    domains: tuple[Domain, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _weights_make_100(self) -> Self:
        unique_ids(self.domains, "domain")
        total = sum(domain.weight_percent for domain in self.domains)
        if total != 100:
            raise ValueError(f"outline {self.id}: domain weights add up to {total} %, not 100 %")
        return self


class ExamOutlineRules(RuleSetHeader):
    kind: Literal["exam-outline"]
    outlines: tuple[ExamOutline, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _periods_follow_each_other(self) -> Self:
        unique_ids(self.outlines, "outline")
        for earlier, later in pairwise(self.outlines):
            if earlier.valid_until is None or earlier.valid_until >= later.valid_from:
                raise ValueError(f"outline {earlier.id} must end before {later.id} begins (list them oldest first)")
        return self

    def outline_on(self, day: date) -> ExamOutline:
        """Return the outline in force on `day` (the oldest one for days before every outline)."""
        current = self.outlines[0]
        for outline in self.outlines:
            if outline.valid_from <= day:
                current = outline
        return current


class Option(Frozen):
    id: Identifier
    label: StrictStr
    minimum: Count | None = None
    maximum: Count | None = None
    # Ids of an older list's options that this one stands for, so that stored projects keep a valid choice.
    replaces: tuple[Identifier, ...] = ()


class OptionList(Noted):
    options: tuple[Option, ...] = Field(min_length=2)

    @model_validator(mode="after")
    def _has_other(self) -> Self:
        unique_ids(self.options, "option")
        if "other" not in {option.id for option in self.options}:
            raise ValueError("every option list needs an 'other' option")
        return self

    def ids(self) -> tuple[str, ...]:
        """Return the option ids in display order."""
        return tuple(option.id for option in self.options)

    def resolve(self, option_id: str) -> Option | None:
        """Return the option with this id, or the one that replaces it; None when the list has neither."""
        for option in self.options:
            if option_id == option.id or option_id in option.replaces:
                return option
        return None


class ApplicationOptions(RuleSetHeader):
    kind: Literal["application-options"]
    functional_reporting_area: OptionList
    organization_primary_focus: OptionList
    approach: OptionList
    team_size: OptionList
    budget: OptionList
    budget_currency: StrictStr


class Fee(Noted):
    id: Identifier
    label: StrictStr
    amount: Amount


class FeeSchedule(RuleSetHeader):
    kind: Literal["fees"]
    currency: StrictStr
    fees: tuple[Fee, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> Self:
        unique_ids(self.fees, "fee")
        return self


class CertificationCycle(Noted):
    id: Identifier
    label: StrictStr
    also_for: tuple[StrictStr, ...] = ()
    cycle_years: PositiveCount
    required_pdus: Amount
    education_minimum: Amount
    education_area_minimum: Amount
    giving_back_maximum: Amount
    practitioner_maximum: Amount
    carry_over_maximum: Amount
    carry_over_confidence: Confidence
    # What every claim must be about (PMI-ACP: agile topics); None when any topic counts.
    required_topic: StrictStr | None = None
    required_topic_confidence: Confidence | None = None

    @model_validator(mode="after")
    def _limits_agree(self) -> Self:
        if self.education_minimum + self.giving_back_maximum < self.required_pdus:
            raise ValueError(f"{self.id}: education minimum plus giving-back maximum cannot reach the requirement")
        if self.practitioner_maximum > self.giving_back_maximum or self.education_minimum > self.required_pdus:
            raise ValueError(f"{self.id}: a part's limit exceeds its whole")
        return self


class CarryOver(Noted):
    # PDUs of these kinds never carry into the next cycle.
    excluded_kinds: tuple[Identifier, ...] = ()


class PduRules(RuleSetHeader):
    kind: Literal["pdu-ccr"]
    step: PositiveAmount
    education_areas: tuple[Labelled, ...] = Field(min_length=1)
    giving_back_kinds: tuple[Labelled, ...] = Field(min_length=1)
    practitioner_kind: Identifier
    carry_over: CarryOver
    certifications: tuple[CertificationCycle, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        unique_ids(self.education_areas + self.giving_back_kinds, "PDU category")
        unique_ids(self.certifications, "certification")
        if self.practitioner_kind not in {kind.id for kind in self.giving_back_kinds}:
            raise ValueError(f"practitioner_kind {self.practitioner_kind!r} is not a giving-back kind")
        known = {item.id for item in self.education_areas + self.giving_back_kinds}
        unknown = sorted(set(self.carry_over.excluded_kinds) - known)
        if unknown:
            raise ValueError(f"carry_over.excluded_kinds names unknown categories: {', '.join(unknown)}")
        for cycle in self.certifications:
            if cycle.education_area_minimum * len(self.education_areas) > cycle.education_minimum:
                raise ValueError(f"{cycle.id}: the area minimums add up to more than the education minimum")
        return self

    def certification(self, certification_id: str) -> CertificationCycle:
        """Return the cycle rules of `certification_id` (pmp, capm, acp); raise KeyError for an unknown one."""
        for cycle in self.certifications:
            if cycle.id == certification_id:
                return cycle
        raise KeyError(f"unknown certification {certification_id!r}")


class HoursLogRules(RuleSetHeader):
    kind: Literal["hours-log"]
    max_hours_per_day: Annotated[PositiveAmount, Field(le=24)]
    hours_step: PositiveAmount
    week_starts_on: Literal["monday", "sunday"]
    import_max_bytes: PositiveCount
    import_max_rows: PositiveCount


RuleSet = PmpRules | LegacyHoursRules | ExamOutlineRules | ApplicationOptions | FeeSchedule | PduRules | HoursLogRules
