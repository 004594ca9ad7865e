"""A PDU tracker for one certification cycle: what counts once the caps apply, what is missing, what carries over.

Education PDUs count in full (they may make up the whole requirement); giving back counts up to its cap,
and working as a practitioner up to its own cap inside it. The carry-over into the next cycle is the
smallest of: the counted PDUs beyond the requirement, the PDUs earned in the cycle's last year (leaving out the
kinds the rule set excludes, such as working as a practitioner), and the certification's carry-over cap; and
nothing carries over from a cycle whose minimums are not met. A certification that requires a topic (PMI-ACP:
agile topics) refuses a claim not confirmed to be on it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from learnpm.experience.core.amounts import as_decimal, in_steps, plain
from learnpm.experience.core.problems import Problem, errors_in
from learnpm.experience.core.rules.library import default_rules
from learnpm.experience.core.rules.models import CertificationCycle, PduRules

ZERO = Decimal(0)


@dataclass(frozen=True)
class PduClaim:
    """PDUs earned in one activity: an education area or a giving-back kind of the rule set."""

    category: str
    amount: Decimal
    earned_on: date
    # Whether the learner confirmed the activity was on the certification's required topic (None: not asked).
    on_required_topic: bool | None = None

    def __post_init__(self) -> None:
        # Floats from callers become exact decimals, so that 0.1 + 0.2 PDUs compare as 0.3.
        object.__setattr__(self, "amount", as_decimal(self.amount))


@dataclass(frozen=True)
class Cycle:
    """A certification cycle: from the day the exam was passed (or the last cycle ended) for some years."""

    start: date
    years: int

    @property
    def end(self) -> date:
        """Return the cycle's last day."""
        return _add_years(self.start, self.years) - timedelta(days=1)

    @property
    def last_year_start(self) -> date:
        """Return the first day of the cycle's last year, whose surplus may carry over."""
        return _add_years(self.start, self.years - 1)

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end


