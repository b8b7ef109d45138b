"""core.uploads: images are checked by content, re-encoded (metadata dropped) and resized."""
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image
from werkzeug.datastructures import FileStorage

from app.core.uploads import InvalidUpload, delete_upload, process_image, read_limited, save_image
from tests.core.pages import in_english

EXIF_MAKE = 0x010F
EXIF_GPS_IFD = 0x8825


def image_bytes(format: str, size=(40, 30), colour=(200, 30, 30), **save_options) -> bytes:
    output = BytesIO()
    Image.new("RGB", size, colour).save(output, format=format, **save_options)
    return output.getvalue()


def jpeg_with_exif() -> bytes:
    exif = Image.Exif()
    exif[EXIF_MAKE] = "SecretCam X100"
    exif.get_ifd(EXIF_GPS_IFD)[2] = (21.0, 1.0, 30.0)  # GPSLatitude: where the photo was taken
    return image_bytes("JPEG", exif=exif.tobytes())


def opened(data: bytes) -> Image.Image:
    image = Image.open(BytesIO(data))
    image.load()
    return image


def test_process_image_reencodes_png():
    source = image_bytes("PNG") + b"<?php hidden payload ?>"
    result = opened(process_image(source, max_pixels=512))
    assert (result.format, result.size, result.mode) == ("PNG", (40, 30), "RGBA")
    assert result.getpixel((5, 5)) == (200, 30, 30, 255)
    assert b"hidden payload" not in process_image(source, max_pixels=512)


def test_process_image_turns_jpeg_into_png_without_exif():
    source = jpeg_with_exif()
    assert opened(source).getexif()[EXIF_MAKE] == "SecretCam X100"
    cleaned = process_image(source, max_pixels=512)
    result = opened(cleaned)
    assert (result.format, result.size, dict(result.getexif()), "exif" in result.info) == ("PNG", (40, 30), {}, False)
    assert (b"Exif" in cleaned, b"SecretCam" in cleaned) == (False, False)


@pytest.mark.parametrize("format", ["WEBP", "GIF"])
def test_process_image_accepts_webp_and_gif(format):
    assert opened(process_image(image_bytes(format), max_pixels=512)).format == "PNG"


def test_process_image_shrinks_to_max_pixels_keeping_proportions():
    assert opened(process_image(image_bytes("PNG", size=(2000, 1000)), max_pixels=512)).size == (512, 256)


def test_process_image_does_not_enlarge_small_images():
    assert opened(process_image(image_bytes("PNG", size=(10, 20)), max_pixels=512)).size == (10, 20)


@pytest.mark.parametrize("garbage", [b"not an image at all", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, b"GIF89a"])
def test_process_image_refuses_garbage(garbage):
    with pytest.raises(InvalidUpload) as refusal:
        process_image(garbage, max_pixels=512)
    assert (in_english(refusal.value), refusal.value.status_code) == ("The file is not a valid image.", 400)


def test_process_image_refuses_truncated_png():
    source = image_bytes("PNG", size=(200, 200), colour=(1, 2, 3))
    with pytest.raises(InvalidUpload) as refusal:
        process_image(source[: len(source) // 2], max_pixels=512)
    assert in_english(refusal.value) == "The file is not a valid image."


def test_process_image_refuses_other_formats():
    with pytest.raises(InvalidUpload) as refusal:
        process_image(image_bytes("BMP"), max_pixels=512)
    assert in_english(refusal.value) == "Upload a PNG, JPEG, WebP or GIF image."


def test_process_image_refuses_too_many_pixels_before_decoding():
    output = BytesIO()
    Image.new("1", (8000, 5001)).save(output, format="PNG")  # 40,008,000 pixels, a few kB
    with pytest.raises(InvalidUpload) as refusal:
        process_image(output.getvalue(), max_pixels=512)
    assert in_english(refusal.value) == "The image has too many pixels."


def test_read_limited_returns_data_within_limit():
    assert read_limited(BytesIO(b"12345"), 5) == b"12345"


def test_read_limited_refuses_larger_file():
    with pytest.raises(InvalidUpload) as refusal:
        read_limited(BytesIO(b"x" * (2 * 1024 * 1024 + 1)), 2 * 1024 * 1024)
    assert in_english(refusal.value) == "The file is larger than 2.0 MB."


def test_read_limited_refuses_empty_file():
    with pytest.raises(InvalidUpload) as refusal:
        read_limited(BytesIO(b""), 100)
    assert in_english(refusal.value) == "The file is empty."


def test_save_image_stores_clean_png_and_delete_upload_removes_it(app):
    upload = FileStorage(BytesIO(jpeg_with_exif()), filename="../../chân dung.jpg", content_type="image/jpeg")
    relative = save_image(upload, folder="logos", max_bytes=1024 * 1024, max_pixels=16)
    stored = Path(app.config["UPLOAD_FOLDER"]) / relative
    assert (relative.startswith("logos/"), relative.endswith(".png"), "chân" in relative) == (True, True, False)
    assert opened(stored.read_bytes()).size == (16, 12)
    delete_upload(relative)
    assert stored.exists() is False
    delete_upload(relative)  # already gone: nothing to do
    delete_upload(None)


def test_uploaded_file_is_served_with_nosniff(app, client):
    folder = Path(app.config["UPLOAD_FOLDER"]) / "logos"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "test-logo.png").write_bytes(image_bytes("PNG"))
    response = client.get("/uploads/logos/test-logo.png")
    assert (response.status_code, response.mimetype, response.headers["X-Content-Type-Options"]) == (
        200, "image/png", "nosniff")
    assert response.data == image_bytes("PNG")
    (folder / "test-logo.png").unlink()


@pytest.mark.parametrize("path", ["/uploads/../config.py", "/uploads/%2e%2e/secret_key", "/uploads/nope.png"])
def test_uploaded_file_outside_folder_or_missing_is_404(client, path):
    assert client.get(path).status_code == 404
