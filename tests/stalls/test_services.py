"""Stall services and rules: who may have a stall, search text, the owner's edits, catalogue, brochures, curation."""
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from flask import current_app
from flask_babel import force_locale
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage

from app.core.errors import Conflict, DomainError
from app.core.text import fold
from app.core.uploads import InvalidUpload
from app.extensions import db
from app.stalls import queries, services
from app.stalls.models import Brochure, Product, Stall, StallVisit
from app.teams.choices import SECTORS
from tests.factories import (make_booth_application, make_competition, make_edition, make_entry, make_organisation,
                             make_product, make_province, make_stall, make_user, make_village)
from tests.stalls.helpers import english, image_bytes, pdf_bytes


def file_storage(data: bytes, filename: str) -> FileStorage:
    return FileStorage(stream=BytesIO(data), filename=filename)


def stored(relative_path: str) -> Path:
    return Path(current_app.config["UPLOAD_FOLDER"]) / relative_path


def stored_files(folder: str) -> set[Path]:
    return set(stored(folder).glob("*")) if stored(folder).exists() else set()


def stall_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Stall))


# --- who may have a stall ---------------------------------------------------------------------

@pytest.mark.parametrize(("status", "eligible"), [
    ("approved", True), ("submitted", False), ("waitlisted", False), ("rejected", False), ("withdrawn", False),
])
def test_exhibitor_is_eligible_only_with_an_approved_application(status, eligible):
    edition = make_edition()
    application = make_booth_application(edition, status=status)
    assert queries.is_eligible_for_stall(edition, application.organisation) is eligible


@pytest.mark.parametrize(("status", "eligible"), [("submitted", True), ("draft", False), ("withdrawn", False)])
def test_startup_is_eligible_only_with_a_submitted_entry(status, eligible):
    edition = make_edition()
    entry = make_entry(make_competition(edition), status=status)
    assert queries.is_eligible_for_stall(edition, entry.organisation) is eligible


def test_eligibility_is_per_edition():
    edition, other = make_edition(), make_edition()
    exhibitor = make_booth_application(other, status="approved").organisation
    startup = make_entry(make_competition(other)).organisation
    assert (queries.is_eligible_for_stall(edition, exhibitor), queries.is_eligible_for_stall(edition, startup),
            queries.is_eligible_for_stall(other, startup)) == (False, False, True)


def test_stall_openings_lists_eligible_organisations_without_a_stall():
    user = make_user()
    edition, draft = make_edition(name_en="Techfest Mekong"), make_edition(status="draft")
    exhibitor = make_organisation(user, name="Bảo An Robotics")
    startup = make_organisation(make_user(), name="An Nông", members=(user,))
    has_stall = make_organisation(user, name="Có Gian Hàng")
    make_organisation(user, name="Không tham gia")
    make_booth_application(edition, organisation=exhibitor, status="approved")
    make_entry(make_competition(edition), organisation=startup)
    make_booth_application(edition, organisation=has_stall, status="approved")
    make_stall(edition, organisation=has_stall)
    make_booth_application(draft, organisation=exhibitor, status="approved")
    make_entry(make_competition(edition), organisation=make_organisation(make_user()))  # someone else's

    openings = queries.stall_openings(user)

    assert [(o.edition.id, [org.name for org in o.organisations]) for o in openings] == \
        [(edition.id, ["An Nông", "Bảo An Robotics"])]


def test_stall_openings_counts_an_organisation_once_when_it_exhibits_and_competes():
    user = make_user()
    edition = make_edition()
    organisation = make_organisation(user)
    make_booth_application(edition, organisation=organisation, status="approved")
    make_entry(make_competition(edition), organisation=organisation)
    assert [[org.id for org in o.organisations] for o in queries.stall_openings(user)] == [[organisation.id]]


def test_my_stalls_lists_the_stalls_of_the_users_organisations():
    user = make_user()
    older, newer = make_edition(starts_on=date(2025, 12, 10), ends_on=date(2025, 12, 12)), make_edition()
    mine = make_organisation(user, name="Của tôi")
    joined = make_organisation(make_user(), name="Tham gia", members=(user,))
    first, second, third = make_stall(older, organisation=mine), make_stall(newer, organisation=mine), \
        make_stall(newer, organisation=joined)
    make_stall(newer)
    assert [stall.id for stall in queries.my_stalls(user)] == [second.id, third.id, first.id]


# --- search text and ensure_stall -------------------------------------------------------------

