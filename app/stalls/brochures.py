"""Brochures: PDF only, checked by content (never by the file's name), size-limited, stored privately.

Brochures live under the private upload folder, which ``/uploads/`` does not serve: the stall
routes send them as attachments, and only while the stall is open to its visitors.
"""
from __future__ import annotations

from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l

from app.core.uploads import PRIVATE_UPLOAD_FOLDER, InvalidUpload, read_limited

BROCHURE_FOLDER = f"{PRIVATE_UPLOAD_FOLDER}/brochures"
BROCHURE_MAX_BYTES = 10 * 1024 * 1024
PDF_HEADER = b"%PDF-"
PDF_END = b"%%EOF"
# Readers look for the end-of-file marker in the last kilobyte (trailing whitespace or junk is common).
EOF_WINDOW = 1024


def check_pdf(data: bytes) -> None:
    """Refuse anything that is not a PDF document: it starts with ``%PDF-`` and ends with ``%%EOF``."""
    if not data.startswith(PDF_HEADER):
        raise InvalidUpload(_l("A brochure must be a PDF file. Export your document as PDF and upload that file."))
    if PDF_END not in data[-EOF_WINDOW:]:
        raise InvalidUpload(_l("The PDF file is incomplete or damaged. Export it again and upload the new file."))


def read_brochure(stream, *, max_bytes: int = BROCHURE_MAX_BYTES) -> bytes:
    """The bytes of an uploaded brochure, refused if empty, larger than ``max_bytes`` or not a PDF."""
    data = read_limited(stream, max_bytes)
    check_pdf(data)
    return data


def absolute_path(relative_path: str) -> Path:
    """Where a stored brochure is on disk."""
    return Path(current_app.config["UPLOAD_FOLDER"]) / relative_path
