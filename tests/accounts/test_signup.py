"""Pages: sign-up, email confirmation and a new confirmation link."""
from datetime import timedelta
from email.header import decode_header, make_header

import pytest

from app.accounts.models import User
from app.extensions import db
from app.notifications.models import OutboxMessage
from tests.core.pages import Page
from tests.factories import make_user

pytestmark = pytest.mark.usefixtures("fresh_request_globals")

GOOD_SIGNUP = {"name": "Nguyễn Thị Lan", "email": "Lan@Example.vn", "password": "mật khẩu dài 123",
               "password_again": "mật khẩu dài 123", "locale": "vi"}


def decoded(recipients: list[str]) -> list[str]:
    return [str(make_header(decode_header(recipient))) for recipient in recipients]


def confirm_path(message: OutboxMessage) -> str:
    link = next(line.strip() for line in message.body_text.splitlines() if "/account/confirm/" in line)
    return link.replace("http://localhost", "")


# -- sign-up ---------------------------------------------------------------------------------

def test_signup_page_shows_empty_form(client, english):
    response = client.get("/account/signup")
    page = Page(response)
    assert (response.status_code, page.title, page.value("name"), page.value("email"), page.value("locale")) == (
        200, "Create an account · Techfest Việt Nam", "", "", "en")
    assert [page.has_field(name) for name in ("password", "password_again")] == [True, True]


def test_signup_page_prefills_email_from_link(client):
    assert Page(client.get("/account/signup?email=lan@example.vn")).value("email") == "lan@example.vn"


def test_signup_creates_unconfirmed_account_and_mails_link(client, outbox, english):
    response = client.post("/account/signup", data=GOOD_SIGNUP)
    page = Page(response)
    assert response.status_code == 200
    assert "If lan@example.vn needs confirming, we have sent it a link." in page.text
    user = db.session.query(User).one()
    assert (user.email, user.name, user.locale, user.is_confirmed) == ("lan@example.vn", "Nguyễn Thị Lan", "vi", False)
    message = db.session.query(OutboxMessage).one()
    assert (message.kind, message.recipient_email, message.status) == ("accounts.confirm", "lan@example.vn", "sent")
    assert [decoded(m.recipients) for m in outbox] == [["Nguyễn Thị Lan <lan@example.vn>"]]
    assert confirm_path(message).startswith("/account/confirm/")


def test_signup_keeps_typed_values_and_shows_errors_next_to_fields(client, english):
    response = client.post("/account/signup", data={
        "name": "L", "email": "lan-at-example.vn", "password": "short", "password_again": "other", "locale": "en"})
    page = Page(response)
    assert response.status_code == 422
    assert (page.error("name"), page.error("email"), page.error("password"), page.error("password_again")) == (
        "Enter between 2 and 120 characters.", "Enter a valid email address.",
        "Enter between 10 and 128 characters.", "The two passwords do not match.")
    assert (page.value("name"), page.value("email"), page.value("locale")) == ("L", "lan-at-example.vn", "en")
    assert (page.value("password"), page.value("password_again")) == ("", "")
    assert db.session.query(User).count() == 0


def test_signup_requires_every_field(client, english):
    page = Page(client.post("/account/signup", data={"locale": "vi"}))
    assert [page.error(name) for name in ("name", "email", "password", "password_again")] == [
        "This field is required."] * 4


def test_signup_with_taken_email_says_so_next_to_email(client, outbox, english):
    make_user(email="lan@example.vn")
    response = client.post("/account/signup", data=GOOD_SIGNUP)
    page = Page(response)
    assert response.status_code == 409
    assert page.error("email") == "An account with this email already exists. Sign in or reset your password."
    assert (page.value("name"), page.value("email"), page.value("password")) == (
        "Nguyễn Thị Lan", "Lan@Example.vn", "")
    assert (db.session.query(User).count(), len(outbox)) == (1, 0)


def test_signup_with_next_carries_it_through_confirmation(client):
    client.post("/account/signup?next=/teams/new", data=GOOD_SIGNUP)
    path = confirm_path(db.session.query(OutboxMessage).one())
    assert path.endswith("?next=/teams/new")
    response = client.get(path)
    assert response.headers["Location"] == "/account/login?email=lan@example.vn&next=/teams/new"


def test_signup_ignores_off_site_next(client):
    client.post("/account/signup?next=https://evil.example/", data=GOOD_SIGNUP)
    assert "next=" not in confirm_path(db.session.query(OutboxMessage).one())


# -- confirmation link -----------------------------------------------------------------------

def test_confirm_link_confirms_account_and_sends_to_sign_in(client, english, frozen_time):
    client.post("/account/signup", data=GOOD_SIGNUP)
    response = client.get(confirm_path(db.session.query(OutboxMessage).one()))
    assert (response.status_code, response.headers["Location"]) == (302, "/account/login?email=lan@example.vn")
    user = db.session.query(User).one()
    assert user.email_confirmed_at == frozen_time.start
    page = Page(client.get(response.headers["Location"]))
    assert page.flashes == ["Thank you, Nguyễn Thị Lan: your email is confirmed. You can sign in now."]
    assert page.value("email") == "lan@example.vn"


def test_confirm_link_expired_shows_translated_400(app, client, english, frozen_time):
    client.post("/account/signup", data=GOOD_SIGNUP)
    path = confirm_path(db.session.query(OutboxMessage).one())
    frozen_time(frozen_time.start + timedelta(seconds=app.config["CONFIRM_TOKEN_MAX_AGE"] + 1))
    response = client.get(path)
    assert response.status_code == 400
    assert "This confirmation link has expired. Sign in to get a new one." in Page(response).text
    assert db.session.query(User).one().is_confirmed is False


def test_confirm_link_garbled_shows_translated_400(client, english):
    response = client.get("/account/confirm/not-a-token")
    assert response.status_code == 400
    assert "This confirmation link is not valid." in Page(response).text


# -- new confirmation link -------------------------------------------------------------------

def test_resend_confirmation_page_prefills_email(client):
    response = client.get("/account/confirm/resend?email=lan@example.vn")
    assert (response.status_code, Page(response).value("email")) == (200, "lan@example.vn")


def test_resend_confirmation_mails_unconfirmed_account(client, outbox, english):
    make_user(email="lan@example.vn", confirmed=False)
    response = client.post("/account/confirm/resend", data={"email": "lan@example.vn"})
    assert response.status_code == 200
    assert "If lan@example.vn needs confirming, we have sent it a link." in Page(response).text
    message = db.session.query(OutboxMessage).one()
    assert (message.kind, message.recipient_email, len(outbox)) == ("accounts.confirm", "lan@example.vn", 1)


def test_resend_confirmation_for_unknown_email_looks_the_same(client, outbox, english):
    response = client.post("/account/confirm/resend", data={"email": "nobody@example.vn"})
    assert response.status_code == 200
    assert "If nobody@example.vn needs confirming, we have sent it a link." in Page(response).text
    assert (db.session.query(OutboxMessage).count(), len(outbox)) == (0, 0)


def test_resend_confirmation_with_bad_email_is_422(client, english):
    response = client.post("/account/confirm/resend", data={"email": "lan"})
    page = Page(response)
    assert (response.status_code, page.error("email"), page.value("email")) == (
        422, "Enter a valid email address.", "lan")
