"""Back office: finding users, granting and revoking roles, deactivating accounts."""
import re

import pytest

from app.accounts.models import Role, RoleGrant, User
from app.extensions import db
from tests.core.pages import Page
from tests.factories import make_user

pytestmark = pytest.mark.usefixtures("fresh_request_globals")


@pytest.fixture
def admin(login):
    return login(make_user(name="Quản Trị Viên", email="admin@techfest.vn", locale="en", roles=(Role.ADMIN,)))


def listed_names(response) -> list[str]:
    """Names in the user table, in order (each links to the user's page)."""
    return re.findall(r'<td><a href="/admin/users/\d+">([^<]+)</a></td>', response.get_data(as_text=True))


def grants_of(user_id: int) -> list[tuple[str, int | None]]:
    db.session.expire_all()
    rows = db.session.query(RoleGrant).filter_by(user_id=user_id).order_by(RoleGrant.role)
    return [(grant.role, grant.granted_by_id) for grant in rows]


def is_active(user_id: int) -> bool:
    db.session.expire_all()
    return db.session.get(User, user_id).active


# -- user list -------------------------------------------------------------------------------

@pytest.fixture
def people():
    return {
        "lan": make_user(name="Nguyễn Thị Lan", email="lan@example.vn", roles=(Role.JUDGE,)),
        "ha": make_user(name="Đặng Thu Hà", email="ha@example.vn", roles=(Role.ORGANISER,)),
        "binh": make_user(name="Trần Văn Bình", email="binh@example.vn", confirmed=False),
        "cuong": make_user(name="Lê Cường", email="cuong@example.vn", active=False),
    }


def test_user_list_shows_everyone_by_name_with_status(client, admin, people):
    response = client.get("/admin/users/")
    page = Page(response)
    assert (response.status_code, page.title) == (200, "Users · Techfest Việt Nam")
    assert listed_names(response) == ["Đặng Thu Hà", "Lê Cường", "Nguyễn Thị Lan", "Quản Trị Viên", "Trần Văn Bình"]
    assert "5 users" in page.text
    assert ("Lê Cường cuong@example.vn Deactivated" in page.text,
            "Trần Văn Bình binh@example.vn Not confirmed" in page.text,
            "Nguyễn Thị Lan lan@example.vn Judge Active" in page.text) == (True, True, True)


def test_user_list_search_ignores_diacritics(client, admin, people):
    response = client.get("/admin/users/?q=nguyen+thi")
    assert listed_names(response) == ["Nguyễn Thị Lan"]
    assert (Page(response).value("q"), "1 user" in Page(response).text) == ("nguyen thi", True)


def test_user_list_search_by_email(client, admin, people):
    assert listed_names(client.get("/admin/users/?q=BINH@")) == ["Trần Văn Bình"]


def test_user_list_filters_by_role(client, admin, people):
    assert listed_names(client.get("/admin/users/?role=judge")) == ["Nguyễn Thị Lan"]
    assert listed_names(client.get("/admin/users/?role=admin")) == ["Quản Trị Viên"]


def test_user_list_with_no_match_says_so(client, admin, people):
    response = client.get("/admin/users/?q=pham")
    assert (listed_names(response), "No user matches your search." in Page(response).text) == ([], True)


def test_user_list_with_unknown_role_filter_lists_nobody(client, admin, people):
    response = client.get("/admin/users/?role=wizard")
    assert (response.status_code, listed_names(response), Page(response).error("role")) == (
        200, [], "Not a valid choice.")


def test_user_list_is_paginated(app, client, admin, people, monkeypatch):
    monkeypatch.setitem(app.config, "ADMIN_PAGE_SIZE", 2)
    pages = [listed_names(client.get(f"/admin/users/?page={number}")) for number in (1, 2, 3, 4)]
    assert pages == [["Đặng Thu Hà", "Lê Cường"], ["Nguyễn Thị Lan", "Quản Trị Viên"], ["Trần Văn Bình"], []]


def test_user_list_pagination_keeps_search(app, client, admin, monkeypatch):
    monkeypatch.setitem(app.config, "ADMIN_PAGE_SIZE", 1)
    make_user(name="Nguyễn An")
    make_user(name="Nguyễn Bảo")
    response = client.get("/admin/users/?q=nguyen")
    assert listed_names(response) == ["Nguyễn An"]
    assert 'href="/admin/users/?q=nguyen&amp;page=2"' in response.get_data(as_text=True)
    assert listed_names(client.get("/admin/users/?q=nguyen&page=2")) == ["Nguyễn Bảo"]