def test_search_text_folds_name_taglines_sector_village_province_and_products():
    edition = make_edition()
    province = make_province(code="can-tho", name_vi="Cần Thơ", name_en="Can Tho")
    organisation = make_organisation(name="Nông Sản Đồng Bằng", province=province)
    village = make_village(edition, name_vi="Làng Nông nghiệp", name_en="Agritech village")
    stall = make_stall(edition, organisation=organisation, village=village, sector="agritech",
                       tagline_vi="Lúa gạo sạch", tagline_en="Clean rice")
    make_product(stall, name_vi="Máy sấy lúa", name_en="Rice dryer")
    db.session.refresh(stall)

    text = services.search_text_for(stall)

    labels = []
    for locale in ("vi", "en"):
        with force_locale(locale):
            labels.append(fold(str(SECTORS["agritech"])))
    for expected in ["nong san dong bang", "lua gao sach", "clean rice", "lang nong nghiep", "agritech village",
                     "can tho", "may say lua", "rice dryer", *labels]:
        assert expected in text
    assert text == fold(text)
    assert text.count("can tho") == 1  # the same words in both languages are kept once


def test_ensure_stall_creates_the_stall_from_the_profile_once():
    edition = make_edition()
    village = make_village(edition, name_en="Agritech village")
    organisation = make_organisation(name="Cần Thơ Drone", sector="agritech", pitch_vi="Đ" * 250,
                                     pitch_en="Drones for farms", description_vi="**Mô tả**",
                                     website="https://drone.example.vn")

    stall = services.ensure_stall(edition, organisation, village_id=village.id)
    db.session.commit()
    again = services.ensure_stall(edition, organisation)

    assert (again.id, stall_count()) == (stall.id, 1)
    assert (stall.sector, stall.tagline_vi, stall.tagline_en, stall.description_vi, stall.website, stall.village_id) == \
        ("agritech", "Đ" * 200, "Drones for farms", "**Mô tả**", "https://drone.example.vn", village.id)
    assert "can tho drone" in stall.search_text and "agritech village" in stall.search_text


def test_ensure_stall_does_not_commit():
    edition, organisation = make_edition(), make_organisation()
    services.ensure_stall(edition, organisation)
    db.session.rollback()
    assert stall_count() == 0


# --- opening a stall --------------------------------------------------------------------------

def test_open_stall_for_an_approved_exhibitor():
    edition = make_edition()
    organisation = make_booth_application(edition, status="approved").organisation
    stall = services.open_stall(edition, organisation)
    db.session.rollback()  # committed by the service
    assert (stall_count(), stall.organisation_id, stall.edition_id) == (1, organisation.id, edition.id)


def test_open_stall_twice_keeps_one_stall():
    edition = make_edition()
    organisation = make_entry(make_competition(edition)).organisation
    first = services.open_stall(edition, organisation)
    assert (services.open_stall(edition, organisation).id, stall_count()) == (first.id, 1)


def test_open_stall_refuses_an_organisation_that_does_not_take_part():
    edition = make_edition()
    organisation = make_organisation(name="Không Tham Gia")
    with pytest.raises(Conflict) as refused:
        services.open_stall(edition, organisation)
    assert (english(refused.value), refused.value.status_code, stall_count()) == (
        "Không Tham Gia does not exhibit or compete at this festival, so it cannot open a virtual stall here.", 409, 0)


# --- the owner's edits ------------------------------------------------------------------------

def stall_fields(**changes):
    fields = dict(tagline_vi="Nông nghiệp thông minh", tagline_en="Smart farming", description_vi="Mô tả",
                  description_en="Description", village_id=None, sector="agritech",
                  video_url="https://youtu.be/dQw4w9WgXcQ", contact_name="Lê Văn Bình", contact_role="CEO",
                  contact_email="binh@example.vn", contact_phone="0901 234 567", website="https://example.vn")
    fields.update(changes)
    return fields


def test_update_stall_saves_the_fields_and_normalises_the_video():
    stall = make_stall()
    village = make_village(stall.edition, name_vi="Làng Công nghệ", name_en="Tech village")

    services.update_stall(stall, **stall_fields(village_id=village.id, contact_role="  "))

    db.session.expire_all()
    stall = db.session.get(Stall, stall.id)
    assert (stall.tagline_en, stall.sector, stall.village_id, stall.video_url, stall.contact_role) == (
        "Smart farming", "agritech", village.id, "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ", None)
    assert "smart farming" in stall.search_text and "lang cong nghe" in stall.search_text


