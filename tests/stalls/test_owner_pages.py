"""The stall owner's pages: who may use them, opening a stall, editing it, the catalogue and brochures."""
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import quote

import pytest
from flask import current_app
from sqlalchemy import func, select

from app.accounts.models import Role
from app.extensions import db
from app.stalls.models import Brochure, Product, ProductImage, Stall
from tests.factories import (make_booth_application, make_competition, make_edition, make_entry, make_exhibition,
                             make_organisation, make_product, make_stall, make_village)
from tests.stalls.helpers import element_text, image_bytes, page_text, pdf_bytes, person, upload

OWNER_PAGES = ["", "/products", "/brochures", "/analytics"]


@pytest.fixture
def world():
    owner, member, organiser, other_organiser = person(), person(), person(), person()
    edition = make_edition(organisers=(organiser,))
    make_edition(organisers=(other_organiser,))
    organisation = make_organisation(owner, name="Mekong Drone", members=(member,))
    stall = make_stall(edition, organisation=organisation)
    return SimpleNamespace(edition=edition, stall=stall, organisation=organisation, url=f"/me/stalls/{stall.id}",
                           people={"owner": owner, "member": member, "stranger": person(), "organiser": organiser,
                                   "other_organiser": other_organiser, "admin": person(roles=(Role.ADMIN,)),
                                   "anonymous": None})


def as_(login, world, who):
    if world.people[who] is not None:
        login(world.people[who])


def stored(relative_path: str) -> Path:
    return Path(current_app.config["UPLOAD_FOLDER"]) / relative_path


def fresh(model, object_id):
    db.session.expire_all()
    return db.session.get(model, object_id)


def stall_form(**changes):
    form = dict(tagline_vi="Máy bay nông nghiệp", tagline_en="Farm drones", description_vi="", description_en="",
                village_id="", sector="agritech", video_url="", contact_name="", contact_role="", contact_email="",
                contact_phone="", website="")
    form.update(changes)
    return form


# --- who may use the owner's pages ------------------------------------------------------------

@pytest.mark.parametrize(("who", "status"), [
    ("owner", 200), ("member", 200), ("stranger", 403), ("organiser", 200), ("other_organiser", 403), ("admin", 200),
    ("anonymous", 302),
])
@pytest.mark.parametrize("page", OWNER_PAGES)
def test_owner_pages_access(client, login, world, who, status, page):
    as_(login, world, who)
    response = client.get(world.url + page)
    assert response.status_code == status
    if status == 302:
        assert response.location == "/account/login?next=" + quote(world.url + page, safe="/")


@pytest.mark.parametrize(("who", "status"), [("owner", 302), ("stranger", 403), ("organiser", 302)])
def test_saving_the_stall_access(client, login, world, who, status):
    as_(login, world, who)
    response = client.post(world.url, data=stall_form())
    assert (response.status_code, fresh(Stall, world.stall.id).tagline_en) == (
        status, "Farm drones" if status == 302 else None)


def test_unknown_stall_is_not_found(client, login, world):
    as_(login, world, "owner")
    assert client.get("/me/stalls/999").status_code == 404


# --- my stalls and opening one ----------------------------------------------------------------

def test_my_stalls_lists_stalls_and_offers_to_open_new_ones(client, login, world):
    as_(login, world, "owner")
    mekong = make_edition(name_en="Techfest Mekong")
    make_entry(make_competition(mekong), organisation=world.organisation)
    world.stall.is_hidden, world.stall.hidden_reason = True, "Ảnh sai"
    db.session.commit()
    client.set_cookie("techfest_locale", "en")

    response = client.get("/me/stalls")

    assert element_text(response, f"my-stall-{world.stall.id}").startswith("M Mekong Drone · Techfest Haiphong")
    assert "Taken down by the organisers. Reason: Ảnh sai" in element_text(response, f"my-stall-{world.stall.id}")
    assert "Techfest Mekong Organisation Mekong Drone Open my virtual stall" in page_text(response)
    assert f'action="/e/{mekong.slug}/stalls/open"' in response.get_data(as_text=True)


def test_open_stall_creates_it_and_goes_to_the_editor(client, login, world):
    as_(login, world, "member")
    edition = make_edition()
    make_booth_application(edition, organisation=world.organisation, status="approved")
    response = client.post(f"/e/{edition.slug}/stalls/open", data={"organisation_id": world.organisation.id})
    stall = db.session.scalar(select(Stall).where(Stall.edition_id == edition.id))
    assert (response.status_code, response.location) == (302, f"/me/stalls/{stall.id}")


def test_open_stall_for_someone_elses_organisation_is_forbidden(client, login, world):
    as_(login, world, "stranger")
    edition = make_edition()
    make_booth_application(edition, organisation=world.organisation, status="approved")
    response = client.post(f"/e/{edition.slug}/stalls/open", data={"organisation_id": world.organisation.id})
    assert (response.status_code, db.session.scalar(select(func.count()).select_from(Stall))) == (403, 1)


