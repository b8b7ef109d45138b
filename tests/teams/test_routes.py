"""Team pages: the directory, profiles, editing, invitations and membership changes."""
import html
import re
from io import BytesIO
from pathlib import Path
from urllib.parse import quote

import pytest
from sqlalchemy import func, select

from app.accounts.models import Role, User
from app.extensions import db
from app.teams import services
from app.teams.models import Invitation, Membership, Organisation
from tests.factories import make_organisation, make_province, make_user
from tests.teams.helpers import image_bytes, invitation_token, outbox_rows, upload

pytestmark = pytest.mark.usefixtures("fresh_request_globals")  # each request gets its own g, as in production

DIRECTORY_NAME = re.compile(r'<h2 class="h6 mb-1"><a href="/teams/\d+">([^<]*)</a></h2>')


def person(**fields):
    """An account that reads the site in English (the source language)."""
    return make_user(locale="en", **fields)


@pytest.fixture
def english(client):
    """An anonymous browser that chose English."""
    client.set_cookie("techfest_locale", "en")
    return client


def page_text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def field_error(response, field: str) -> str | None:
    match = re.search(rf'<div id="{field}-error" class="invalid-feedback d-block">([^<]*)</div>', page_text(response))
    return match.group(1) if match else None


def input_value(response, field: str) -> str | None:
    match = re.search(rf'<input[^>]*name="{field}"[^>]*value="([^"]*)"', response.get_data(as_text=True))
    return html.unescape(match.group(1)) if match else None


def organisation_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Organisation))


def member_ids(organisation) -> list[tuple[int, str]]:
    rows = db.session.execute(select(Membership.user_id, Membership.role)
                              .where(Membership.organisation_id == organisation.id).order_by(Membership.id))
    return [tuple(row) for row in rows]


def login_redirect(path: str) -> str:
    return "/account/login?next=" + quote(path, safe="/")


# --- directory ---------------------------------------------------------------------------------

def test_directory_lists_organisations_by_name(english):
    make_organisation(name="Nông Sản Xanh")
    make_organisation(name="Cà Phê Đà Lạt")

    response = english.get("/teams/")

    assert response.status_code == 200
    assert DIRECTORY_NAME.findall(page_text(response)) == ["Cà Phê Đà Lạt", "Nông Sản Xanh"]
    assert "2 results" in page_text(response)


def test_directory_search_ignores_diacritics(english):
    make_organisation(name="Nông Sản Xanh")
    make_organisation(name="Cà Phê Đà Lạt")

    response = english.get("/teams/?q=nong+san")

    assert DIRECTORY_NAME.findall(page_text(response)) == ["Nông Sản Xanh"]
    assert input_value(response, "q") == "nong san"


def test_directory_filters_by_kind(english):
    make_organisation(name="Nông Sản Xanh", kind="startup")
    make_organisation(name="Quỹ Mekong", kind="fund")

    response = english.get("/teams/?kind=fund")

    assert DIRECTORY_NAME.findall(page_text(response)) == ["Quỹ Mekong"]
    assert '<option selected value="fund">' in response.get_data(as_text=True)


def test_directory_without_match_says_so(english):
    make_organisation(name="Nông Sản Xanh")

    response = english.get("/teams/?q=robot")

    assert DIRECTORY_NAME.findall(page_text(response)) == []
    assert "No organisation matches your search." in page_text(response)


def test_directory_pages_by_24(english):
    for number in range(1, 26):
        make_organisation(name=f"Khởi nghiệp {number:02d}")

    first, second = english.get("/teams/"), english.get("/teams/?page=2")

    assert DIRECTORY_NAME.findall(page_text(first)) == [f"Khởi nghiệp {n:02d}" for n in range(1, 25)]
    assert DIRECTORY_NAME.findall(page_text(second)) == ["Khởi nghiệp 25"]
    assert '<a class="page-link" href="/teams/?page=2">2</a>' in first.get_data(as_text=True)


def test_directory_page_past_the_end_is_empty(english):
    make_organisation(name="Nông Sản Xanh")

    response = english.get("/teams/?page=9")

    assert (response.status_code, DIRECTORY_NAME.findall(page_text(response))) == (200, [])


