"""Forms of registration and login."""

from __future__ import annotations

from wtforms import BooleanField, EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from learnpm.auth.passwords import MAX_LENGTH
from learnpm.forms import SiteForm, StrongPassword


class RegisterForm(SiteForm):
    """Create an account."""

    email = EmailField(
        "Email",
        validators=[DataRequired("Enter your email address."), Email("Enter an email address like name@example.org."), Length(max=254)],
        render_kw={"autocomplete": "email"},
    )
    display_name = StringField(
        "Your name",
        validators=[DataRequired("Enter the name other people will see."), Length(max=80, message="Keep it under 80 characters.")],
        description="Shown to your mentors and on your documents.",
        render_kw={"autocomplete": "name"},
    )
    password = PasswordField(
        "Password",
        validators=[DataRequired("Choose a password."), StrongPassword("email", "display_name")],
        description="At least 12 characters. A few unrelated words are easy to remember and hard to guess.",
        render_kw={"autocomplete": "new-password", "maxlength": MAX_LENGTH},
    )
    confirm = PasswordField(
        "Repeat the password",
        validators=[DataRequired("Repeat the password."), EqualTo("password", "The two passwords differ.")],
        render_kw={"autocomplete": "new-password"},
    )


class LoginForm(SiteForm):
    """Log in with email and password."""

    email = EmailField(
        "Email",
        validators=[DataRequired("Enter your email address."), Length(max=254)],
        render_kw={"autocomplete": "username"},
    )
    password = PasswordField(
        "Password",
        validators=[DataRequired("Enter your password."), Length(max=MAX_LENGTH)],
        render_kw={"autocomplete": "current-password"},
    )
    remember = BooleanField("Keep me logged in on this device")


class ForgotPasswordForm(SiteForm):
    """Ask for a password reset link by mail."""

    email = EmailField(
        "Email",
        validators=[DataRequired("Enter your email address."), Email("Enter an email address like name@example.org."), Length(max=254)],
        description="The address you log in with. We will mail it a link to choose a new password.",
        render_kw={"autocomplete": "username"},
    )


class ResetPasswordForm(SiteForm):
    """Choose a new password through a mailed link."""

    password = PasswordField(
        "New password",
        validators=[DataRequired("Choose a new password."), StrongPassword()],
        description="At least 12 characters. Setting it logs you out on every other browser and device.",
        render_kw={"autocomplete": "new-password", "maxlength": MAX_LENGTH},
    )
    confirm = PasswordField(
        "Repeat the new password",
        validators=[DataRequired("Repeat the new password."), EqualTo("password", "The two passwords differ.")],
        render_kw={"autocomplete": "new-password"},
    )
