"""Accepting image uploads safely: checked by content, size-limited, re-encoded, resized."""
from __future__ import annotations

import secrets
from io import BytesIO
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l
from PIL import Image, UnidentifiedImageError

from app.core.errors import DomainError

ACCEPTED_IMAGE_FORMATS = {"PNG", "JPEG", "WEBP", "GIF"}
MAX_SOURCE_PIXELS = 40_000_000  # refuse decompression bombs before decoding
PRIVATE_UPLOAD_FOLDER = "private"  # never served by /uploads/: its files need a permission check


class InvalidUpload(DomainError):
    status_code = 400


def read_limited(stream, max_bytes: int) -> bytes:
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InvalidUpload(_l("The file is larger than %(size)s MB."), size=round(max_bytes / 1024 / 1024, 1))
    if not data:
        raise InvalidUpload(_l("The file is empty."))
    return data


def process_image(data: bytes, *, max_pixels: int) -> bytes:
    """Decode ``data`` as an image and re-encode it as PNG, at most ``max_pixels`` on a side.

    Re-encoding drops metadata (GPS position, camera) and anything hidden after the image.
    """
    try:
        with Image.open(BytesIO(data)) as probe:
            if probe.format not in ACCEPTED_IMAGE_FORMATS:
                raise InvalidUpload(_l("Upload a PNG, JPEG, WebP or GIF image."))
            if probe.width * probe.height > MAX_SOURCE_PIXELS:
                raise InvalidUpload(_l("The image has too many pixels."))
            probe.verify()
        with Image.open(BytesIO(data)) as image:
            image.load()
            image = image.convert("RGBA")
            image.thumbnail((max_pixels, max_pixels))
            output = BytesIO()
            image.save(output, format="PNG", optimize=True)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise InvalidUpload(_l("The file is not a valid image.")) from None
    return output.getvalue()


def store_upload(content: bytes, *, folder: str, suffix: str) -> str:
    """Write ``content`` under the upload folder with a random name; return its relative path."""
    relative = Path(folder) / f"{secrets.token_urlsafe(16)}{suffix}"
    target = Path(current_app.config["UPLOAD_FOLDER"]) / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)
    return relative.as_posix()


def save_image(file_storage, *, folder: str, max_bytes: int, max_pixels: int) -> str:
    """Check, clean and store an uploaded image; return the path to keep in the database."""
    data = read_limited(file_storage.stream, max_bytes)
    return store_upload(process_image(data, max_pixels=max_pixels), folder=folder, suffix=".png")


def delete_upload(relative_path: str | None) -> None:
    if relative_path:
        (Path(current_app.config["UPLOAD_FOLDER"]) / relative_path).unlink(missing_ok=True)