def test_directory_loads_provinces_in_one_query(english, count_queries):
    for number in range(6):
        province = make_province(code=f"tinh-{number}", name_vi=f"Tỉnh {number}", name_en=f"Province {number}")
        make_organisation(name=f"Khởi nghiệp {number}", province_id=province.id)
    db.session.expunge_all()  # a real request starts with an empty session

    with count_queries() as counter:
        response = english.get("/teams/")

    assert [f"Province {n}" in page_text(response) for n in range(6)] == [True] * 6
    assert counter["n"] == 3  # the page of organisations, their count, their provinces


def test_my_teams_lists_memberships_with_role(client, login):
    lan = login(person())
    make_organisation(lan, name="Nông Sản Xanh")
    make_organisation(name="Quỹ Mekong", kind="fund", members=(lan,))
    make_organisation(name="Cà Phê Đà Lạt")

    text = page_text(client.get("/teams/mine"))

    assert re.findall(r"<strong>([^<]*)</strong><br>\s*<span[^>]*>([^<]*)</span>", text) == [
        ("Nông Sản Xanh", "Startup · Owner"), ("Quỹ Mekong", "Investment fund · Member")]


def test_my_teams_anonymous_is_sent_to_login(client):
    response = client.get("/teams/mine")

    assert (response.status_code, response.location) == (302, login_redirect("/teams/mine"))


# --- create -------------------------------------------------------------------------------------

def test_create_page_shows_empty_form(client, login):
    login(person())

    response = client.get("/teams/new")

    assert response.status_code == 200
    assert input_value(response, "name") == ""
    assert '<option selected value="VN">' in response.get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in response.get_data(as_text=True)


def test_create_anonymous_is_sent_to_login(client):
    response = client.get("/teams/new")

    assert (response.status_code, response.location) == (302, login_redirect("/teams/new"))


def test_create_unconfirmed_account_is_refused(client, login):
    login(person(confirmed=False))

    response = client.post("/teams/new", data={"kind": "startup", "name": "Nông Sản Xanh", "country_code": "VN"})

    assert response.status_code == 403
    assert organisation_count() == 0


def test_create_with_logo_makes_profile_owned_by_creator(app, client, login):
    owner = login(person())
    province = make_province()

    response = client.post("/teams/new", content_type="multipart/form-data", data={
        "kind": "startup", "name": "Nông Sản Xanh", "sector": "agritech", "stage": "mvp", "country_code": "VN",
        "province_id": str(province.id), "founded_year": "2021", "website": "https://nongsan.vn",
        "pitch_vi": "Rau sạch", "pitch_en": "Clean greens", "description_vi": "", "description_en": "",
        "logo": (BytesIO(image_bytes(900, 900)), "logo.png", "image/png"),
    })

    organisation = db.session.scalars(select(Organisation)).one()
    assert (response.status_code, response.location) == (302, f"/teams/{organisation.id}")
    assert (organisation.name, organisation.sector, organisation.stage) == ("Nông Sản Xanh", "agritech", "mvp")
    assert (organisation.province_id, organisation.founded_year, organisation.website) == (
        province.id, 2021, "https://nongsan.vn")
    assert (organisation.pitch_vi, organisation.pitch_en, organisation.description_en) == (
        "Rau sạch", "Clean greens", None)
    assert (Path(app.config["UPLOAD_FOLDER"]) / organisation.logo_path).is_file()
    assert member_ids(organisation) == [(owner.id, "owner")]


def test_create_without_logo_succeeds(client, login):
    login(person())

    response = client.post("/teams/new", data={"kind": "fund", "name": "Quỹ Mekong", "country_code": "SG"})

    organisation = db.session.scalars(select(Organisation)).one()
    assert (response.status_code, organisation.kind, organisation.country_code, organisation.logo_path) == (
        302, "fund", "SG", None)


