"""core.text.fold: search that ignores Vietnamese diacritics, case and spacing."""
import unicodedata

import pytest

from app.core.text import fold


@pytest.mark.parametrize(("text", "folded"), [
    ("Nguyễn Thị Lan", "nguyen thi lan"),
    ("Cần Thơ", "can tho"),
    ("Đà Nẵng", "da nang"),
    ("đường ĐỎ", "duong do"),
    ("  Hải   Phòng \t\n", "hai phong"),
    ("HỒ CHÍ MINH", "ho chi minh"),
    ("Khởi nghiệp Xanh 2026", "khoi nghiep xanh 2026"),
    ("plain ascii", "plain ascii"),
])
def test_fold_strips_diacritics_case_and_extra_spaces(text, folded):
    assert fold(text) == folded


def test_fold_treats_decomposed_input_like_composed():
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Lan")
    assert (decomposed != "Nguyễn Thị Lan", fold(decomposed)) == (True, "nguyen thi lan")


@pytest.mark.parametrize("empty", [None, "", "   "])
def test_fold_of_nothing_is_empty_string(empty):
    assert fold(empty) == ""
