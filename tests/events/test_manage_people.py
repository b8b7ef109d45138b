"""Organiser pages for villages (with their heads) and speakers."""
from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.events.models import Edition, Session, Speaker, Village
from app.extensions import db
from tests.events.manage_helpers import (
    field_error, flashes, image_upload, input_value, organiser_of, page_text, person,
)
from tests.factories import make_edition, make_session, make_speaker, make_village

pytestmark = pytest.mark.usefixtures("frozen_time")


@pytest.fixture
def edition(login):
    edition = make_edition(slug="hai-phong")
    login(organiser_of(edition))
    return edition


VILLAGE = {"name_vi": "Làng Nông nghiệp", "name_en": "Agritech village", "slug": "agritech",
           "description_vi": "Nông nghiệp công nghệ cao", "description_en": "High-tech farming",
           "head_email": "", "co_head_email": "", "position": "2"}

SPEAKER = {"name": "Tanaka Yuki", "title": "CEO", "organisation": "VJOIN", "bio_vi": "Chuyên gia", "bio_en": "Expert",
           "user_email": ""}


def villages() -> list[tuple]:
    return [tuple(row) for row in db.session.execute(
        select(Village.edition_id, Village.slug, Village.name_en, Village.head_id, Village.co_head_id, Village.position)
        .order_by(Village.id))]


def speakers() -> list[tuple]:
    return [tuple(row) for row in db.session.execute(
        select(Speaker.edition_id, Speaker.name, Speaker.title, Speaker.organisation, Speaker.user_id)
        .order_by(Speaker.id))]


# --- villages ---------------------------------------------------------------------------------------

def test_villages_page_lists_villages_with_heads(client, edition):
    head = person(name="Phạm Văn Trưởng")
    make_village(edition, slug="fintech", name_en="Fintech village", position=2)
    make_village(edition, slug="agritech", name_en="Agritech village", position=1, head_id=head.id)
    make_village(make_edition(), slug="edtech")

    response = client.get("/manage/e/hai-phong/villages")

    source = response.get_data(as_text=True)
    assert re.findall(r'data-village="([^"]+)"', source) == ["agritech", "fintech"]
    assert re.findall(r'data-field="head">([^<]*)<', source) == ["Phạm Văn Trưởng", "—"]


def test_villages_page_runs_a_fixed_number_of_queries(client, edition, count_queries):
    edition_id = edition.id

    def queries() -> int:
        db.session.expunge_all()
        with count_queries() as counter:
            assert client.get("/manage/e/hai-phong/villages").status_code == 200
        return counter["n"]

    make_village(edition, head_id=person().id, co_head_id=person().id)
    small = queries()
    for _ in range(4):
        make_village(db.session.get(Edition, edition_id), head_id=person().id, co_head_id=person().id)
    assert queries() == small


def test_create_village_with_head_and_co_head_by_email(client, edition):
    head, co_head = person(email="truong@techfest.vn"), person(email="kim@k-startup.kr")

    response = client.post("/manage/e/hai-phong/villages/new", data={
        **VILLAGE, "head_email": "Truong@techfest.vn", "co_head_email": "kim@k-startup.kr"})

    assert (response.status_code, response.headers["Location"]) == (302, "/manage/e/hai-phong/villages")
    assert villages() == [(edition.id, "agritech", "Agritech village", head.id, co_head.id, 2)]
    assert flashes(client.get("/manage/e/hai-phong/villages")) == [("success", "The village has been saved.")]


def test_create_village_with_an_unknown_head_is_refused_next_to_the_field(client, edition):
    response = client.post("/manage/e/hai-phong/villages/new", data={**VILLAGE, "head_email": "ghost@techfest.vn"})

    assert response.status_code == 400
    assert field_error(response, "head_email") == "No account uses ghost@techfest.vn. Ask the person to sign up first."
    assert (input_value(response, "head_email"), input_value(response, "name_en")) == (
        "ghost@techfest.vn", "Agritech village")
    assert villages() == []


def test_create_village_with_a_taken_slug_is_refused(client, edition):
    make_village(edition, slug="agritech")

    response = client.post("/manage/e/hai-phong/villages/new", data=VILLAGE)

    assert response.status_code == 409
    assert field_error(response, "slug") == "Another village of this edition already uses the address agritech."
    assert len(villages()) == 1


def test_create_village_with_bad_shapes_is_refused(client, edition):
    response = client.post("/manage/e/hai-phong/villages/new", data={
        **VILLAGE, "slug": "Agri Tech", "head_email": "not-an-email", "name_vi": ""})

    assert response.status_code == 422
    assert (field_error(response, "slug"), field_error(response, "head_email"), field_error(response, "name_vi")) == (
        "Use lowercase letters, digits and single dashes, e.g. techfest-hai-phong-2026.",
        "Enter a valid email address.", "This field is required.")


