"""Builders and readers shared by the virtual stall tests."""
from __future__ import annotations

import html
import re
from datetime import UTC, datetime
from io import BytesIO

from flask_babel import force_locale
from PIL import Image

from app.accounts.models import Role
from tests.factories import make_exhibition, make_user

EXIF_MAKE = 0x010F
OPENS = datetime(2026, 11, 30, 17, 0, tzinfo=UTC)  # 1 December 2026, 00:00 in Viet Nam
CLOSES = datetime(2026, 12, 31, 17, 0, tzinfo=UTC)  # 1 January 2027, 00:00 in Viet Nam
DURING = datetime(2026, 12, 10, 3, 0, tzinfo=UTC)  # 10 December 2026, 10:00 in Viet Nam


def person(**fields):
    """An account that reads the site in English (the source language)."""
    return make_user(locale="en", **fields)


def admin():
    return person(roles=(Role.ADMIN,))


def english(error: Exception) -> str:
    with force_locale("en"):
        return str(error)


def with_window(edition, **fields):
    """The edition's online window: all of December 2026 (Viet Nam time)."""
    return make_exhibition(edition, online_opens_at=OPENS, online_closes_at=CLOSES, **fields)


INLINE_TAG = re.compile(r"</?(a|time|strong|em|span|code|b|i)\b[^>]*>")


def visible(markup: str) -> str:
    """Text of some HTML: inline tags vanish, other tags separate words, spaces squashed."""
    markup = re.sub(r"<(script|style)\b.*?</\1>", " ", markup, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", INLINE_TAG.sub("", markup))).split())


def page_text(response) -> str:
    """The visible text of a page."""
    return visible(response.get_data(as_text=True))


def element_text(response, element_id: str) -> str | None:
    """The text inside the element with ``id`` (first level of nesting is enough for these pages)."""
    body = response.get_data(as_text=True)
    match = re.search(rf'<(\w+)[^>]*\bid="{re.escape(element_id)}"[^>]*>(.*?)</\1>', body, flags=re.S)
    return visible(match.group(2)) if match else None


def image_bytes(format: str = "PNG", size=(40, 30), colour=(200, 30, 30), **save_options) -> bytes:
    output = BytesIO()
    Image.new("RGB", size, colour).save(output, format=format, **save_options)
    return output.getvalue()


def jpeg_with_exif(size=(40, 30)) -> bytes:
    exif = Image.Exif()
    exif[EXIF_MAKE] = "SecretCam X100"
    return image_bytes("JPEG", size=size, exif=exif.tobytes())


def pdf_bytes(body: bytes = b"brochure") -> bytes:
    """A tiny PDF document: the header, some content, and the end-of-file marker."""
    return b"%PDF-1.7\n1 0 obj <<>> endobj\n% " + body + b"\ntrailer <<>>\n%%EOF\n"


def upload(data: bytes, filename: str):
    """A file for the test client's ``data=`` (multipart form)."""
    return (BytesIO(data), filename)