@pytest.mark.parametrize(("changes", "field", "message"), [
    (dict(video_url="https://www.dailymotion.com/video/x7tgad0"), "video_url",
     "Only YouTube and Vimeo videos can be shown on a stall."),
    (dict(sector="space"), "sector", "Choose a sector from the list."),
    (dict(website="javascript://example.vn/%0aalert(1)"), "website", "Enter a full web address, starting with https://"),
])
def test_update_stall_refuses_bad_values(changes, field, message):
    stall = make_stall(tagline_en="Before")
    with pytest.raises(DomainError) as refused:
        services.update_stall(stall, **stall_fields(**changes))
    db.session.rollback()
    assert (english(refused.value), refused.value.field, db.session.get(Stall, stall.id).tagline_en) == (
        message, field, "Before")


def test_update_stall_refuses_a_village_of_another_edition():
    stall = make_stall()
    elsewhere = make_village(make_edition())
    with pytest.raises(DomainError) as refused:
        services.update_stall(stall, **stall_fields(village_id=elsewhere.id))
    assert (english(refused.value), refused.value.field) == ("Choose a village of this festival.", "village_id")


def test_update_stall_replaces_the_banner_and_deletes_the_old_file():
    stall = make_stall()
    services.update_stall(stall, banner=file_storage(image_bytes(), "one.png"), **stall_fields())
    first = stall.banner_path
    services.update_stall(stall, banner=file_storage(image_bytes(), "two.png"), **stall_fields())
    assert (first.startswith("stalls/banners/"), stored(first).exists(), stored(stall.banner_path).exists()) == (
        True, False, True)
    services.update_stall(stall, remove_banner=True, **stall_fields())
    assert stall.banner_path is None


# --- the catalogue ----------------------------------------------------------------------------

def product_fields(**changes):
    fields = dict(name_vi="Máy sấy lúa", name_en="Rice dryer", description_vi=None, description_en=None,
                  stage="mvp", price_vnd=None, position=None)
    fields.update(changes)
    return fields


def test_add_product_with_images_and_contact_us_price():
    stall = make_stall()
    product = services.add_product(stall, images=[file_storage(image_bytes(), "a.png"),
                                                  file_storage(image_bytes("JPEG"), "b.jpg")], **product_fields())
    assert (product.has_price, product.position, [image.position for image in product.images]) == (False, 0, [0, 1])
    assert all(stored(image.path).exists() for image in product.images)
    assert "rice dryer" in stall.search_text


def test_update_product_adds_images_up_to_five():
    product = make_product()
    services.update_product(product, images=[file_storage(image_bytes(), f"{n}.png") for n in range(3)],
                            **product_fields(price_vnd=1_500_000))
    with pytest.raises(InvalidUpload) as refused:
        services.update_product(product, images=[file_storage(image_bytes(), f"{n}.png") for n in range(3)],
                                **product_fields())
    db.session.rollback()
    assert (english(refused.value), refused.value.field) == (
        "A product has at most 5 images: remove one before adding more.", "images")
    product = db.session.get(Product, product.id)
    assert (len(product.images), product.price_vnd) == (3, 1_500_000)


@pytest.mark.parametrize(("changes", "field", "message"), [
    (dict(name_vi="  "), "name_vi", "This field is required."),
    (dict(stage="unicorn"), "stage", "Choose a stage from the list."),
    (dict(price_vnd=-1), "price_vnd", "A price cannot be negative. Leave it empty for \"Contact us\"."),
])
def test_add_product_refuses_bad_values(changes, field, message):
    stall = make_stall()
    with pytest.raises(DomainError) as refused:
        services.add_product(stall, **product_fields(**changes))
    db.session.rollback()
    assert (english(refused.value), refused.value.field) == (message, field)
    assert db.session.scalar(select(func.count()).select_from(Product)) == 0


def test_add_product_refuses_a_file_that_is_not_an_image_and_stores_nothing():
    stall = make_stall()
    before = stored_files("stalls/products")
    with pytest.raises(InvalidUpload) as refused:
        services.add_product(stall, images=[file_storage(image_bytes(), "ok.png"),
                                            file_storage(b"<html></html>", "photo.png")], **product_fields())
    assert (english(refused.value), refused.value.field) == ("The file is not a valid image.", "images")
    assert stored_files("stalls/products") == before


