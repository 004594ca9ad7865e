"""Account queries against a real session."""

import pytest

from learnpm.auth import queries


def test_a_user_is_found_by_email_in_any_case_and_spacing(session):
    queries.create_user(session, "  Lin@Example.org ", "Lin", "a long enough passphrase")
    session.commit()
    assert queries.user_by_email(session, "lin@example.ORG").display_name == "Lin"


def test_authentication_checks_the_password_and_records_the_login(session):
    user = queries.create_user(session, "kim@example.org", "Kim", "a long enough passphrase")
    assert user.last_login_at is None
    assert queries.authenticate(session, "kim@example.org", "wrong guess, sorry") is None
    assert queries.authenticate(session, "nobody@example.org", "a long enough passphrase") is None
    assert queries.authenticate(session, "kim@example.org", "a long enough passphrase") is user
    assert user.last_login_at is not None


def test_a_second_account_with_the_same_email_is_refused(session):
    queries.create_user(session, "sam@example.org", "Sam", "a long enough passphrase")
    with pytest.raises(queries.EmailTaken):
        queries.create_user(session, "SAM@example.org", "Sam again", "a long enough passphrase")


@pytest.mark.parametrize(
    ("roles", "learner", "mentor", "admin"),
    [(("learner",), True, False, False), (("learner", "mentor"), True, True, False), (("mentor", "admin"), False, True, True)],
)
def test_roles_are_exactly_the_ones_given(session, roles, learner, mentor, admin):
    user = queries.create_user(session, "r@example.org", "R", "a long enough passphrase", roles)
    assert (user.is_learner, user.is_mentor, user.is_admin) == (learner, mentor, admin)
    assert user.roles == list(roles)


def test_an_unknown_role_is_refused(session):
    user = queries.create_user(session, "r@example.org", "R", "a long enough passphrase")
    with pytest.raises(ValueError, match="superuser"):
        queries.set_roles(user, ["superuser"])
