"""Small helpers for the teams tests: image uploads and invitation links read from the outbox."""
from __future__ import annotations

import re
from io import BytesIO

from flask_babel import force_locale
from PIL import Image
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from app.extensions import db
from app.notifications.models import OutboxMessage

JOIN_LINK = re.compile(r"/teams/join/([A-Za-z0-9_-]+)")


def image_bytes(width: int = 64, height: int = 64, *, kind: str = "PNG") -> bytes:
    output = BytesIO()
    Image.new("RGB", (width, height), (20, 140, 60)).save(output, format=kind)
    return output.getvalue()


def upload(data: bytes, filename: str = "logo.png", content_type: str = "image/png") -> FileStorage:
    """What Flask-WTF hands a service for an uploaded file."""
    return FileStorage(stream=BytesIO(data), filename=filename, content_type=content_type)


def outbox_rows() -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def invitation_token(message: OutboxMessage | None = None) -> str:
    """The token in the join link of ``message`` (default: the newest outbox message)."""
    message = message or outbox_rows()[-1]
    return JOIN_LINK.search(message.body_text).group(1)


def english(error: Exception) -> str:
    """A refusal's message in English (the source language), whatever the default locale."""
    with force_locale("en"):
        return str(error)