def test_delete_product_removes_its_images_and_search_words():
    stall = make_stall()
    product = services.add_product(stall, images=[file_storage(image_bytes(), "a.png")], **product_fields())
    path = product.images[0].path
    services.delete_product(product)
    assert (stored(path).exists(), "rice dryer" in stall.search_text, stall.products) == (False, False, [])


def test_delete_product_image():
    product = services.add_product(make_stall(), images=[file_storage(image_bytes(), "a.png"),
                                                         file_storage(image_bytes(), "b.png")], **product_fields())
    first, second = product.images
    services.delete_product_image(first)
    assert ([image.id for image in product.images], stored(first.path).exists()) == ([second.id], False)


# --- brochures --------------------------------------------------------------------------------

def test_add_brochure_stores_a_pdf_privately():
    stall = make_stall()
    brochure = services.add_brochure(stall, title="  Hồ sơ   năng lực ", file=file_storage(pdf_bytes(), "hs.pdf"))
    assert (brochure.title, brochure.size_bytes, brochure.path.startswith("private/brochures/")) == (
        "Hồ sơ năng lực", len(pdf_bytes()), True)
    assert stored(brochure.path).read_bytes() == pdf_bytes()


@pytest.mark.parametrize(("data", "filename"), [(b"<!doctype html><script>alert(1)</script>", "brochure.pdf"),
                                                (image_bytes(), "brochure.pdf")])
def test_add_brochure_refuses_files_that_are_not_pdf(data, filename):
    with pytest.raises(InvalidUpload) as refused:
        services.add_brochure(make_stall(), title="Brochure", file=file_storage(data, filename))
    assert (english(refused.value), refused.value.field) == (
        "A brochure must be a PDF file. Export your document as PDF and upload that file.", "file")
    assert db.session.scalar(select(func.count()).select_from(Brochure)) == 0


def test_add_brochure_refuses_more_than_ten():
    stall = make_stall()
    for number in range(10):
        services.add_brochure(stall, title=f"Brochure {number}", file=file_storage(pdf_bytes(), "b.pdf"))
    with pytest.raises(Conflict) as refused:
        services.add_brochure(stall, title="One more", file=file_storage(pdf_bytes(), "b.pdf"))
    assert english(refused.value) == "A stall has at most 10 brochures: delete one before adding another."


def test_delete_brochure_removes_the_file():
    stall = make_stall()
    brochure = services.add_brochure(stall, title="Brochure", file=file_storage(pdf_bytes(), "b.pdf"))
    path = brochure.path
    services.delete_brochure(brochure)
    assert (stall.brochures, stored(path).exists()) == ([], False)


def test_count_brochure_download_adds_one_in_the_database():
    brochure = services.add_brochure(make_stall(), title="Brochure", file=file_storage(pdf_bytes(), "b.pdf"))
    services.count_brochure_download(brochure)
    services.count_brochure_download(brochure)
    db.session.expire_all()
    assert db.session.get(Brochure, brochure.id).downloads == 2


# --- visits -----------------------------------------------------------------------------------

def test_record_visit_counts_a_visitor_once_per_day():
    stall = make_stall()
    results = [services.record_visit(stall, day=date(2026, 12, 10), visitor_key="a" * 64),
               services.record_visit(stall, day=date(2026, 12, 10), visitor_key="a" * 64),
               services.record_visit(stall, day=date(2026, 12, 11), visitor_key="a" * 64),
               services.record_visit(stall, day=date(2026, 12, 10), visitor_key="b" * 64)]
    assert results == [True, False, True, True]
    assert db.session.scalar(select(func.count()).select_from(StallVisit)) == 3


# --- curation ---------------------------------------------------------------------------------

def test_feature_and_unfeature_stall():
    stall = make_stall()
    services.feature_stall(stall, position=3)
    assert (stall.is_featured, stall.featured_position) == (True, 3)
    services.unfeature_stall(stall)
    assert (stall.is_featured, stall.featured_position) == (False, 0)


def test_hide_stall_needs_a_reason_and_unhide_clears_it():
    stall = make_stall()
    with pytest.raises(DomainError) as refused:
        services.hide_stall(stall, reason="  ")
    assert english(refused.value) == "Tell the exhibitor why their stall is taken down."
    services.hide_stall(stall, reason="Nội dung quảng cáo sai sự thật")
    assert (stall.is_hidden, stall.hidden_reason) == (True, "Nội dung quảng cáo sai sự thật")
    services.unhide_stall(stall)
    assert (stall.is_hidden, stall.hidden_reason) == (False, None)