def test_create_with_bad_input_keeps_typed_values(client, login):
    login(person())

    response = client.post("/teams/new", data={
        "kind": "startup", "name": "N", "country_code": "VN", "website": "nongsan", "pitch_en": "Clean greens",
        "founded_year": "1800",
    })

    assert response.status_code == 422
    assert field_error(response, "name") == "Enter between 2 and 160 characters."
    assert field_error(response, "website") == "Enter a full web address, starting with https://"
    assert field_error(response, "founded_year") == "Enter a number between 1900 and 2100."
    assert (input_value(response, "name"), input_value(response, "website"), input_value(response, "pitch_en")) == (
        "N", "nongsan", "Clean greens")
    assert organisation_count() == 0


def test_create_with_logo_that_is_not_an_image_explains_next_to_logo(client, login):
    login(person())

    response = client.post("/teams/new", content_type="multipart/form-data", data={
        "kind": "startup", "name": "Nông Sản Xanh", "country_code": "VN", "website": "https://nongsan.vn",
        "logo": (BytesIO(b"this is a text file"), "logo.png", "image/png"),
    })

    assert response.status_code == 400
    assert field_error(response, "logo") == "The file is not a valid image."
    assert (input_value(response, "name"), input_value(response, "website")) == ("Nông Sản Xanh", "https://nongsan.vn")
    assert organisation_count() == 0


def test_create_with_logo_of_wrong_extension_is_refused_by_form(client, login):
    login(person())

    response = client.post("/teams/new", content_type="multipart/form-data", data={
        "kind": "startup", "name": "Nông Sản Xanh", "country_code": "VN",
        "logo": (BytesIO(image_bytes()), "logo.svg", "image/svg+xml"),
    })

    assert response.status_code == 422
    assert field_error(response, "logo") == "Upload a PNG, JPEG, WebP or GIF image."
    assert organisation_count() == 0


# --- show ---------------------------------------------------------------------------------------

@pytest.fixture
def team():
    """Nông Sản Xanh, with an owner and a member."""
    owner = person(name="Trần Chủ", email="chu@example.vn")
    member = person(name="Lê Thành Viên", email="vien@example.vn")
    return make_organisation(owner, name="Nông Sản Xanh", members=(member,), pitch_en="Clean greens")


def test_show_page_hides_members_from_public(english, team):
    response = english.get(f"/teams/{team.id}")

    text = page_text(response)
    assert response.status_code == 200
    assert ("Nông Sản Xanh" in text, "Clean greens" in text) == (True, True)
    assert ("chu@example.vn" in text, "vien@example.vn" in text, "Lê Thành Viên" in text) == (False, False, False)
    assert "Edit profile" not in text


def test_show_page_hides_members_from_stranger(client, login, team):
    login(person())

    text = page_text(client.get(f"/teams/{team.id}"))

    assert ("chu@example.vn" in text, "vien@example.vn" in text) == (False, False)


def test_show_page_shows_members_to_member(client, login, team):
    login(team.memberships[1].user)

    text = page_text(client.get(f"/teams/{team.id}"))

    assert ("chu@example.vn" in text, "vien@example.vn" in text) == (True, True)
    assert ("Edit profile" in text, "Leave this team" in text, "Invite a member" in text) == (True, True, False)


def test_show_page_gives_owner_member_management(client, login, team):
    login(team.owner)

    text = page_text(client.get(f"/teams/{team.id}"))

    assert ("Invite a member" in text, "Transfer ownership" in text, "Leave this team" in text) == (True, True, False)
    assert f'/teams/{team.id}/members/{team.memberships[1].id}/remove' in text
    assert f'/teams/{team.id}/members/{team.memberships[0].id}/remove' not in text


def test_show_page_of_unknown_organisation_is_404(english):
    assert english.get("/teams/999").status_code == 404


# --- edit ---------------------------------------------------------------------------------------

def test_edit_page_prefills_profile_for_member(client, login, team):
    login(team.memberships[1].user)

    response = client.get(f"/teams/{team.id}/edit")

    assert (response.status_code, input_value(response, "name"), input_value(response, "pitch_en")) == (
        200, "Nông Sản Xanh", "Clean greens")


