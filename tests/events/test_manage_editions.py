"""Organiser pages for editions: the list, creating and editing, status, the dashboard and the organiser team."""
from __future__ import annotations

import re
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.accounts.models import RoleGrant
from app.events.models import Edition
from app.extensions import db
from tests.events.manage_helpers import (
    admin, field_error, flashes, form_error, image_upload, input_value, organiser_of, page_text, person, plain,
    platform_organiser, selected_value,
)
from tests.factories import (make_edition, make_registration, make_room, make_session, make_speaker, make_venue,
                             make_village)

pytestmark = pytest.mark.usefixtures("frozen_time")

NEW_EDITION = {
    "name_vi": "Techfest Hải Phòng 2026", "name_en": "Techfest Haiphong 2026", "slug": "techfest-hai-phong-2026",
    "theme_vi": "Thành phố đổi mới sáng tạo", "theme_en": "City of innovation", "slogan_vi": "Tăng tốc và Tỏa sáng",
    "slogan_en": "Accelerate and shine", "description_vi": "Lễ hội", "description_en": "Festival",
    "starts_on": "2026-12-10", "ends_on": "2026-12-12", "timezone": "Asia/Ho_Chi_Minh",
}


def edition_rows(response) -> list[tuple[str, ...]]:
    """(slug, name, status, dates, sessions, registrations) of each row of the editions list."""
    rows = re.findall(r'<tr data-edition="([^"]+)">(.*?)</tr>', response.get_data(as_text=True), re.S)
    return [(slug, *[plain(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]) for slug, row in rows]


def grants_of(edition) -> list[int]:
    return list(db.session.scalars(select(RoleGrant.user_id).where(RoleGrant.edition_id == edition.id)
                                   .order_by(RoleGrant.id)))


# --- the list of editions --------------------------------------------------------------------------

def test_index_lists_the_editions_of_an_organiser_with_counts(client, login):
    hai_phong = make_edition(slug="hai-phong", name_en="Techfest Haiphong", status="published")
    can_tho = make_edition(slug="can-tho", name_en="Techfest Mekong", status="draft", starts_on=date(2026, 8, 1),
                           ends_on=date(2026, 8, 2))
    make_edition(slug="dong-nai", name_en="Techfest Dong Nai")  # not theirs
    workshop = make_session(hai_phong)
    make_session(hai_phong)
    make_session(hai_phong, status="cancelled")
    make_registration(workshop)
    make_registration(workshop, status="waitlisted")
    make_registration(workshop, status="cancelled")
    lan = organiser_of(hai_phong)
    db.session.add(RoleGrant(user=lan, role="organiser", edition_id=can_tho.id))
    db.session.commit()
    login(lan)

    response = client.get("/manage/")

    assert response.status_code == 200
    assert edition_rows(response) == [
        ("hai-phong", "Techfest Haiphong", "Published", "Dec 10, 2026 – Dec 12, 2026", "2", "2"),
        ("can-tho", "Techfest Mekong", "Draft", "Aug 1, 2026 – Aug 2, 2026", "0", "0"),
    ]
    assert 'href="/manage/e/hai-phong/"' in response.get_data(as_text=True)
    assert "New edition" not in page_text(response)  # only platform-wide organisers create editions


def test_index_shows_every_edition_and_the_new_button_to_a_platform_organiser(client, login):
    make_edition(slug="hai-phong")
    make_edition(slug="can-tho", starts_on=date(2027, 1, 5), ends_on=date(2027, 1, 6))
    login(platform_organiser())

    response = client.get("/manage/")

    assert [row[0] for row in edition_rows(response)] == ["can-tho", "hai-phong"]
    assert '<a class="btn btn-primary" href="/manage/editions/new">New edition</a>' in response.get_data(as_text=True)


def test_index_without_edition_says_so(client, login):
    login(platform_organiser())

    response = client.get("/manage/")

    assert (edition_rows(response), "You do not organise any edition yet." in page_text(response)) == ([], True)


def test_index_runs_a_fixed_number_of_queries(client, login, count_queries):
    login(admin())

    def queries() -> int:
        db.session.expunge_all()
        with count_queries() as counter:
            assert client.get("/manage/").status_code == 200
        return counter["n"]

    edition = make_edition()
    make_registration(make_session(edition))
    small = queries()
    for _ in range(5):
        edition = make_edition()
        for _ in range(3):
            make_registration(make_session(edition))
    assert queries() == small


# --- creating and editing an edition ----------------------------------------------------------------

def test_create_edition_saves_a_draft_and_makes_the_creator_organiser(client, login):
    creator = login(platform_organiser())

    response = client.post("/manage/editions/new", data=NEW_EDITION)

    assert (response.status_code, response.headers["Location"]) == (302, "/manage/e/techfest-hai-phong-2026/")
    edition = db.session.scalar(select(Edition))
    assert (edition.slug, edition.name_vi, edition.name_en, edition.theme_en, edition.slogan_vi) == (
        "techfest-hai-phong-2026", "Techfest Hải Phòng 2026", "Techfest Haiphong 2026", "City of innovation",
        "Tăng tốc và Tỏa sáng")
    assert (edition.starts_on, edition.ends_on, edition.timezone, edition.status) == (
        date(2026, 12, 10), date(2026, 12, 12), "Asia/Ho_Chi_Minh", "draft")
    assert grants_of(edition) == [creator.id]
    assert flashes(client.get("/manage/e/techfest-hai-phong-2026/")) == [
        ("success", "Techfest Haiphong 2026 has been created as a draft.")]


def test_new_edition_form_defaults_to_viet_nam_time(client, login):
    login(admin())

    response = client.get("/manage/editions/new")

    assert selected_value(response, "timezone") == "Asia/Ho_Chi_Minh"


def test_create_edition_with_a_banner(client, login, app):
    login(admin())

    response = client.post("/manage/editions/new", data={**NEW_EDITION, "banner": image_upload("banner.png")},
                           content_type="multipart/form-data")

    assert response.status_code == 302
    banner = db.session.scalar(select(Edition.banner_path))
    assert banner.startswith("banners/") and (Path(app.config["UPLOAD_FOLDER"]) / banner).is_file()


def test_create_edition_with_a_file_that_is_no_image_is_refused_next_to_the_banner(client, login):
    login(admin())

    response = client.post("/manage/editions/new",
                           data={**NEW_EDITION, "banner": (BytesIO(b"not an image"), "banner.png")},
                           content_type="multipart/form-data")

    assert response.status_code == 400
    assert field_error(response, "banner") == "The file is not a valid image."
    assert input_value(response, "name_en") == "Techfest Haiphong 2026"
    assert db.session.scalar(select(func.count()).select_from(Edition)) == 0


@pytest.mark.parametrize(("slug", "message"), [
    ("Techfest 2026", "Use lowercase letters, digits and single dashes, e.g. techfest-hai-phong-2026."),
    ("techfest--2026", "Use lowercase letters, digits and single dashes, e.g. techfest-hai-phong-2026."),
    ("", "This field is required."),
])
def test_create_edition_with_a_bad_slug_is_refused(client, login, slug, message):
    login(admin())

    response = client.post("/manage/editions/new", data={**NEW_EDITION, "slug": slug})

    assert response.status_code == 422
    assert field_error(response, "slug") == message
    assert input_value(response, "slug") == slug
    assert input_value(response, "name_vi") == "Techfest Hải Phòng 2026"
    assert db.session.scalar(select(func.count()).select_from(Edition)) == 0


def test_create_edition_with_a_taken_slug_keeps_the_input(client, login):
    make_edition(slug="techfest-hai-phong-2026")
    login(admin())

    response = client.post("/manage/editions/new", data=NEW_EDITION)

    assert response.status_code == 409
    assert field_error(response, "slug") == "Another edition already uses the address techfest-hai-phong-2026."
    assert (input_value(response, "name_en"), input_value(response, "starts_on")) == (
        "Techfest Haiphong 2026", "2026-12-10")
    assert db.session.scalar(select(func.count()).select_from(Edition)) == 1


def test_create_edition_ending_before_it_starts_is_refused_next_to_the_last_day(client, login):
    login(admin())

    response = client.post("/manage/editions/new", data={**NEW_EDITION, "ends_on": "2026-12-01"})

    assert response.status_code == 400
    assert field_error(response, "ends_on") == "The festival cannot end before it starts."
    assert input_value(response, "ends_on") == "2026-12-01"


def test_create_edition_with_missing_dates_is_refused(client, login):
    login(admin())

    response = client.post("/manage/editions/new", data={**NEW_EDITION, "starts_on": "", "ends_on": "10/12/2026"})

    assert response.status_code == 422
    assert (field_error(response, "starts_on"), field_error(response, "ends_on")) == (
        "This field is required.", "Not a valid date value.")


def test_edit_edition_shows_the_current_values(client, login):
    edition = make_edition(slug="hai-phong", name_en="Techfest Haiphong", timezone="Asia/Seoul")
    login(organiser_of(edition))

    response = client.get("/manage/e/hai-phong/edit")

    assert (input_value(response, "name_en"), input_value(response, "slug"), input_value(response, "starts_on")) == (
        "Techfest Haiphong", "hai-phong", "2026-12-10")
    assert selected_value(response, "timezone") == "Asia/Seoul"


def test_edit_edition_saves_and_follows_a_new_slug(client, login):
    edition = make_edition(slug="hai-phong")
    login(organiser_of(edition))

    response = client.post("/manage/e/hai-phong/edit", data={**NEW_EDITION, "slogan_en": "  ", "ends_on": "2026-12-13"})

    assert (response.status_code, response.headers["Location"]) == (302, "/manage/e/techfest-hai-phong-2026/")
    db.session.expire_all()
    assert (edition.slug, edition.slogan_en, edition.ends_on) == ("techfest-hai-phong-2026", None, date(2026, 12, 13))


def test_edit_edition_refuses_dates_that_leave_sessions_outside(client, login):
    edition = make_edition(slug="hai-phong", name_vi="Techfest HP")
    make_session(edition)  # 09:00 on 10 December
    login(organiser_of(edition))

    response = client.post("/manage/e/hai-phong/edit", data={**NEW_EDITION, "slug": "hai-phong",
                                                              "starts_on": "2026-12-11"})

    assert response.status_code == 400
    assert field_error(response, "starts_on") == "1 sessions would fall outside the new dates. Move them first."
    assert input_value(response, "starts_on") == "2026-12-11"
    db.session.expire_all()
    assert (edition.starts_on, edition.name_vi) == (date(2026, 12, 10), "Techfest HP")


def test_edit_edition_to_a_taken_slug_is_a_conflict_not_a_crash(client, login):
    make_edition(slug="can-tho")
    edition = make_edition(slug="hai-phong")
    make_session(edition)
    login(organiser_of(edition))

    response = client.post("/manage/e/hai-phong/edit", data={**NEW_EDITION, "slug": "can-tho"})

    assert response.status_code == 409
    assert field_error(response, "slug") == "Another edition already uses the address can-tho."
    assert 'href="/manage/e/hai-phong/sessions"' in response.get_data(as_text=True)  # links keep the real slug
    db.session.expire_all()
    assert edition.slug == "hai-phong"


def test_edit_edition_can_remove_the_banner(client, login):
    edition = make_edition(slug="hai-phong", banner_path="banners/old.png")
    login(organiser_of(edition))

    client.post("/manage/e/hai-phong/edit", data={**NEW_EDITION, "slug": "hai-phong", "remove_banner": "y"})

    db.session.expire_all()
    assert edition.banner_path is None


# --- status ----------------------------------------------------------------------------------------

def test_publish_a_draft(client, login):
    edition = make_edition(slug="hai-phong", status="draft")
    login(organiser_of(edition))

    response = client.post("/manage/e/hai-phong/status", data={"status": "published"}, follow_redirects=True)

    db.session.expire_all()
    assert edition.status == "published"
    assert flashes(response) == [("success", "The edition is now: Published.")]


@pytest.mark.parametrize(("status", "buttons"), [
    ("draft", ["published"]),
    ("published", ["draft", "archived"]),
    ("archived", ["draft"]),
])
def test_dashboard_offers_the_allowed_status_changes(client, login, status, buttons):
    edition = make_edition(slug="hai-phong", status=status)
    login(organiser_of(edition))

    response = client.get("/manage/e/hai-phong/")

    assert re.findall(r'<button type="submit" class="[^"]+" name="status" value="(\w+)"', response.get_data(as_text=True)) == buttons


def test_a_transition_not_allowed_is_refused_on_the_dashboard(client, login):
    edition = make_edition(slug="hai-phong", status="draft")
    login(organiser_of(edition))

    response = client.post("/manage/e/hai-phong/status", data={"status": "archived"})

    assert response.status_code == 409
    assert form_error(response) == "An edition that is Draft cannot become Archived."
    db.session.expire_all()
    assert edition.status == "draft"


def test_an_unknown_status_is_a_bad_request(client, login):
    edition = make_edition(slug="hai-phong", status="draft")
    login(organiser_of(edition))

    assert client.post("/manage/e/hai-phong/status", data={"status": "deleted"}).status_code == 400
    db.session.expire_all()
    assert edition.status == "draft"


# --- dashboard -------------------------------------------------------------------------------------

def test_dashboard_counts_everything_in_the_edition(client, login):
    edition = make_edition(slug="hai-phong", theme_en="City of innovation")
    venue = make_venue(edition)
    make_room(venue)
    make_room(venue)
    make_village(edition)
    make_speaker(edition)
    make_speaker(edition)
    make_speaker(edition)
    workshop = make_session(edition)
    make_session(edition, status="cancelled")
    make_registration(workshop)
    make_registration(workshop)
    make_registration(workshop, status="waitlisted")
    make_registration(make_session(make_edition()))  # another edition's
    login(organiser_of(edition))

    response = client.get("/manage/e/hai-phong/")

    figures = dict(re.findall(r'<div class="text-muted small">([^<]+)</div>\s*<div class="fs-3 fw-semibold" '
                              r'data-figure="\d">([^<]+)</div>', response.get_data(as_text=True)))
    assert figures == {"Sessions": "1", "Registrations": "2", "Venues": "1", "Villages": "1", "Speakers": "3",
                       "Organisers": "1"}
    text = page_text(response)
    assert ("1 cancelled" in text, "1 on the waitlist" in text, "2 rooms" in text) == (True, True, True)
    assert "City of innovation" in text
    assert '<a class="btn btn-outline-primary btn-sm" href="/e/hai-phong/">View the public page</a>' in text
    for link in ("/manage/e/hai-phong/sessions", "/manage/e/hai-phong/venues", "/manage/e/hai-phong/villages",
                 "/manage/e/hai-phong/speakers", "/manage/e/hai-phong/organisers", "/manage/e/hai-phong/edit",
                 "/manage/e/hai-phong/registrations"):
        assert f'href="{link}"' in text


def test_dashboard_runs_a_fixed_number_of_queries(client, login, count_queries):
    edition = make_edition(slug="hai-phong")
    login(organiser_of(edition))

    def queries() -> int:
        db.session.expunge_all()
        with count_queries() as counter:
            assert client.get("/manage/e/hai-phong/").status_code == 200
        return counter["n"]

    small = queries()
    for _ in range(4):
        make_registration(make_session(edition, room_id=make_room(make_venue(edition)).id))
        make_speaker(edition)
        organiser_of(edition)
    assert queries() == small


# --- the organiser team ------------------------------------------------------------------------------

def organiser_list(response) -> list[str]:
    return re.findall(r'data-organiser="([^"]+)"', response.get_data(as_text=True))


def test_organisers_page_lists_the_team_with_remove_buttons_for_others(client, login):
    edition = make_edition(slug="hai-phong")
    lan = login(organiser_of(edition, name="Nguyễn Thị Lan", email="lan@techfest.vn"))
    binh = organiser_of(edition, name="Trần Văn Bình", email="binh@techfest.vn")
    organiser_of(make_edition(), email="other@techfest.vn")

    response = client.get("/manage/e/hai-phong/organisers")

    assert organiser_list(response) == ["lan@techfest.vn", "binh@techfest.vn"]
    source = response.get_data(as_text=True)
    binh_grant, lan_grant = binh.role_grants[0].id, lan.role_grants[0].id
    assert f"/organisers/{binh_grant}/remove" in source and f"/organisers/{lan_grant}/remove" not in source


def test_add_organiser_by_email(client, login):
    edition = make_edition(slug="hai-phong")
    lan = login(organiser_of(edition))
    binh = person(name="Trần Văn Bình", email="binh@techfest.vn")

    response = client.post("/manage/e/hai-phong/organisers", data={"email": "BINH@techfest.vn"})

    assert (response.status_code, response.headers["Location"]) == (302, "/manage/e/hai-phong/organisers")
    assert grants_of(edition) == [lan.id, binh.id]
    assert flashes(client.get("/manage/e/hai-phong/organisers")) == [
        ("success", "Trần Văn Bình is an organiser of this edition.")]


def test_add_organiser_with_unknown_email_is_refused_next_to_the_field(client, login):
    edition = make_edition(slug="hai-phong")
    lan = login(organiser_of(edition))

    response = client.post("/manage/e/hai-phong/organisers", data={"email": "ghost@techfest.vn"})

    assert response.status_code == 400
    assert field_error(response, "email") == "No account uses ghost@techfest.vn. Ask the person to sign up first."
    assert input_value(response, "email") == "ghost@techfest.vn"
    assert grants_of(edition) == [lan.id]


def test_add_organiser_with_an_invalid_email_is_refused(client, login):
    edition = make_edition(slug="hai-phong")
    login(organiser_of(edition))

    response = client.post("/manage/e/hai-phong/organisers", data={"email": "not-an-email"})

    assert (response.status_code, field_error(response, "email")) == (422, "Enter a valid email address.")


def test_remove_organiser(client, login):
    edition = make_edition(slug="hai-phong")
    lan = login(organiser_of(edition))
    binh = organiser_of(edition, name="Trần Văn Bình")

    response = client.post(f"/manage/e/hai-phong/organisers/{binh.role_grants[0].id}/remove", follow_redirects=True)

    assert grants_of(edition) == [lan.id]
    assert flashes(response) == [("info", "Trần Văn Bình no longer organises this edition.")]


def test_remove_yourself_is_refused_with_the_reason(client, login):
    edition = make_edition(slug="hai-phong")
    lan = login(organiser_of(edition))

    response = client.post(f"/manage/e/hai-phong/organisers/{lan.role_grants[0].id}/remove")

    assert response.status_code == 400
    assert form_error(response) == "You cannot remove yourself from the organiser team."
    assert grants_of(edition) == [lan.id]
