"""The mails that accounts send: confirm an address, reset a password, someone used your address. Pure."""

from __future__ import annotations

Mail = tuple[str, str]


def confirm_mail(name: str, link: str) -> Mail:
    """Return the subject and body asking a new member to confirm their address."""
    return "Confirm your email address for learnpm", (
        f"Hello {name},\n\n"
        "Welcome to learnpm. Please confirm that this address is yours by opening this link:\n\n"
        f"{link}\n\n"
        "The link works once, for 7 days. Until then your account works, but learnpm mails you nothing else.\n\n"
        "If you did not create this account, ignore this message.\n"
    )


def reset_mail(name: str, link: str) -> Mail:
    """Return the subject and body of a password reset link."""
    return "Reset your learnpm password", (
        f"Hello {name},\n\n"
        "Someone, hopefully you, asked to reset the password of your learnpm account. Choose a new one here:\n\n"
        f"{link}\n\n"
        "The link works once, for one hour. Setting a new password logs you out on every browser and device.\n\n"
        "If you did not ask for this, ignore this message: your password stays as it is.\n"
    )


def address_taken_mail(name: str, login_link: str, forgot_link: str) -> Mail:
    """Return the subject and body telling an owner that someone tried to register with their address."""
    return "Someone tried to create a learnpm account with your address", (
        f"Hello {name},\n\n"
        "Someone tried to create a new learnpm account with this email address, which already has one: yours.\n"
        "No second account was made.\n\n"
        f"If it was you, log in here: {login_link}\n"
        f"Forgotten your password? Reset it here: {forgot_link}\n\n"
        "If it was not you, ignore this message: nothing has changed.\n"
    )
