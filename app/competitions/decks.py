"""Pitch decks: PDF only, checked by content (never by the file's name), size-limited, stored privately.

Decks and entry images live under the private upload folder, which ``/uploads/`` does not
serve: the competitions routes send them after a permission check.
"""
from __future__ import annotations

from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l

from app.core.uploads import PRIVATE_UPLOAD_FOLDER, InvalidUpload, read_limited, store_upload

DECK_FOLDER = f"{PRIVATE_UPLOAD_FOLDER}/decks"
IMAGE_FOLDER = f"{PRIVATE_UPLOAD_FOLDER}/entries"
PDF_HEADER = b"%PDF-"
# Readers look for the end-of-file marker in the last kilobyte (trailing whitespace or junk is common).
EOF_WINDOW = 1024


def check_pdf(data: bytes) -> None:
    """Refuse anything that is not a PDF document: it starts with ``%PDF-`` and ends with ``%%EOF``."""
    if not data.startswith(PDF_HEADER):
        raise InvalidUpload(_l("The pitch deck must be a PDF file. Export your slides as PDF and upload that file."))
    if b"%%EOF" not in data[-EOF_WINDOW:]:
        raise InvalidUpload(_l("The PDF file is incomplete or damaged. Export it again and upload the new file."))


def read_deck(file_storage) -> bytes:
    """The bytes of an uploaded deck, refused if larger than ``DECK_MAX_BYTES``, empty or not a PDF."""
    data = read_limited(file_storage.stream, current_app.config["DECK_MAX_BYTES"])
    check_pdf(data)
    return data


def store_deck(data: bytes) -> str:
    """Keep a checked deck under a random name; return the path to store in the database."""
    return store_upload(data, folder=DECK_FOLDER, suffix=".pdf")


def absolute_path(relative_path: str) -> Path:
    return Path(current_app.config["UPLOAD_FOLDER"]) / relative_path
