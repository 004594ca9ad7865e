"""Registration: a new person gets an account, or a clear message at the field that is wrong."""

import pytest

from tests.support import PASSWORD, post_form

GOOD = {"email": "Ada@Example.org", "display_name": "Ada Okafor", "password": PASSWORD, "confirm": PASSWORD}


def test_registering_logs_the_person_in_and_shows_their_dashboard(client):
    response = post_form(client, "/register", GOOD, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Hello, Ada Okafor" in page
    assert "Welcome to learnpm" in page
    assert "Practise a day in the life" in page  # the empty state says what to do first


def test_the_email_is_stored_in_lower_case_so_either_spelling_logs_in(client, auth):
    post_form(client, "/register", GOOD)
    auth.logout()
    assert auth.login("ada@example.ORG").status_code == 302


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"email": ""}, "email", "Enter your email address."),
        ({"email": "not-an-address"}, "email", "Enter an email address like"),
        ({"display_name": ""}, "display_name", "Enter the name other people will see."),
        ({"display_name": "x" * 81}, "display_name", "under 80 characters"),
        ({"password": "short", "confirm": "short"}, "password", "at least 12 characters"),
        ({"password": "password1234", "confirm": "password1234"}, "password", "very common password"),
        ({"password": "ada okafor rocks", "confirm": "ada okafor rocks"}, "password", "Leave your name"),
        ({"confirm": "something else entirely"}, "confirm", "The two passwords differ."),
    ],
)
def test_bad_input_is_explained_at_the_field_and_the_rest_is_kept(client, change, field, message):
    response = post_form(client, "/register", {**GOOD, **change})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'id="{field}-error"' in page
    assert message in page
    if field != "display_name":
        assert 'value="Ada Okafor"' in page
    assert PASSWORD not in page  # passwords are never sent back


def test_an_email_already_in_use_is_refused_without_creating_a_second_account(client, make_user):
    make_user("ada@example.org")
    response = post_form(client, "/register", GOOD)
    assert response.status_code == 422
    assert "An account already uses this email" in response.get_data(as_text=True)


def test_a_logged_in_user_is_sent_to_the_dashboard(client, logged_in):
    assert client.get("/register").headers["Location"] == "/dashboard"