def test_edit_by_member_saves_profile(client, login, team):
    login(team.memberships[1].user)

    response = client.post(f"/teams/{team.id}/edit", data={
        "kind": "company", "name": "Nông Sản Sạch", "country_code": "VN", "pitch_en": "Cleaner greens",
    })

    db.session.expire_all()
    assert (response.status_code, response.location) == (302, f"/teams/{team.id}")
    assert (team.name, team.kind, team.pitch_en) == ("Nông Sản Sạch", "company", "Cleaner greens")


def test_edit_by_admin_is_allowed(client, login, team):
    login(person(roles=(Role.ADMIN,)))

    assert client.get(f"/teams/{team.id}/edit").status_code == 200


def test_edit_replaces_logo(app, client, login, team):
    login(team.owner)
    services.update_organisation(team, name=team.name, logo=upload(image_bytes()))
    old_path = team.logo_path

    response = client.post(f"/teams/{team.id}/edit", content_type="multipart/form-data", data={
        "kind": "startup", "name": "Nông Sản Xanh", "country_code": "VN",
        "logo": (BytesIO(image_bytes(100, 50)), "new.gif", "image/gif"),
    })

    db.session.expire_all()
    assert response.status_code == 302
    assert team.logo_path != old_path
    uploads = Path(app.config["UPLOAD_FOLDER"])
    assert ((uploads / old_path).exists(), (uploads / team.logo_path).exists()) == (False, True)


def test_edit_remove_logo_deletes_file(app, client, login, team):
    login(team.owner)
    services.update_organisation(team, name=team.name, logo=upload(image_bytes()))
    old_path = team.logo_path

    response = client.post(f"/teams/{team.id}/edit", data={
        "kind": "startup", "name": "Nông Sản Xanh", "country_code": "VN", "remove_logo": "y"})

    db.session.expire_all()
    assert (response.status_code, team.logo_path) == (302, None)
    assert (Path(app.config["UPLOAD_FOLDER"]) / old_path).exists() is False


def test_edit_with_bad_logo_changes_nothing(client, login, team):
    login(team.owner)

    response = client.post(f"/teams/{team.id}/edit", content_type="multipart/form-data", data={
        "kind": "startup", "name": "Nông Sản Sạch", "country_code": "VN",
        "logo": (BytesIO(b"not an image"), "logo.jpg", "image/jpeg"),
    })

    db.session.expire_all()
    assert response.status_code == 400
    assert field_error(response, "logo") == "The file is not a valid image."
    assert input_value(response, "name") == "Nông Sản Sạch"
    assert (team.name, team.logo_path) == ("Nông Sản Xanh", None)


def test_edit_by_stranger_is_forbidden(client, login, team):
    login(person())

    response = client.post(f"/teams/{team.id}/edit", data={"kind": "startup", "name": "Hijacked", "country_code": "VN"})

    db.session.expire_all()
    assert (response.status_code, team.name) == (403, "Nông Sản Xanh")


def test_edit_anonymous_is_sent_to_login(client, team):
    response = client.get(f"/teams/{team.id}/edit")

    assert (response.status_code, response.location) == (302, login_redirect(f"/teams/{team.id}/edit"))


# --- invitations --------------------------------------------------------------------------------

def test_invite_by_owner_sends_mail_after_request(client, login, team, outbox):
    login(team.owner)

    response = client.post(f"/teams/{team.id}/invitations", data={"email": "Lan@Example.vn"})

    invitation = db.session.scalars(select(Invitation)).one()
    assert (response.status_code, response.location) == (302, f"/teams/{team.id}")
    assert (invitation.email, invitation.invited_by_id) == ("lan@example.vn", team.owner.id)
    assert [m.recipients for m in outbox] == [["lan@example.vn"]]
    assert [(m.recipient_email, m.status, m.attempts) for m in outbox_rows()] == [("lan@example.vn", "sent", 1)]


def test_invite_by_plain_member_is_forbidden(client, login, team, outbox):
    login(team.memberships[1].user)

    response = client.post(f"/teams/{team.id}/invitations", data={"email": "lan@example.vn"})

    assert response.status_code == 403
    assert (db.session.scalars(select(Invitation)).all(), outbox_rows(), list(outbox)) == ([], [], [])


