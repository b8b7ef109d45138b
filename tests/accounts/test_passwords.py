"""Pages: forgotten password, reset link, and changing one's password."""
import pytest

from app.accounts.models import User
from app.extensions import db
from app.notifications.models import OutboxMessage
from tests.core.pages import Page
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.usefixtures("fresh_request_globals")

NEW_PASSWORD = "một mật khẩu mới 456"


def reset_path() -> str:
    message = db.session.query(OutboxMessage).filter_by(kind="accounts.reset").one()
    link = next(line.strip() for line in message.body_text.splitlines() if "/account/password/reset/" in line)
    return link.replace("http://localhost", "")


def password_works(user_id: int, password: str) -> bool:
    db.session.expire_all()
    return db.session.get(User, user_id).check_password(password)


# -- forgotten password ----------------------------------------------------------------------

def test_forgot_password_page_prefills_email(client, english):
    response = client.get("/account/password/forgot?email=lan@example.vn")
    page = Page(response)
    assert (response.status_code, page.title, page.value("email")) == (
        200, "Forgot your password? · Techfest Việt Nam", "lan@example.vn")


def test_forgot_password_mails_reset_link(client, outbox, english):
    make_user(email="lan@example.vn")
    response = client.post("/account/password/forgot", data={"email": "Lan@Example.vn"})
    assert response.status_code == 200
    assert "If an account exists for Lan@Example.vn, we have sent it a link to choose a new password." in Page(
        response).text
    assert reset_path().startswith("/account/password/reset/")
    assert len(outbox) == 1


def test_forgot_password_for_unknown_email_answers_the_same_and_mails_nothing(client, outbox, english):
    response = client.post("/account/password/forgot", data={"email": "nobody@example.vn"})
    assert response.status_code == 200
    assert "If an account exists for nobody@example.vn, we have sent it a link to choose a new password." in Page(
        response).text
    assert (db.session.query(OutboxMessage).count(), len(outbox)) == (0, 0)


def test_forgot_password_with_bad_email_is_422(client, english):
    response = client.post("/account/password/forgot", data={"email": ""})
    assert (response.status_code, Page(response).error("email")) == (422, "This field is required.")


# -- reset link ------------------------------------------------------------------------------

def test_reset_link_shows_new_password_form(client, english):
    make_user(email="lan@example.vn")
    client.post("/account/password/forgot", data={"email": "lan@example.vn"})
    response = client.get(reset_path())
    page = Page(response)
    assert (response.status_code, page.title) == (200, "Choose a new password · Techfest Việt Nam")
    assert [page.has_field(name) for name in ("password", "password_again")] == [True, True]


def test_reset_link_sets_new_password_and_sends_to_sign_in(client, english):
    user = make_user(email="lan@example.vn")
    client.post("/account/password/forgot", data={"email": "lan@example.vn"})
    response = client.post(reset_path(), data={"password": NEW_PASSWORD, "password_again": NEW_PASSWORD})
    assert (response.status_code, response.headers["Location"]) == (302, "/account/login?email=lan@example.vn")
    assert (password_works(user.id, NEW_PASSWORD), password_works(user.id, PASSWORD)) == (True, False)
    assert Page(client.get(response.headers["Location"])).flashes == [
        "Your password has been changed. Sign in with the new one."]


def test_reset_link_second_use_is_refused(client, english):
    user = make_user(email="lan@example.vn")
    client.post("/account/password/forgot", data={"email": "lan@example.vn"})
    path = reset_path()
    client.post(path, data={"password": NEW_PASSWORD, "password_again": NEW_PASSWORD})
    third = {"password": "third password 789", "password_again": "third password 789"}
    for response in (client.get(path), client.post(path, data=third)):
        assert response.status_code == 400
        assert "This password reset link has already been used or is not valid." in Page(response).text
    assert password_works(user.id, NEW_PASSWORD) is True


def test_reset_link_with_mismatched_passwords_is_422(client, english):
    user = make_user(email="lan@example.vn")
    client.post("/account/password/forgot", data={"email": "lan@example.vn"})
    response = client.post(reset_path(), data={"password": NEW_PASSWORD, "password_again": "something else"})
    page = Page(response)
    assert (response.status_code, page.error("password_again"), page.value("password")) == (
        422, "The two passwords do not match.", "")
    assert password_works(user.id, PASSWORD) is True


def test_reset_link_garbled_is_400(client, english):
    response = client.get("/account/password/reset/garbage")
    assert (response.status_code, Page(response).title) == (400, "Bad request · Techfest Việt Nam")
    assert "This password reset link is not valid." in Page(response).text


# -- change password -------------------------------------------------------------------------

def test_change_password_page_shows_form(client, login, english):
    login(make_user(locale="en"))
    response = client.get("/account/password")
    page = Page(response)
    assert (response.status_code, page.title) == (200, "Change password · Techfest Việt Nam")
    assert [page.has_field(n) for n in ("current_password", "password", "password_again")] == [True] * 3


def test_change_password_with_right_current_password(client, login):
    user = login(make_user(locale="en"))
    response = client.post("/account/password", data={
        "current_password": PASSWORD, "password": NEW_PASSWORD, "password_again": NEW_PASSWORD})
    assert (response.status_code, response.headers["Location"]) == (302, "/account/profile")
    assert password_works(user.id, NEW_PASSWORD) is True
    assert Page(client.get("/account/profile")).flashes == ["Your password has been changed."]


def test_change_password_with_wrong_current_password_says_so_next_to_it(client, login):
    user = login(make_user(locale="en"))
    response = client.post("/account/password", data={
        "current_password": "not my password", "password": NEW_PASSWORD, "password_again": NEW_PASSWORD})
    page = Page(response)
    assert (response.status_code, page.error("current_password")) == (401, "Your current password is not correct.")
    assert (page.value("current_password"), page.value("password")) == ("", "")
    assert password_works(user.id, PASSWORD) is True


def test_change_password_too_short_is_422(client, login):
    user = login(make_user(locale="en"))
    response = client.post("/account/password", data={
        "current_password": PASSWORD, "password": "short", "password_again": "short"})
    assert (response.status_code, Page(response).error("password")) == (422, "Enter between 10 and 128 characters.")
    assert password_works(user.id, PASSWORD) is True


def test_change_password_needs_sign_in(client):
    response = client.get("/account/password")
    assert (response.status_code, response.headers["Location"]) == (302, "/account/login?next=/account/password")
