"""The demo accounts and their data, created only by `learnpm demo` or `learnpm serve --demo`."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from learnpm.auth import queries

DEMO_PASSWORD = "learnpm-demo"


@dataclass(frozen=True)
class DemoAccount:
    """One demo login."""

    email: str
    display_name: str
    roles: tuple[str, ...]


DEMO_ACCOUNTS = (
    DemoAccount("student@demo.learnpm", "Sol Student", ("learner",)),
    DemoAccount("volunteer@demo.learnpm", "Vera Volunteer", ("learner",)),
    DemoAccount("mentor@demo.learnpm", "Meg Mentor", ("mentor",)),
)


def load_demo(session: Session) -> list[str]:
    """Create whatever demo data is missing; return the emails of accounts created now."""
    created = []
    for account in DEMO_ACCOUNTS:
        if queries.user_by_email(session, account.email) is None:
            queries.create_user(session, account.email, account.display_name, DEMO_PASSWORD, account.roles)
            created.append(account.email)
    return created