def test_invite_existing_member_shows_conflict_next_to_email(client, login, team):
    login(team.owner)

    response = client.post(f"/teams/{team.id}/invitations", data={"email": "VIEN@example.vn"})

    assert response.status_code == 409
    assert field_error(response, "email") == "vien@example.vn is already a member of this team."
    assert db.session.scalars(select(Invitation)).all() == []


def test_invite_with_invalid_email_is_422(client, login, team):
    login(team.owner)

    response = client.post(f"/teams/{team.id}/invitations", data={"email": "not-an-email"})

    assert (response.status_code, field_error(response, "email")) == (422, "Enter a valid email address.")
    assert input_value(response, "email") == "not-an-email"


def test_show_page_lists_pending_invitations_to_owner(client, login, team):
    services.invite_member(team, email="lan@example.vn", invited_by=team.owner)
    login(team.owner)

    text = page_text(client.get(f"/teams/{team.id}"))

    assert ("Pending invitations" in text, "lan@example.vn" in text) == (True, True)


def test_revoke_invitation_by_owner(client, login, team, frozen_time):
    invitation = services.invite_member(team, email="lan@example.vn", invited_by=team.owner)
    login(team.owner)

    response = client.post(f"/teams/{team.id}/invitations/{invitation.id}/revoke")

    db.session.expire_all()
    assert (response.status_code, response.location) == (302, f"/teams/{team.id}")
    assert invitation.revoked_at == frozen_time.start


def test_revoke_invitation_by_member_is_forbidden(client, login, team):
    invitation = services.invite_member(team, email="lan@example.vn", invited_by=team.owner)
    login(team.memberships[1].user)

    response = client.post(f"/teams/{team.id}/invitations/{invitation.id}/revoke")

    db.session.expire_all()
    assert (response.status_code, invitation.revoked_at) == (403, None)


def test_revoke_invitation_through_another_organisation_is_forbidden(client, login, team):
    invitation = services.invite_member(team, email="lan@example.vn", invited_by=team.owner)
    other = make_organisation(login(person()))

    response = client.post(f"/teams/{other.id}/invitations/{invitation.id}/revoke")

    db.session.expire_all()
    assert (response.status_code, invitation.revoked_at) == (403, None)


# --- members ------------------------------------------------------------------------------------

def test_remove_member_by_owner(client, login, team):
    owner, member = team.owner, team.memberships[1].user
    login(owner)

    response = client.post(f"/teams/{team.id}/members/{team.memberships[1].id}/remove")

    assert (response.status_code, response.location) == (302, f"/teams/{team.id}")
    assert member_ids(team) == [(owner.id, "owner")]
    assert db.session.get(User, member.id) is not None  # the account itself stays


def test_remove_owner_is_refused(english, login, team):
    owner, member = team.owner, team.memberships[1].user
    login(person(roles=(Role.ADMIN,)))

    response = english.post(f"/teams/{team.id}/members/{team.memberships[0].id}/remove")

    assert response.status_code == 403
    assert "The owner cannot be removed. Transfer ownership first." in page_text(response)
    assert member_ids(team) == [(owner.id, "owner"), (member.id, "member")]


def test_remove_member_by_member_is_forbidden(client, login, team):
    owner, member = team.owner, team.memberships[1].user
    login(member)

    response = client.post(f"/teams/{team.id}/members/{team.memberships[0].id}/remove")

    assert response.status_code == 403
    assert member_ids(team) == [(owner.id, "owner"), (member.id, "member")]


def test_transfer_by_owner_makes_member_owner(client, login, team):
    owner, member = team.owner, team.memberships[1].user
    login(owner)

    response = client.post(f"/teams/{team.id}/transfer", data={"membership_id": str(team.memberships[1].id)})

    assert (response.status_code, response.location) == (302, f"/teams/{team.id}")
    assert member_ids(team) == [(owner.id, "member"), (member.id, "owner")]


def test_transfer_to_someone_outside_the_team_changes_nothing(client, login, team):
    owner, member = team.owner, team.memberships[1].user
    elsewhere = make_organisation(members=(person(),))
    login(owner)

    response = client.post(f"/teams/{team.id}/transfer", data={"membership_id": str(elsewhere.memberships[1].id)})

    assert response.status_code == 302
    assert member_ids(team) == [(owner.id, "owner"), (member.id, "member")]
    assert [role for _, role in member_ids(elsewhere)] == ["owner", "member"]


