"""Pitch decks are PDFs checked by content, never by their name, and limited in size."""
from pathlib import Path

import pytest

from app.competitions.decks import DECK_FOLDER, check_pdf, read_deck, store_deck
from app.core.uploads import InvalidUpload
from tests.competitions.helpers import PDF, png_bytes, upload
from tests.core.pages import in_english


def test_check_pdf_accepts_a_pdf():
    assert check_pdf(PDF) is None


def test_check_pdf_accepts_trailing_whitespace_after_the_end_marker():
    assert check_pdf(PDF + b"\r\n \n") is None


def test_check_pdf_refuses_a_png_renamed_to_pdf():
    with pytest.raises(InvalidUpload) as refusal:
        read_deck(upload(png_bytes(), filename="deck.pdf"))

    assert in_english(refusal.value) == ("The pitch deck must be a PDF file. Export your slides as PDF and upload "
                                         "that file.")
    assert refusal.value.status_code == 400


def test_check_pdf_refuses_a_truncated_pdf():
    with pytest.raises(InvalidUpload) as refusal:
        check_pdf(PDF[:-7])

    assert in_english(refusal.value) == ("The PDF file is incomplete or damaged. Export it again and upload the new "
                                         "file.")


def test_check_pdf_refuses_an_end_marker_far_from_the_end():
    with pytest.raises(InvalidUpload):
        check_pdf(PDF + b"x" * 2000)


def pdf_of_size(size: int) -> bytes:
    return PDF[:-6] + b" " * (size - len(PDF)) + b"%%EOF\n"


def test_read_deck_refuses_a_file_over_the_limit(app, monkeypatch):
    monkeypatch.setitem(app.config, "DECK_MAX_BYTES", 1024 * 1024)

    with pytest.raises(InvalidUpload) as refusal:
        read_deck(upload(pdf_of_size(1024 * 1024 + 1)))

    assert in_english(refusal.value) == "The file is larger than 1.0 MB."
    assert refusal.value.status_code == 400


def test_read_deck_refuses_an_empty_file():
    with pytest.raises(InvalidUpload) as refusal:
        read_deck(upload(b""))

    assert in_english(refusal.value) == "The file is empty."


def test_default_deck_limit_is_20_megabytes(app):
    assert app.config["DECK_MAX_BYTES"] == 20 * 1024 * 1024


def test_a_deck_of_exactly_the_limit_is_accepted(app):
    data = pdf_of_size(20 * 1024 * 1024)

    assert read_deck(upload(data)) == data


def test_store_deck_keeps_it_in_the_private_folder(app):
    path = store_deck(PDF)

    assert path.startswith("private/decks/") and path.endswith(".pdf")
    assert DECK_FOLDER == "private/decks"
    assert (Path(app.config["UPLOAD_FOLDER"]) / path).read_bytes() == PDF


def test_private_files_are_not_served_by_the_public_upload_route(client):
    path = store_deck(PDF)

    assert client.get(f"/uploads/{path}").status_code == 404
    assert client.get(f"/uploads/logos/../{path}").status_code == 404
