"""The password policy a person meets when registering or changing a password."""

import pytest

from learnpm.auth.passwords import MAX_LENGTH, password_problem


@pytest.mark.parametrize(
    "password",
    ["correct horse battery", "a quiet harbour at dawn", "Tr0ub4dor&3xyz!", "plums under the old bridge"],
)
def test_long_uncommon_passwords_are_accepted(password):
    assert password_problem(password) is None


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("short1!", "at least 12"),
        ("elevenchars", "at least 12"),
        ("password1234", "common"),
        ("qwerty123456", "common"),
        ("123456789012", "common"),
        ("aaaaaaaaaaaaaaa", "repeat"),
        ("x" * (MAX_LENGTH + 1), "at most"),
    ],
)
def test_short_and_common_passwords_are_refused_with_a_reason(password, reason):
    problem = password_problem(password)
    assert problem is not None
    assert reason in problem.lower()


def test_a_password_built_from_the_persons_own_email_is_refused():
    assert password_problem("jordan.example.org", ["jordan@example.org"]) is not None
