"""Brochures are PDFs checked by their content, whatever the file is called."""
from io import BytesIO

import pytest

from app.core.uploads import InvalidUpload
from app.stalls.brochures import check_pdf, read_brochure
from tests.stalls.helpers import english, image_bytes, pdf_bytes

NOT_A_PDF = "A brochure must be a PDF file. Export your document as PDF and upload that file."
DAMAGED = "The PDF file is incomplete or damaged. Export it again and upload the new file."


def refusal(data: bytes) -> str:
    with pytest.raises(InvalidUpload) as refused:
        check_pdf(data)
    assert refused.value.status_code == 400
    return english(refused.value)


def test_check_pdf_accepts_a_pdf():
    assert check_pdf(pdf_bytes()) is None


def test_check_pdf_accepts_trailing_bytes_after_the_end_marker():
    assert check_pdf(pdf_bytes() + b"\r\n" + b" " * 900) is None


def test_check_pdf_refuses_an_html_file_renamed_pdf():
    assert refusal(b"<!doctype html><html><script>alert(1)</script></html>") == NOT_A_PDF


def test_check_pdf_refuses_a_png_renamed_pdf():
    assert refusal(image_bytes("PNG")) == NOT_A_PDF


def test_check_pdf_refuses_a_pdf_header_on_something_else():
    assert refusal(b"%PDF-1.7\n<html><script>alert(1)</script></html>") == DAMAGED


def test_check_pdf_refuses_a_truncated_pdf():
    assert refusal(pdf_bytes()[:-8]) == DAMAGED


def test_check_pdf_looks_for_the_end_marker_in_the_last_kilobyte_only():
    assert refusal(pdf_bytes() + b" " * 1100) == DAMAGED


def test_read_brochure_refuses_a_file_over_the_limit():
    with pytest.raises(InvalidUpload) as refused:
        read_brochure(BytesIO(pdf_bytes(b"x" * 1024 * 1024)), max_bytes=1024 * 1024)
    assert english(refused.value) == "The file is larger than 1.0 MB."


def test_read_brochure_refuses_an_empty_file():
    with pytest.raises(InvalidUpload) as refused:
        read_brochure(BytesIO(b""))
    assert english(refused.value) == "The file is empty."


def test_read_brochure_returns_the_bytes_of_a_pdf():
    assert read_brochure(BytesIO(pdf_bytes())) == pdf_bytes()