def test_open_stall_refuses_an_organisation_that_does_not_take_part(client, login, world):
    as_(login, world, "owner")
    edition = make_edition()
    response = client.post(f"/e/{edition.slug}/stalls/open", data={"organisation_id": world.organisation.id})
    assert response.status_code == 409
    assert ("Mekong Drone does not exhibit or compete at this festival, so it cannot open a virtual stall here."
            in page_text(response))


def test_open_stall_with_a_bad_form_is_a_bad_request(client, login, world):
    as_(login, world, "owner")
    assert client.post(f"/e/{world.edition.slug}/stalls/open", data={"organisation_id": "abc"}).status_code == 400


# --- editing the stall ------------------------------------------------------------------------

def test_edit_stall_saves_and_normalises_the_video(client, login, world):
    as_(login, world, "owner")
    village = make_village(world.edition, name_en="Agritech village")
    response = client.post(world.url, data=stall_form(village_id=village.id, video_url="https://vimeo.com/76979871",
                                                      contact_email="binh@mekong.example"))
    stall = fresh(Stall, world.stall.id)
    assert (response.status_code, response.location) == (302, world.url)
    assert (stall.village_id, stall.video_url, stall.contact_email) == (
        village.id, "https://player.vimeo.com/video/76979871?dnt=1", "binh@mekong.example")


def test_edit_stall_refuses_another_video_host_and_keeps_the_input(client, login, world):
    as_(login, world, "owner")
    response = client.post(world.url, data=stall_form(video_url="https://www.tiktok.com/@farm/video/1"))
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert element_text(response, "video_url-error") == "Only YouTube and Vimeo videos can be shown on a stall."
    assert 'value="Farm drones"' in body and 'value="https://www.tiktok.com/@farm/video/1"' in body
    assert fresh(Stall, world.stall.id).tagline_en is None


@pytest.mark.parametrize(("changes", "field", "message"), [
    (dict(contact_email="not an email"), "contact_email", "Enter a valid email address."),
    (dict(website="example"), "website", "Enter a full web address, starting with https://"),
    (dict(tagline_en="x" * 201), "tagline_en", "Enter at most 200 characters."),
    (dict(village_id="999"), "village_id", "Not a valid choice."),
])
def test_edit_stall_form_errors(client, login, world, changes, field, message):
    as_(login, world, "owner")
    client.set_cookie("techfest_locale", "en")
    response = client.post(world.url, data=stall_form(**changes))
    assert (response.status_code, element_text(response, f"{field}-error")) == (422, message)


def test_edit_page_shows_the_markdown_hint_tabs_and_hidden_reason(client, login, world):
    as_(login, world, "owner")
    world.stall.is_hidden, world.stall.hidden_reason = True, "Logo không phù hợp"
    db.session.commit()
    client.set_cookie("techfest_locale", "en")
    response = client.get(world.url)
    body = response.get_data(as_text=True)
    assert element_text(response, "description_vi-help").startswith("Markdown: **bold**")
    assert element_text(response, "hidden-notice") == (
        "The organisers have taken your stall down; visitors cannot see it. Reason: Logo không phù hợp")
    for href in (f"/me/stalls/{world.stall.id}/products", f"/me/stalls/{world.stall.id}/brochures",
                 f"/me/stalls/{world.stall.id}/analytics", f"/e/{world.edition.slug}/stalls/{world.stall.id}"):
        assert f'href="{href}"' in body


def test_edit_page_says_when_the_window_has_not_opened(client, login, world):
    from tests.stalls.helpers import OPENS

    make_exhibition(world.edition, online_opens_at=OPENS)
    as_(login, world, "owner")
    client.set_cookie("techfest_locale", "en")
    assert "prepare your stall now" in page_text(client.get(world.url))


# --- the catalogue ----------------------------------------------------------------------------

def product_form(**changes):
    form = dict(name_vi="Máy bay phun thuốc", name_en="Spraying drone", description_vi="", description_en="",
                stage="mvp", price_vnd="", position="")
    form.update(changes)
    return form


def test_add_product_with_images(client, login, world):
    as_(login, world, "owner")
    response = client.post(f"{world.url}/products", content_type="multipart/form-data", data=product_form(
        new_images=[upload(image_bytes(), "a.png"), upload(image_bytes("JPEG"), "b.jpg")]))
    product = db.session.scalar(select(Product))
    assert (response.status_code, response.location) == (302, f"{world.url}/products")
    assert (product.name_en, product.price_vnd, len(product.images)) == ("Spraying drone", None, 2)
    client.set_cookie("techfest_locale", "en")
    assert "Spraying drone Contact us · Product on the market (MVP) · 2 images" in page_text(
        client.get(f"{world.url}/products"))


def test_add_product_refuses_a_negative_price(client, login, world):
    as_(login, world, "owner")
    client.set_cookie("techfest_locale", "en")
    response = client.post(f"{world.url}/products", data=product_form(price_vnd="-5"))
    assert (response.status_code, element_text(response, "price_vnd-error")) == (
        422, "Enter a number between 0 and 1000000000000.")


