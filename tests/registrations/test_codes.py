"""Check-in codes: what people type or scan becomes the stored code."""
import io

import pytest
from PIL import Image

from app.registrations.codes import ALPHABET, CODE_LENGTH, display_code, new_code, normalise_code, qr_png, qr_svg


@pytest.mark.parametrize(("typed", "code"), [
    ("7K3QX9MB", "7K3QX9MB"),
    ("7k3qx9mb", "7K3QX9MB"),
    ("7K3Q-X9MB", "7K3QX9MB"),
    ("  7K3Q X9MB\n", "7K3QX9MB"),
    ("http://127.0.0.1:5000/r/7K3QX9MB", "7K3QX9MB"),
    ("https://techfest.vn/r/7k3q-x9mb/", "7K3QX9MB"),
    ("OIL0-U1AB", "0110V1AB"),  # O→0, I and L→1, U→V: letters Crockford's alphabet leaves out
    ("", ""),
    (None, ""),
])
def test_normalise_code(typed, code):
    assert normalise_code(typed) == code


def test_new_code_uses_the_unambiguous_alphabet():
    codes = {new_code() for _ in range(200)}

    assert len(codes) == 200
    assert all(len(code) == CODE_LENGTH and set(code) <= set(ALPHABET) for code in codes)
    assert not set("ILOU") & set(ALPHABET)


def test_display_code_splits_in_two_groups():
    assert display_code("7K3QX9MB") == "7K3Q-X9MB"


def test_qr_png_is_an_image():
    with Image.open(io.BytesIO(qr_png("http://127.0.0.1:5000/r/7K3QX9MB"))) as image:
        assert (image.format, image.width == image.height) == ("PNG", True)


def test_qr_svg_is_inline_markup():
    svg = qr_svg("http://127.0.0.1:5000/r/7K3QX9MB")

    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")
    assert "<?xml" not in svg
