"""Stall images through the owner's forms: checked by content, size-limited, re-encoded without metadata, resized."""
from io import BytesIO
from pathlib import Path

import pytest
from flask import current_app
from PIL import Image

from app.extensions import db
from app.stalls import services
from app.stalls.models import Product, Stall
from tests.factories import make_organisation, make_stall
from tests.stalls.helpers import EXIF_MAKE, element_text, image_bytes, jpeg_with_exif, person, upload


@pytest.fixture
def stall(login, client):
    owner = login(person())
    client.set_cookie("techfest_locale", "en")
    return make_stall(organisation=make_organisation(owner))


def save(client, stall, **files):
    data = dict(tagline_vi="", tagline_en="Kept", village_id="", sector="", video_url="", **files)
    return client.post(f"/me/stalls/{stall.id}", content_type="multipart/form-data", data=data)


def stored_image(relative_path: str) -> tuple[bytes, Image.Image]:
    data = (Path(current_app.config["UPLOAD_FOLDER"]) / relative_path).read_bytes()
    image = Image.open(BytesIO(data))
    image.load()
    return data, image


def fresh(stall) -> Stall:
    db.session.expire_all()
    return db.session.get(Stall, stall.id)


@pytest.mark.parametrize("field", ["banner", "logo"])
def test_a_file_that_is_not_an_image_is_refused(client, stall, field):
    response = save(client, stall, **{field: upload(b"<?php system($_GET['c']); ?>", "photo.png")})
    assert (response.status_code, element_text(response, f"{field}-error")) == (400, "The file is not a valid image.")
    assert 'value="Kept"' in response.get_data(as_text=True)
    assert (fresh(stall).banner_path, fresh(stall).logo_path, fresh(stall).tagline_en) == (None, None, None)


def test_a_file_with_another_extension_is_refused_by_the_form(client, stall):
    response = save(client, stall, logo=upload(image_bytes(), "logo.svg"))
    assert (response.status_code, element_text(response, "logo-error")) == (
        422, "Upload a PNG, JPEG, WebP or GIF image.")


def test_metadata_is_stripped(client, stall):
    save(client, stall, logo=upload(jpeg_with_exif(), "photo.jpg"))
    data, image = stored_image(fresh(stall).logo_path)
    assert (image.format, dict(image.getexif()), "exif" in image.info) == ("PNG", {}, False)
    assert (b"Exif" in data, b"SecretCam" in data) == (False, False)
    assert Image.open(BytesIO(jpeg_with_exif())).getexif()[EXIF_MAKE] == "SecretCam X100"


def test_an_image_over_the_size_limit_is_refused(client, stall, monkeypatch):
    monkeypatch.setattr(services, "BANNER", services.ImageKind("stalls/banners", 1024 * 1024, 1600))
    noise = Image.frombytes("RGB", (800, 600), bytes(range(256)) * (800 * 600 * 3 // 256))
    output = BytesIO()
    noise.save(output, format="BMP")
    big = output.getvalue()
    assert len(big) > 1024 * 1024
    response = save(client, stall, banner=upload(big, "banner.png"))
    assert (response.status_code, element_text(response, "banner-error")) == (400, "The file is larger than 1.0 MB.")


@pytest.mark.parametrize(("field", "source", "kept"), [
    ("banner", (3200, 1000), (1600, 500)),
    ("logo", (1000, 800), (400, 320)),
    ("banner", (300, 100), (300, 100)),
])
def test_images_are_resized(client, stall, field, source, kept):
    save(client, stall, **{field: upload(image_bytes("PNG", size=source), "image.png")})
    assert stored_image(getattr(fresh(stall), f"{field}_path"))[1].size == kept


def test_product_images_are_cleaned_and_resized(client, stall):
    client.post(f"/me/stalls/{stall.id}/products", content_type="multipart/form-data", data=dict(
        name_vi="Cảm biến", stage="", new_images=[upload(jpeg_with_exif(size=(2400, 1800)), "a.jpg")]))
    product = db.session.scalar(db.select(Product))
    data, image = stored_image(product.images[0].path)
    assert (image.format, image.size, b"SecretCam" in data) == ("PNG", (1200, 900), False)


def test_a_product_image_that_is_not_an_image_is_refused(client, stall):
    response = client.post(f"/me/stalls/{stall.id}/products", content_type="multipart/form-data", data=dict(
        name_vi="Cảm biến", stage="", new_images=[upload(b"GIF89a but not really", "a.gif")]))
    assert (response.status_code, element_text(response, "new_images-error")) == (
        400, "The file is not a valid image.")
    assert db.session.scalar(db.select(Product)) is None