def test_add_product_refuses_a_sixth_image(client, login, world):
    as_(login, world, "owner")
    client.set_cookie("techfest_locale", "en")
    response = client.post(f"{world.url}/products", content_type="multipart/form-data", data=product_form(
        new_images=[upload(image_bytes(), f"{n}.png") for n in range(6)]))
    assert (response.status_code, element_text(response, "new_images-error")) == (
        400, "A product has at most 5 images: remove one before adding more.")
    assert 'value="Spraying drone"' in response.get_data(as_text=True)


def test_edit_and_delete_a_product_and_its_images(client, login, world):
    as_(login, world, "owner")
    product = make_product(world.stall)
    url = f"{world.url}/products/{product.id}"
    client.post(url, content_type="multipart/form-data", data=product_form(price_vnd="2500000", new_images=[
        upload(image_bytes(), "a.png")]))
    product = fresh(Product, product.id)
    image = product.images[0]
    assert (product.price_vnd, product.name_en) == (2_500_000, "Spraying drone")
    assert client.post(f"{url}/images/{image.id}/delete").location == url
    assert (fresh(Product, product.id).images, stored(image.path).exists()) == ([], False)
    assert client.post(f"{url}/delete").location == f"{world.url}/products"
    assert fresh(Product, product.id) is None


def test_products_of_another_stall_are_not_found(client, login, world):
    as_(login, world, "owner")
    elsewhere = make_product(make_stall(world.edition))
    assert client.get(f"{world.url}/products/{elsewhere.id}").status_code == 404
    assert client.post(f"{world.url}/products/{elsewhere.id}/delete").status_code == 404


def test_a_stranger_cannot_change_a_product(client, login, world):
    as_(login, world, "stranger")
    product = make_product(world.stall)
    assert client.post(f"{world.url}/products/{product.id}/delete").status_code == 403
    assert fresh(Product, product.id) is not None


# --- brochures --------------------------------------------------------------------------------

def test_upload_and_delete_a_brochure(client, login, world):
    as_(login, world, "owner")
    response = client.post(f"{world.url}/brochures", content_type="multipart/form-data",
                           data={"title": "Hồ sơ năng lực", "file": upload(pdf_bytes(), "profile.pdf")})
    brochure = db.session.scalar(select(Brochure))
    assert (response.status_code, brochure.title, stored(brochure.path).read_bytes()) == (
        302, "Hồ sơ năng lực", pdf_bytes())
    client.post(f"{world.url}/brochures/{brochure.id}/delete")
    assert (fresh(Brochure, brochure.id), stored(brochure.path).exists()) == (None, False)


@pytest.mark.parametrize(("data", "filename"), [(b"<html><script>alert(1)</script></html>", "brochure.pdf"),
                                                (image_bytes(), "brochure.pdf")])
def test_upload_refuses_a_file_that_is_not_a_pdf(client, login, world, data, filename):
    as_(login, world, "owner")
    client.set_cookie("techfest_locale", "en")
    response = client.post(f"{world.url}/brochures", content_type="multipart/form-data",
                           data={"title": "Hồ sơ", "file": upload(data, filename)})
    assert (response.status_code, element_text(response, "file-error")) == (
        400, "A brochure must be a PDF file. Export your document as PDF and upload that file.")
    assert 'value="Hồ sơ"' in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Brochure)) == 0


def test_upload_without_a_file_is_refused(client, login, world):
    as_(login, world, "owner")
    client.set_cookie("techfest_locale", "en")
    response = client.post(f"{world.url}/brochures", data={"title": "Hồ sơ"})
    assert (response.status_code, element_text(response, "file-error")) == (400, "Choose a PDF file.")


def test_my_stalls_query_count_does_not_grow(client, login, world, count_queries):
    as_(login, world, "owner")

    def add(count):
        for _ in range(count):
            edition = make_edition()
            make_stall(edition, organisation=world.organisation)
            make_entry(make_competition(make_edition()), organisation=world.organisation)

    add(1)
    db.session.expire_all()  # the request shares the test's session: start both measurements from nothing loaded
    with count_queries() as small:
        client.get("/me/stalls")
    add(10)
    db.session.expire_all()
    with count_queries() as large:
        client.get("/me/stalls")
    assert large["n"] == small["n"]


def test_catalogue_query_count_does_not_grow(client, login, world, count_queries):
    as_(login, world, "owner")
    make_product(world.stall)
    db.session.expire_all()
    with count_queries() as small:
        client.get(f"{world.url}/products")
    for number in range(15):
        product = make_product(world.stall)
        product.images.append(ProductImage(path=f"stalls/products/{number}.png"))
    db.session.commit()
    db.session.expire_all()
    with count_queries() as large:
        client.get(f"{world.url}/products")
    assert large["n"] == small["n"]