def test_edit_village_shows_and_changes_the_heads_email(client, edition):
    head, new_head = person(email="old@techfest.vn"), person(email="new@techfest.vn")
    village = make_village(edition, slug="agritech", head_id=head.id)

    assert input_value(client.get(f"/manage/e/hai-phong/villages/{village.id}/edit"), "head_email") == "old@techfest.vn"
    client.post(f"/manage/e/hai-phong/villages/{village.id}/edit", data={**VILLAGE, "head_email": "new@techfest.vn"})

    assert villages() == [(edition.id, "agritech", "Agritech village", new_head.id, None, 2)]


def test_delete_village_keeps_its_sessions(client, edition):
    village = make_village(edition)
    session = make_session(edition, village_id=village.id)

    response = client.post(f"/manage/e/hai-phong/villages/{village.id}/delete", follow_redirects=True)

    assert flashes(response) == [("info", "The village has been deleted.")]
    assert (villages(), db.session.scalar(select(Session.village_id).where(Session.id == session.id))) == ([], None)


# --- speakers ---------------------------------------------------------------------------------------

def test_speakers_page_lists_the_editions_speakers(client, edition):
    make_speaker(edition, name="Tanaka Yuki", title="CEO", organisation="VJOIN")
    make_speaker(edition, name="Kim Min-jun")
    make_speaker(make_edition(), name="Someone Else")

    response = client.get("/manage/e/hai-phong/speakers")

    assert re.findall(r'data-speaker="([^"]+)"', response.get_data(as_text=True)) == ["Kim Min-jun", "Tanaka Yuki"]
    assert "CEO · VJOIN" in page_text(response)


def test_create_speaker_with_photo_and_linked_account(client, edition, app):
    yuki = person(email="yuki@vjoin.jp")

    response = client.post("/manage/e/hai-phong/speakers/new", content_type="multipart/form-data",
                           data={**SPEAKER, "user_email": "yuki@vjoin.jp", "photo": image_upload("yuki.png")})

    assert (response.status_code, response.headers["Location"]) == (302, "/manage/e/hai-phong/speakers")
    assert speakers() == [(edition.id, "Tanaka Yuki", "CEO", "VJOIN", yuki.id)]
    photo = db.session.scalar(select(Speaker.photo_path))
    assert (Path(app.config["UPLOAD_FOLDER"]) / photo).is_file()


def test_create_speaker_with_unknown_account_email_is_refused(client, edition):
    response = client.post("/manage/e/hai-phong/speakers/new", data={**SPEAKER, "user_email": "ghost@vjoin.jp"})

    assert response.status_code == 400
    assert field_error(response, "user_email") == "No account uses ghost@vjoin.jp. Ask the person to sign up first."
    assert input_value(response, "name") == "Tanaka Yuki"
    assert speakers() == []


def test_create_speaker_with_a_broken_photo_is_refused_next_to_the_photo(client, edition):
    response = client.post("/manage/e/hai-phong/speakers/new", content_type="multipart/form-data",
                           data={**SPEAKER, "photo": (BytesIO(b"GIF89a broken"), "yuki.gif")})

    assert response.status_code == 400
    assert field_error(response, "photo") == "The file is not a valid image."
    assert speakers() == []


def test_create_speaker_with_a_document_instead_of_a_photo_is_refused(client, edition):
    response = client.post("/manage/e/hai-phong/speakers/new", content_type="multipart/form-data",
                           data={**SPEAKER, "photo": (BytesIO(b"%PDF-1.4"), "cv.pdf")})

    assert (response.status_code, field_error(response, "photo")) == (422, "Upload a PNG, JPEG, WebP or GIF image.")


def test_edit_speaker_shows_the_linked_email_and_can_unlink(client, edition):
    yuki = person(email="yuki@vjoin.jp")
    speaker = make_speaker(edition, name="Tanaka Yuki", user_id=yuki.id)

    assert input_value(client.get(f"/manage/e/hai-phong/speakers/{speaker.id}/edit"), "user_email") == "yuki@vjoin.jp"
    client.post(f"/manage/e/hai-phong/speakers/{speaker.id}/edit", data={**SPEAKER, "title": "CTO"})

    assert speakers() == [(edition.id, "Tanaka Yuki", "CTO", "VJOIN", None)]


def test_delete_speaker(client, edition):
    speaker = make_speaker(edition)
    session = make_session(edition, speakers=[speaker])

    response = client.post(f"/manage/e/hai-phong/speakers/{speaker.id}/delete", follow_redirects=True)

    assert flashes(response) == [("info", "The speaker has been deleted.")]
    assert (speakers(), db.session.scalar(select(func.count()).select_from(Session))) == ([], 1)
    db.session.expire_all()
    assert session.speakers == []
