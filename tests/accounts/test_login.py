"""Pages: sign-in, sign-out, remember-me, and sessions of deactivated accounts."""
from datetime import UTC, datetime, timedelta

import pytest

from app.accounts.models import Role, User
from app.extensions import db
from tests.core.pages import Page
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.usefixtures("fresh_request_globals")


def signed_in_user_id(client) -> str | None:
    with client.session_transaction() as session:
        return session.get("_user_id")


def sign_in(client, email="lan@example.vn", password=PASSWORD, path="/account/login", **extra):
    return client.post(path, data={"email": email, "password": password, **extra})


def test_login_page_prefills_email(client, english):
    response = client.get("/account/login?email=lan@example.vn")
    page = Page(response)
    assert (response.status_code, page.title, page.value("email"), page.value("password")) == (
        200, "Sign in · Techfest Việt Nam", "lan@example.vn", "")
    assert page.value("remember") is None


def test_login_signs_in_and_goes_home(client, english, frozen_time):
    user = make_user(email="lan@example.vn", name="Nguyễn Thị Lan", locale="en")
    response = sign_in(client, email="LAN@example.vn")
    assert (response.status_code, response.headers["Location"]) == (302, "/")
    assert signed_in_user_id(client) == str(user.id)
    db.session.expire_all()
    assert db.session.get(User, user.id).last_login_at == frozen_time.start
    assert Page(client.get("/")).flashes == ["Welcome back, Nguyễn Thị Lan."]


def test_login_follows_next_on_this_site(client):
    make_user(email="lan@example.vn")
    response = sign_in(client, path="/account/login?next=/teams/mine")
    assert response.headers["Location"] == "/teams/mine"


@pytest.mark.parametrize("target", [
    "https://evil.example/", "//evil.example/", "///evil.example/", "evil.example",
    "javascript:alert(1)", "/\\evil.example/", "\\\\evil.example", "/\t/evil.example",
])
def test_login_next_cannot_leave_the_site(client, target):
    make_user(email="lan@example.vn")
    response = client.post("/account/login", query_string={"next": target},
                           data={"email": "lan@example.vn", "password": PASSWORD})
    assert (response.status_code, response.headers["Location"]) == (302, "/")


def test_login_with_wrong_password_keeps_email_and_not_password(client, english):
    make_user(email="lan@example.vn")
    response = sign_in(client, password="wrong password")
    page = Page(response)
    assert (response.status_code, page.form_error) == (401, "Wrong email or password.")
    assert (page.value("email"), page.value("password")) == ("lan@example.vn", "")
    assert signed_in_user_id(client) is None


def test_login_with_unknown_email_answers_like_wrong_password(client, english):
    response = sign_in(client, email="nobody@example.vn")
    assert (response.status_code, Page(response).form_error) == (401, "Wrong email or password.")


def test_login_unconfirmed_offers_new_confirmation_link(client, english):
    make_user(email="lan@example.vn", confirmed=False)
    response = sign_in(client)
    page = Page(response)
    assert (response.status_code, page.form_error) == (403, "Confirm your email address first: we sent you a link.")
    assert "Send me a new confirmation link" in page.text
    assert 'href="/account/confirm/resend?email=lan@example.vn"' in response.get_data(as_text=True)
    assert signed_in_user_id(client) is None


def test_login_deactivated_is_refused(client, english):
    make_user(email="lan@example.vn", active=False)
    response = sign_in(client)
    assert (response.status_code, Page(response).form_error) == (
        403, "This account has been deactivated. Contact the organisers.")
    assert signed_in_user_id(client) is None


def test_login_with_malformed_input_is_422_with_field_errors(client, english):
    response = client.post("/account/login", data={"email": "lan", "password": ""})
    page = Page(response)
    assert (response.status_code, page.error("email"), page.error("password"), page.value("email")) == (
        422, "Enter a valid email address.", "This field is required.", "lan")


def test_login_with_remember_me_sets_lasting_cookie(app, client):
    user = make_user(email="lan@example.vn")
    sign_in(client, remember="y")
    cookie = client.get_cookie("remember_token")
    # Flask-Login dates the cookie by the real clock, not core.time.
    lifetime = cookie.expires - datetime.now(UTC)
    assert abs(lifetime - timedelta(seconds=app.config["REMEMBER_COOKIE_DURATION"])) < timedelta(minutes=1)
    assert (cookie.value.split("|")[0], cookie.http_only, cookie.same_site) == (str(user.id), True, "Lax")


def test_login_without_remember_me_sets_no_remember_cookie(client):
    make_user(email="lan@example.vn")
    sign_in(client)
    assert client.get_cookie("remember_token") is None


def test_remember_cookie_signs_in_a_new_session(app, client):
    user = make_user(email="lan@example.vn")
    sign_in(client, remember="y")
    client.delete_cookie("session")  # the browser was closed
    assert signed_in_user_id(client) is None
    assert client.get("/account/profile").status_code == 200
    assert signed_in_user_id(client) == str(user.id)


def test_logout_signs_out(client, login, english):
    login(make_user(locale="en"))
    response = client.post("/account/logout")
    assert (response.status_code, response.headers["Location"]) == (302, "/")
    assert signed_in_user_id(client) is None
    assert Page(client.get("/")).flashes == ["You have signed out."]


def test_logout_by_get_is_not_allowed(client, login):
    user = login(make_user())
    assert client.get("/account/logout").status_code == 405
    assert signed_in_user_id(client) == str(user.id)


def test_deactivated_user_is_signed_out_on_next_request(client, login):
    user = login(make_user(email="lan@example.vn"))
    assert client.get("/account/profile").status_code == 200
    user.active = False
    db.session.commit()
    response = client.get("/account/profile")
    assert (response.status_code, response.headers["Location"]) == (302, "/account/login?next=/account/profile")


def test_deactivated_admin_loses_back_office_on_next_request(client, login):
    admin = login(make_user(roles=(Role.ADMIN,)))
    assert client.get("/admin/users/").status_code == 200
    admin.active = False
    db.session.commit()
    response = client.get("/admin/users/")
    assert (response.status_code, response.headers["Location"]) == (302, "/account/login?next=/admin/users/")


def test_deactivated_user_with_remember_cookie_is_not_signed_in(client):
    user = make_user(email="lan@example.vn")
    sign_in(client, remember="y")
    client.delete_cookie("session")
    user.active = False
    db.session.commit()
    for _ in range(2):
        response = client.get("/account/profile")
        assert (response.status_code, response.headers["Location"]) == (302, "/account/login?next=/account/profile")
