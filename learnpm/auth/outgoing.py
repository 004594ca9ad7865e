"""Mailing account links: each mail is queued with the change that asked for it and leaves once it commits."""

from __future__ import annotations

from sqlalchemy.orm import Session

from learnpm.auth import queries
from learnpm.auth.account_tokens import issue_link
from learnpm.auth.mails import address_taken_mail, confirm_mail, reset_mail
from learnpm.auth.models import User
from learnpm.auth.tokens import CONFIRM, RESET
from learnpm.clock import utcnow
from learnpm.mail.queries import queue_mail
from learnpm.security import within_limit
from learnpm.urls import public_url

# However often the form is sent, an address gets no more than this: a form must not make a mail cannon.
RESETS_PER_ADDRESS = "3 per hour"
CONFIRMATIONS_PER_ACCOUNT = "3 per hour"
TAKEN_NOTICES_PER_ADDRESS = "2 per day"


def mail_confirmation(session: Session, user: User) -> bool:
    """Mail the user a link to confirm their address; False when they have had enough of them lately."""
    if not within_limit(CONFIRMATIONS_PER_ACCOUNT, "confirm-mail", str(user.id)):
        return False
    token = issue_link(session, user, CONFIRM, utcnow())
    subject, body = confirm_mail(user.display_name, public_url("auth.confirm_email", token=token))
    queue_mail(session, user.email, subject, body)
    return True


def mail_reset_link(session: Session, email: str) -> None:
    """Mail a reset link to the account with this address, if there is one and it has not had too many."""
    user = queries.user_by_email(session, email)
    if user is None or not within_limit(RESETS_PER_ADDRESS, "reset-mail", user.email):
        return
    token = issue_link(session, user, RESET, utcnow())
    subject, body = reset_mail(user.display_name, public_url("auth.reset_password", token=token))
    queue_mail(session, user.email, subject, body)


def mail_address_taken(session: Session, email: str) -> None:
    """Tell the owner of `email` that someone tried to register with it (a few times a day at most)."""
    user = queries.user_by_email(session, email)
    if user is None or not within_limit(TAKEN_NOTICES_PER_ADDRESS, "taken-mail", user.email):
        return
    subject, body = address_taken_mail(user.display_name, public_url("auth.login"), public_url("auth.forgot_password"))
    queue_mail(session, user.email, subject, body)