def _add_years(day: date, years: int) -> date:
    """Return the same day `years` later; 29 February becomes 1 March in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 3, 1)


def certification_cycle(certification_id: str, start: date, rules: PduRules | None = None) -> Cycle:
    """Return the cycle of `certification_id` that begins on `start`."""
    rules = rules or default_rules().pdu
    return Cycle(start, rules.certification(certification_id).cycle_years)


def cycle_running(certification_id: str, start: date, today: date, rules: PduRules | None = None) -> bool:
    """Return whether the cycle of `certification_id` that began on `start` is running on `today`."""
    return today in certification_cycle(certification_id, start, rules)


def claim_problems(
    claim: PduClaim, cycle: Cycle, rules: PduRules | None = None, *, certification: CertificationCycle | None = None
) -> tuple[Problem, ...]:
    """Return what refuses a claim: its category, amount or date, or a required topic it is not confirmed on."""
    rules = rules or default_rules().pdu
    problems = []
    if certification is not None and certification.required_topic and not claim.on_required_topic:
        problems.append(Problem("on_required_topic", f"{certification.label} PDUs must be on "
                                f"{certification.required_topic}: confirm this activity was."))
    known = [item.id for item in rules.education_areas + rules.giving_back_kinds]
    if claim.category not in known:
        problems.append(Problem("category", f"unknown category {claim.category!r}; use {', '.join(known)}"))
    if claim.amount <= 0:
        problems.append(Problem("amount", "PDUs must be more than 0."))
    elif not in_steps(claim.amount, rules.step):
        problems.append(Problem("amount", f"PDUs are claimed in steps of {plain(rules.step)}."))
    if claim.earned_on not in cycle:
        problems.append(
            Problem("earned_on", f"{claim.earned_on} is outside this cycle ({cycle.start} to {cycle.end}).")
        )
    return tuple(problems)


@dataclass(frozen=True)
class PduStatus:
    """Where a certification cycle stands."""

    certification_id: str
    cycle: Cycle
    required: Decimal
    education_by_area: Mapping[str, Decimal]
    giving_back_claimed: Decimal
    practitioner_claimed: Decimal
    practitioner_counted: Decimal
    giving_back_counted: Decimal
    # What each minimum still lacks: "total", "education" and every education area, zero when met.
    missing: Mapping[str, Decimal]
    carry_over: Decimal

    @property
    def education(self) -> Decimal:
        """Return the education PDUs, all of which count."""
        return sum(self.education_by_area.values(), ZERO)

    @property
    def total_counted(self) -> Decimal:
        """Return the PDUs that count toward the requirement once the caps apply."""
        return self.education + self.giving_back_counted

    @property
    def not_counted(self) -> Decimal:
        """Return the giving-back PDUs claimed beyond the caps."""
        return self.giving_back_claimed - self.giving_back_counted

    @property
    def met(self) -> bool:
        """Return whether every minimum is met, the total included."""
        return all(amount == 0 for amount in self.missing.values())


def pdu_status(
    certification_id: str, cycle_start: date, claims: Iterable[PduClaim], rules: PduRules | None = None
) -> PduStatus:
    """Return the status of the cycle beginning on `cycle_start`; raise ValueError if any claim is refused."""
    rules = rules or default_rules().pdu
    limits = rules.certification(certification_id)
    cycle = Cycle(cycle_start, limits.cycle_years)
    claims = tuple(claims)
    _refuse_bad_claims(claims, cycle, rules)
    by_category = _totals(claims)
    by_area = {area.id: by_category.get(area.id, ZERO) for area in rules.education_areas}
    giving_back = sum((by_category.get(kind.id, ZERO) for kind in rules.giving_back_kinds), ZERO)
    practitioner = by_category.get(rules.practitioner_kind, ZERO)
    practitioner_counted = min(practitioner, limits.practitioner_maximum)
    giving_back_counted = min(giving_back - practitioner + practitioner_counted, limits.giving_back_maximum)
    total = sum(by_area.values(), ZERO) + giving_back_counted
    missing = _missing(limits, by_area, total)
    carry_over = _carry_over(limits, claims, cycle, total, missing, rules.carry_over.excluded_kinds)
    return PduStatus(
        limits.id,
        cycle,
        limits.required_pdus,
        by_area,
        giving_back,
        practitioner,
        practitioner_counted,
        giving_back_counted,
        missing,
        carry_over,
    )


def _refuse_bad_claims(claims: Iterable[PduClaim], cycle: Cycle, rules: PduRules) -> None:
    messages = [
        f"claim {position}: {problem}"
        for position, claim in enumerate(claims, start=1)
        for problem in errors_in(claim_problems(claim, cycle, rules))
    ]
    if messages:
        raise ValueError("; ".join(messages))


def _totals(claims: Iterable[PduClaim]) -> dict[str, Decimal]:
    totals: dict[str, Decimal] = {}
    for claim in claims:
        totals[claim.category] = totals.get(claim.category, ZERO) + claim.amount
    return totals


def _missing(limits: CertificationCycle, by_area: Mapping[str, Decimal], total: Decimal) -> dict[str, Decimal]:
    missing = {
        "total": max(ZERO, limits.required_pdus - total),
        "education": max(ZERO, limits.education_minimum - sum(by_area.values(), ZERO)),
    }
    for area, amount in by_area.items():
        missing[area] = max(ZERO, limits.education_area_minimum - amount)
    return missing


def _carry_over(
    limits: CertificationCycle, claims: Iterable[PduClaim], cycle: Cycle, total: Decimal,
    missing: Mapping[str, Decimal], excluded_kinds: Iterable[str],
) -> Decimal:
    if any(amount > 0 for amount in missing.values()):
        return ZERO
    excluded = frozenset(excluded_kinds)
    last_year = sum((claim.amount for claim in claims
                     if claim.earned_on >= cycle.last_year_start and claim.category not in excluded), ZERO)
    return min(total - limits.required_pdus, last_year, limits.carry_over_maximum)
