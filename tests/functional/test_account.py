"""The account page: change the password, download everything, delete everything."""

import json

import pytest
from sqlalchemy import func, select

from learnpm.auth.models import User
from learnpm.db import Base
from tests.support import PASSWORD, AuthActions, post_form

NEW_PASSWORD = "tangerine kites over the quay"


def change_password(client, current=PASSWORD, new=NEW_PASSWORD, confirm=None):
    data = {"current_password": current, "new_password": new, "confirm": confirm or new}
    return post_form(client, "/account/password", data, form_page="/account/")


def test_changing_the_password_lets_the_new_one_in_and_signs_out_other_devices(app, client, logged_in, auth):
    other_device = app.test_client()
    AuthActions(other_device).login(logged_in.email)
    assert other_device.get("/dashboard").status_code == 200

    response = change_password(client)
    assert response.status_code == 302
    assert client.get("/dashboard").status_code == 200  # this device stays in
    assert other_device.get("/dashboard").status_code == 302  # the other one is out
    auth.logout()
    assert auth.login(logged_in.email).status_code == 401
    assert auth.login(logged_in.email, NEW_PASSWORD).status_code == 302


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"current": "not my password ok"}, "current_password", "That is not your current password."),
        ({"new": "password1234"}, "new_password", "very common password"),
        ({"new": "tiny"}, "new_password", "at least 12 characters"),
        ({"confirm": "a different one entirely"}, "confirm", "The two passwords differ."),
    ],
)
def test_a_refused_password_change_says_why_and_changes_nothing(client, logged_in, auth, kwargs, field, message):
    response = change_password(client, **kwargs)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'id="{field}-error"' in page and message in page
    auth.logout()
    assert auth.login(logged_in.email).status_code == 302


def test_the_data_download_holds_everything_the_user_entered(client, make_user, auth):
    user = make_user("noor@example.org", name="Noor Haddad")
    auth.login(user.email)
    response = client.get("/account/export.json")
    assert response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.get_data(as_text=True))
    assert data["account"]["email"] == "noor@example.org"
    assert data["account"]["display_name"] == "Noor Haddad"
    assert data["account"]["roles"] == ["learner"]
    assert "password" not in response.get_data(as_text=True).lower().replace("password_", "")


def test_deleting_needs_the_password_and_keeps_the_account_when_it_is_wrong(client, logged_in, session):
    response = post_form(client, "/account/delete", {"password": "not the right one"})
    assert response.status_code == 422
    assert "That is not your password." in response.get_data(as_text=True)
    assert session.get(User, logged_in.id) is not None


def test_the_delete_page_warns_before_anything_is_removed(client, logged_in):
    page = client.get("/account/delete").get_data(as_text=True)
    assert "There is no undo" in page
    assert "Download your data" in page


def test_deleting_the_account_removes_every_row_that_belongs_to_it(app, client, make_user, auth, session):
    keeper = make_user("keeper@example.org")
    leaver = make_user("leaver@example.org")
    auth.login(leaver.email)
    response = post_form(client, "/account/delete", {"password": PASSWORD}, follow_redirects=True)
    assert "Your account and everything in it are deleted." in response.get_data(as_text=True)
    assert session.get(User, leaver.id) is None
    assert session.get(User, keeper.id) is not None
    for table in Base.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column.table.name == "users":
                count = session.scalar(select(func.count()).select_from(table).where(fk.parent == leaver.id))
                assert count == 0, f"{table.name} still holds rows of the deleted account"
    assert auth.login(leaver.email).status_code == 401


def test_account_pages_need_a_login(client):
    for url in ("/account/", "/account/export.json", "/account/delete"):
        assert client.get(url).headers["Location"].startswith("/login")


def test_wrong_current_passwords_are_throttled_and_the_reset_link_still_works(app, client, logged_in):
    app.config["CURRENT_PASSWORD_LIMIT"] = "3 per 15 minutes"
    statuses = [change_password(client, current="is it this one").status_code for _ in range(3)]
    statuses.append(post_form(client, "/account/delete", {"password": "or this one"}).status_code)
    assert statuses == [422, 422, 422, 429]
    response = change_password(client)  # even the right one waits now
    assert response.status_code == 429
    assert "Too many attempts" in response.get_data(as_text=True)
    assert post_form(client, "/forgot-password", {"email": logged_in.email}).status_code == 200
