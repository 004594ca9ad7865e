"""Demo logs: the volunteer's projects, hours, degree and courses; the mentor's PMP cycle and PDUs."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy.orm import Session

from learnpm.auth.models import User
from learnpm.experience.models import AcademicRecord, Certification, Course, HoursEntry, PduRecord, Project

ADOPTION_DAY = {
    "title": "Spring adoption day", "organization": "Riverside Animal Shelter", "job_title": "Volunteer coordinator",
    "functional_reporting_area": "operations", "organization_primary_focus": "nonprofit", "approach": "predictive",
    "team_size": "20-plus", "budget": "under-100k", "start_month": date(2025, 3, 1), "end_month": date(2025, 6, 1),
    "objective": "Find new homes for twenty-five shelter animals in a single Saturday event, within a donated budget.",
    "role": "As volunteer coordinator I led a team of thirty-two volunteers and reported to the shelter director.",
    "sections": {
        "IN": "Agreed the goal, date, budget and success measures with the shelter director; identified the "
              "stakeholders: staff, vets, volunteers, the venue and the local paper.",
        "PL": "Built the plan and the volunteer rota for four shifts, booked the venue, arranged vet checks and "
              "adoption paperwork, and kept a risk list with an owner for each risk, the weather first.",
        "EX": "Briefed every volunteer, ran the day from the control desk, and moved the event indoors when the "
              "donated marquee fell through two days before.",
        "MC": "Tracked sign-ups, supplies and the budget weekly with the director; reported status every Friday "
              "and escalated the venue problem the morning it appeared.",
        "CL": "Closed the accounts, thanked volunteers and sponsors, and wrote a lessons-learned note that the "
              "shelter now uses for its autumn event.",
    },
    "outcome": "Twenty-seven animals were adopted on the day, two more than the goal, and the event came in under budget.",
    "verifier_name": "Maria Okafor", "verifier_title": "Shelter director",
    "verifier_organization": "Riverside Animal Shelter", "verifier_email": "maria.okafor@example.org",
    "verifier_phone": "+44 20 7946 0000", "verifier_relationship": "Supervisor",
}
OFFICE_MOVE = {
    "title": "Office move to the Harbour building", "organization": "Northwind Logistics",
    "job_title": "IT coordinator", "functional_reporting_area": "information-technology",
    "organization_primary_focus": "other", "organization_primary_focus_other": "Logistics and freight",
    "approach": "hybrid", "team_size": "5-9", "budget": "under-100k",
    "start_month": date(2024, 9, 1), "end_month": date(2025, 2, 1),
    "objective": "Move sixty staff and their equipment to the new office over one weekend without losing a working day.",
    "role": "I coordinated the IT workstream with the facilities manager.",
    "sections": {"EX": "Ran the cut-over weekend checklist and the Monday help desk."},
    "outcome": "Everyone was working on Monday morning.",
    "verifier_name": "", "verifier_title": "", "verifier_organization": "", "verifier_email": "",
    "verifier_phone": "", "verifier_relationship": "",
}
FOOD_DRIVE = {
    "title": "Community food drive", "organization": "Eastside Food Bank", "job_title": "Drive lead",
    "functional_reporting_area": "operations", "organization_primary_focus": "nonprofit", "approach": "agile",
    "team_size": "10-19", "budget": "under-100k", "start_month": date(2025, 1, 1), "end_month": None,
    "objective": "Collect and sort three tonnes of food for the winter season through twelve collection points.",
    "role": "I lead the drive's planning and a team of fifteen volunteers.",
    "sections": {"PL": "Planned the collection points and the rota.", "EX": "Run the weekly sorting sessions."},
    "outcome": "In progress: 1.8 tonnes collected so far.",
    "verifier_name": "Daniel Kim", "verifier_title": "Operations manager", "verifier_organization": "Eastside Food Bank",
    "verifier_email": "daniel.kim@example.org", "verifier_phone": "", "verifier_relationship": "Sponsor",
}


def load_experience(session: Session, volunteer: User, today: date) -> None:
    """Create the volunteer's log: projects, a weekly rhythm of hours, a degree and two courses."""
    for data, hours, groups in ((ADOPTION_DAY, "3", ["PL", "EX"]), (OFFICE_MOVE, "2.5", ["EX"]),
                                (FOOD_DRIVE, "2", ["EX", "MC"])):
        project = Project(user_id=volunteer.id, **data)
        session.add(project)
        session.flush()
        session.add_all(_weekly(volunteer, project, Decimal(hours), groups, today))
    session.add(AcademicRecord(user_id=volunteer.id, level="bachelor", institution="Lakeside University",
                               country="United Kingdom", field_of_study="Business administration", start_year=2014,
                               end_year=2018, gac_accredited=False))
    session.add_all([
        Course(user_id=volunteer.id, title="Project management fundamentals", provider="City Adult College",
               start_month=date(2024, 1, 1), end_month=date(2024, 3, 1), hours=Decimal("24")),
        Course(user_id=volunteer.id, title="Agile essentials", provider="Open Learning Online",
               start_month=date(2025, 9, 1), end_month=date(2025, 10, 1), hours=Decimal("8")),
    ])


def _weekly(volunteer: User, project: Project, hours: Decimal, groups: list[str], today: date) -> list[HoursEntry]:
    """Return one entry each Saturday of the project's months, up to today."""
    last = project.end_month.replace(day=28) if project.end_month else today
    day = project.start_month + timedelta(days=(5 - project.start_month.weekday()) % 7)
    entries = []
    while day <= min(last, today):
        entries.append(HoursEntry(user_id=volunteer.id, project_id=project.id, day=day, hours=hours,
                                  activity="Planning and volunteer coordination", process_groups=groups,
                                  domains=["people", "process"]))
        day += timedelta(days=7)
    return entries


MENTOR_PDUS = (
    ("Negotiation skills workshop", "power_skills", "7", date(2024, 9, 14)),
    ("Agile coaching course", "ways_of_working", "12", date(2025, 2, 3)),
    ("Finance for project managers", "business_acumen", "6.5", date(2025, 6, 20)),
    ("Mentoring new project managers", "volunteering", "9", date(2025, 11, 1)),
    ("Leading the payments programme", "working_as_practitioner", "8", date(2026, 3, 31)),
)


def load_certification(session: Session, mentor: User) -> None:
    """Give the mentor a PMP cycle with PDUs in every kind, part of the way through."""
    certification = Certification(user_id=mentor.id, kind="pmp", cycle_start=date(2024, 5, 10))
    session.add(certification)
    session.flush()
    session.add_all(PduRecord(user_id=mentor.id, certification_id=certification.id, title=title, category=category,
                              amount=Decimal(amount), earned_on=earned_on)
                    for title, category, amount, earned_on in MENTOR_PDUS)
