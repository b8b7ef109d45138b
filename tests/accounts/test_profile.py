"""Page: the signed-in user's own profile."""
import pytest

from app.accounts.models import Role, User
from app.extensions import db
from tests.core.pages import Page
from tests.factories import make_organisation, make_user

pytestmark = pytest.mark.usefixtures("fresh_request_globals")


def test_profile_shows_account_and_roles(client, login, frozen_time):
    user = login(make_user(email="lan@example.vn", name="Nguyễn Thị Lan", locale="en",
                           roles=(Role.JUDGE, Role.ORGANISER)))
    make_organisation(user, kind="startup")
    response = client.get("/account/profile")
    page = Page(response)
    assert (response.status_code, page.title, page.lang) == (200, "My profile · Techfest Việt Nam", "en")
    assert (page.value("name"), page.value("locale")) == ("Nguyễn Thị Lan", "en")
    assert "Email lan@example.vn Member since Nov 23, 2026 Roles Judge Organiser Startup member" in page.text


def test_profile_of_visitor_says_visitor(client, login):
    login(make_user(locale="en"))
    assert "Roles Visitor" in Page(client.get("/account/profile")).text


def test_profile_saves_name_and_language(client, login):
    user = login(make_user(name="Nguyễn Thị Lan", locale="en"))
    response = client.post("/account/profile", data={"name": "  Nguyễn   Thị Lan Anh ", "locale": "vi"})
    assert (response.status_code, response.headers["Location"]) == (302, "/account/profile")
    db.session.expire_all()
    saved = db.session.get(User, user.id)
    assert (saved.name, saved.name_folded, saved.locale) == ("Nguyễn Thị Lan Anh", "nguyen thi lan anh", "vi")
    assert Page(client.get("/account/profile")).lang == "vi"


def test_profile_with_too_short_name_keeps_typed_values(client, login):
    user = login(make_user(name="Nguyễn Thị Lan", locale="en"))
    response = client.post("/account/profile", data={"name": "L", "locale": "vi"})
    page = Page(response)
    assert (response.status_code, page.error("name"), page.value("name"), page.value("locale")) == (
        422, "Enter between 2 and 120 characters.", "L", "vi")
    db.session.expire_all()
    assert db.session.get(User, user.id).name == "Nguyễn Thị Lan"


def test_profile_with_unknown_language_is_422(client, login):
    user = login(make_user(locale="en"))
    response = client.post("/account/profile", data={"name": "Nguyễn Thị Lan", "locale": "fr"})
    assert (response.status_code, Page(response).error("locale")) == (422, "Not a valid choice.")
    db.session.expire_all()
    assert db.session.get(User, user.id).locale == "en"


def test_profile_needs_sign_in(client):
    response = client.get("/account/profile")
    assert (response.status_code, response.headers["Location"]) == (302, "/account/login?next=/account/profile")


def test_profile_saves_home_province_for_statistics(client, login):
    from tests.factories import make_province

    user = login(make_user(locale="en"))
    can_tho = make_province(code="can-tho", name_vi="Cần Thơ", name_en="Can Tho")
    response = client.post("/account/profile", data={"name": user.name, "locale": "en",
                                                     "province_id": str(can_tho.id)})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, user.id).province_id == can_tho.id
    client.post("/account/profile", data={"name": user.name, "locale": "en", "province_id": ""})
    db.session.expire_all()
    assert db.session.get(User, user.id).province_id is None


def test_profile_refuses_unknown_province(client, login):
    user = login(make_user(locale="en"))
    response = client.post("/account/profile", data={"name": user.name, "locale": "en", "province_id": "999"})
    assert response.status_code == 422
    assert Page(response).error("province_id") == "Not a valid choice."