# -- one user --------------------------------------------------------------------------------

def test_user_page_shows_person_and_roles(client, admin, people):
    response = client.get(f"/admin/users/{people['lan'].id}")
    page = Page(response)
    assert (response.status_code, page.title) == (200, "Nguyễn Thị Lan · Techfest Việt Nam")
    assert "Email lan@example.vn Preferred language Tiếng Việt" in page.text
    assert "Roles Judge" in page.text
    assert "This account is active." in page.text and "Deactivate account" in page.text


def test_user_page_of_unknown_user_is_404(client, admin):
    assert client.get("/admin/users/999999").status_code == 404


def test_user_page_of_self_offers_no_deactivation(client, admin):
    page = Page(client.get(f"/admin/users/{admin.id}"))
    assert ("This account is active." in page.text, "Deactivate account" in page.text) == (True, False)


# -- roles -----------------------------------------------------------------------------------

def test_grant_role_adds_role_and_says_so(client, admin, people):
    lan = people["lan"]
    response = client.post(f"/admin/users/{lan.id}/roles", data={"role": "organiser"})
    assert (response.status_code, response.headers["Location"]) == (302, f"/admin/users/{lan.id}")
    assert grants_of(lan.id) == [("judge", None), ("organiser", admin.id)]
    assert Page(client.get(response.headers["Location"])).flashes == ["Nguyễn Thị Lan is now: Organiser."]


def test_grant_role_already_held_keeps_one_grant(client, admin, people):
    lan = people["lan"]
    client.post(f"/admin/users/{lan.id}/roles", data={"role": "judge"})
    assert grants_of(lan.id) == [("judge", None)]


def test_grant_unknown_role_is_refused(client, admin, people):
    lan = people["lan"]
    response = client.post(f"/admin/users/{lan.id}/roles", data={"role": "wizard"})
    assert response.status_code == 302
    assert grants_of(lan.id) == [("judge", None)]
    assert Page(client.get(response.headers["Location"])).flashes == ["Choose a role from the list."]


def test_revoke_role_removes_it(client, admin, people):
    lan = people["lan"]
    response = client.post(f"/admin/users/{lan.id}/roles/judge/revoke")
    assert (response.status_code, response.headers["Location"]) == (302, f"/admin/users/{lan.id}")
    assert grants_of(lan.id) == []
    assert Page(client.get(response.headers["Location"])).flashes == ["Role removed: Judge."]


def test_revoke_unknown_role_is_400(client, admin, people):
    lan = people["lan"]
    assert client.post(f"/admin/users/{lan.id}/roles/wizard/revoke").status_code == 400
    assert grants_of(lan.id) == [("judge", None)]


def test_revoke_own_admin_role_is_403(client, admin):
    response = client.post(f"/admin/users/{admin.id}/roles/admin/revoke")
    assert response.status_code == 403
    assert "You cannot remove your own administrator role." in Page(response).text
    assert grants_of(admin.id) == [("admin", None)]


def test_revoke_role_on_unknown_user_is_404(client, admin):
    assert client.post("/admin/users/999999/roles/judge/revoke").status_code == 404


# -- deactivate / reactivate -----------------------------------------------------------------

def test_deactivate_then_reactivate_account(client, admin, people):
    lan = people["lan"]
    response = client.post(f"/admin/users/{lan.id}/active", data={"active": "0"})
    assert (response.status_code, response.headers["Location"]) == (302, f"/admin/users/{lan.id}")
    assert is_active(lan.id) is False
    page = Page(client.get(response.headers["Location"]))
    assert page.flashes == ["The account has been deactivated."]
    assert "This account is deactivated: the person cannot sign in." in page.text

    client.post(f"/admin/users/{lan.id}/active", data={"active": "1"})
    assert is_active(lan.id) is True
    assert Page(client.get(f"/admin/users/{lan.id}")).flashes == ["The account has been reactivated."]


def test_deactivate_own_account_is_403(client, admin):
    response = client.post(f"/admin/users/{admin.id}/active", data={"active": "0"})
    assert response.status_code == 403
    assert "You cannot deactivate your own account." in Page(response).text
    assert is_active(admin.id) is True


def test_deactivated_person_is_signed_out_of_their_next_request(app, client, admin, people):
    lan = people["lan"]
    client.post(f"/admin/users/{lan.id}/active", data={"active": "0"})
    other = app.test_client()
    with other.session_transaction() as session:
        session["_user_id"] = str(lan.id)
    response = other.get("/account/profile")
    assert (response.status_code, response.headers["Location"]) == (302, "/account/login?next=/account/profile")