def test_transfer_by_member_is_forbidden(client, login, team):
    owner, member = team.owner, team.memberships[1].user
    login(member)

    response = client.post(f"/teams/{team.id}/transfer", data={"membership_id": str(team.memberships[1].id)})

    assert response.status_code == 403
    assert member_ids(team) == [(owner.id, "owner"), (member.id, "member")]


def test_leave_by_member(client, login, team):
    owner = team.owner
    login(team.memberships[1].user)

    response = client.post(f"/teams/{team.id}/leave")

    assert (response.status_code, response.location) == (302, "/teams/mine")
    assert member_ids(team) == [(owner.id, "owner")]


def test_leave_by_owner_is_refused(client, login, team):
    owner, member = team.owner, team.memberships[1].user
    login(owner)

    response = client.post(f"/teams/{team.id}/leave")

    assert response.status_code == 403
    assert "As the owner, transfer ownership to another member before leaving." in page_text(response)
    assert member_ids(team) == [(owner.id, "owner"), (member.id, "member")]


def test_leave_by_stranger_is_forbidden(client, login, team):
    login(person())

    assert client.post(f"/teams/{team.id}/leave").status_code == 403


# --- joining by invitation -----------------------------------------------------------------------

@pytest.fixture
def token(team):
    services.invite_member(team, email="lan@example.vn", invited_by=team.owner)
    return invitation_token()


def test_invitation_page_for_anonymous_offers_sign_up_with_email(english, team, token):
    response = english.get(f"/teams/join/{token}")

    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Trần Chủ invited lan@example.vn to join the team." in page_text(response)
    assert f'href="/account/signup?email=lan@example.vn&amp;next=/teams/join/{token}"' in body
    assert f'href="/account/login?email=lan@example.vn&amp;next=/teams/join/{token}"' in body
    assert f'action="/teams/join/{token}"' not in body


def test_invitation_sign_up_link_prefills_email(english, team, token):
    response = english.get(f"/account/signup?email=lan@example.vn&next=/teams/join/{token}")

    assert (response.status_code, input_value(response, "email")) == (200, "lan@example.vn")


def test_invitation_page_for_signed_in_user_offers_join_button(client, login, team, token):
    login(person(name="Phạm Lan", email="lan@example.vn"))

    response = client.get(f"/teams/join/{token}")

    assert f'action="/teams/join/{token}"' in response.get_data(as_text=True)
    assert "Join Nông Sản Xanh as Phạm Lan" in page_text(response)


def test_accept_invitation_signed_in_joins_team(client, login, team, token):
    lan = login(person(email="lan@example.vn"))

    response = client.post(f"/teams/join/{token}")

    assert (response.status_code, response.location) == (302, f"/teams/{team.id}")
    assert member_ids(team)[-1] == (lan.id, "member")


def test_accept_invitation_by_member_is_409(english, login, team, token):
    login(team.memberships[1].user)

    response = english.post(f"/teams/join/{token}")

    assert response.status_code == 409
    assert "You are already a member of Nông Sản Xanh." in page_text(response)
    assert len(member_ids(team)) == 2


def test_accept_invitation_anonymous_is_sent_to_login(client, team, token):
    response = client.post(f"/teams/join/{token}")

    assert (response.status_code, response.location) == (302, login_redirect(f"/teams/join/{token}"))
    assert len(member_ids(team)) == 2


def test_accept_invitation_twice_is_404(english, login, team, token):
    login(person())
    english.post(f"/teams/join/{token}")
    login(person())

    response = english.post(f"/teams/join/{token}")

    assert response.status_code == 404
    assert "This invitation has already been used." in page_text(response)
    assert len(member_ids(team)) == 3


def test_invitation_page_with_invalid_token_is_404(english):
    response = english.get("/teams/join/not-a-token")

    assert response.status_code == 404
    assert "This invitation link is not valid." in page_text(response)
