"""Floor-plan rules and booth CSV files, on plain data (no database)."""
from __future__ import annotations

import pytest
from flask_babel import force_locale
from hypothesis import given
from hypothesis import strategies as st

from app.exhibition.layout import (
    BoothTypeChoice, CsvBooth, ExistingBooth, Footprint, check_import, code_problem, find_overlaps, is_inside,
    metres, normalise_code, overlap, parse_booth_csv, parse_metres,
)

STANDARD = BoothTypeChoice(1, "Gian tiêu chuẩn 3×3 m", "Standard 3×3 m", 3.0, 3.0)
DOUBLE = BoothTypeChoice(2, "Gian đôi", "Double booth", 6.0, 3.0)
TYPES = [STANDARD, DOUBLE]


@pytest.fixture(autouse=True)
def english():
    """Messages in the source language (the default locale is Vietnamese)."""
    with force_locale("en"):
        yield


def booth(code="A-1", x=0.0, y=0.0, width=3.0, depth=3.0) -> Footprint:
    return Footprint(code, x, y, width, depth)


def messages(result) -> list[tuple[int, str]]:
    return [(error.line, str(error.message)) for error in result]


def parsed(text: str | bytes, types=TYPES):
    return parse_booth_csv(text.encode("utf-8") if isinstance(text, str) else text, types)


# Inside the hall ------------------------------------------------------------------------

def test_booth_touching_the_walls_is_inside():
    assert is_inside(booth(x=0, y=0), 3, 3) is True
    assert is_inside(booth(x=57, y=27), 60, 30) is True


def test_booth_past_a_wall_is_outside():
    assert [is_inside(b, 60, 30) for b in (
        booth(x=-0.5), booth(y=-0.1), booth(x=57.5), booth(y=27.01), booth(width=61))] == [False] * 5


def test_booth_inside_despite_float_rounding():
    assert is_inside(booth(x=0.1 + 0.2, width=2.7), 3.0, 3.0) is True


# Overlaps -------------------------------------------------------------------------------

def test_booths_sharing_an_edge_or_a_corner_do_not_overlap():
    assert overlap(booth(x=0), booth("A-2", x=3)) is False
    assert overlap(booth(y=0), booth("A-2", y=3)) is False
    assert overlap(booth(), booth("A-2", x=3, y=3)) is False


def test_booths_sharing_some_area_overlap():
    assert overlap(booth(), booth("A-2", x=2.9)) is True
    assert overlap(booth(width=6), booth("A-2", x=1, y=1, width=1, depth=1)) is True  # one inside the other


def test_find_overlaps_lists_each_pair_once_in_input_order():
    booths = [booth("A-1", x=0), booth("A-2", x=3), booth("A-3", x=2), booth("A-4", x=10), booth("A-5", x=4)]

    pairs = find_overlaps(booths)

    assert [(a.code, b.code) for a, b in pairs] == [("A-1", "A-3"), ("A-2", "A-3"), ("A-2", "A-5"), ("A-3", "A-5")]


def test_find_overlaps_of_a_clean_row_is_empty():
    assert find_overlaps([booth(f"A-{n}", x=3.0 * n) for n in range(20)]) == []


rectangles = st.builds(
    Footprint, st.sampled_from(["A", "B", "C", "D", "E", "F"]),
    st.integers(0, 20).map(float), st.integers(0, 20).map(float),
    st.integers(1, 6).map(float), st.integers(1, 6).map(float))


@given(st.lists(rectangles, max_size=8))
def test_find_overlaps_agrees_with_comparing_every_pair(booths):
    expected = [(booths[i], booths[j]) for i in range(len(booths)) for j in range(i + 1, len(booths))
                if overlap(booths[i], booths[j])]
    assert find_overlaps(booths) == expected


@given(rectangles, rectangles)
def test_overlap_is_symmetric_and_needs_positive_area(first, second):
    across = min(first.right, second.right) - max(first.x, second.x)
    down = min(first.bottom, second.bottom) - max(first.y, second.y)
    assert overlap(first, second) == overlap(second, first) == (across > 0 and down > 0)


# Codes and numbers ----------------------------------------------------------------------

def test_codes_are_trimmed_and_upper_case():
    assert normalise_code("  a-12 ") == "A-12"
    assert normalise_code("b  7") == "B 7"


def test_code_problems():
    assert [str(code_problem(code)) if code_problem(code) else None for code in ("A-12", "", "X" * 21, "-A", "A;1")] == [
        None, "Give the booth a code, e.g. A-12.", "A booth code has at most 20 characters.",
        "A booth code uses letters, digits, spaces, dots, dashes and slashes, e.g. A-12.",
        "A booth code uses letters, digits, spaces, dots, dashes and slashes, e.g. A-12."]


def test_parse_metres_accepts_decimal_commas():
    assert [parse_metres(v) for v in ("3", "2.5", "2,5", " 4,75 ", ",5", "abc", "1.2.3", "")] == [
        3.0, 2.5, 2.5, 4.75, 0.5, None, None, None]


def test_metres_drops_useless_decimals():
    assert [metres(v) for v in (3.0, 2.5, 0.125, 60.0)] == ["3", "2.5", "0.125", "60"]


# Reading CSV files ----------------------------------------------------------------------

def test_csv_with_comma_separators():
    result = parsed("code,type,x,y,width,depth\nA-01,Standard 3×3 m,0,0,,\nA-02,2,3,0,6,4\n")

    assert result.errors == []
    assert result.booths == [
        CsvBooth(2, Footprint("A-01", 0.0, 0.0, 3.0, 3.0), 1),
        CsvBooth(3, Footprint("A-02", 3.0, 0.0, 6.0, 4.0), 2),
    ]


def test_csv_from_vietnamese_excel_with_bom_semicolons_and_decimal_commas():
    text = "\ufeffcode;type;x;y;width;depth\r\na-01;Gian tiêu chuẩn 3×3 m;0;1,5;;\r\nA-02;gian doi;3,25;1,5;6;3\r\n"

    result = parsed(text.encode("utf-8"))

    assert result.errors == []
    assert [(b.line, b.code, b.footprint.x, b.footprint.y, b.footprint.width, b.booth_type_id) for b in result.booths] == [
        (2, "A-01", 0.0, 1.5, 3.0, 1), (3, "A-02", 3.25, 1.5, 6.0, 2)]


def test_csv_without_bom_and_columns_in_another_order_or_case():
    result = parsed("X,Y,Code,Type\n3,0,A-01,standard 3×3 M\n")

    assert result.errors == []
    assert result.booths == [CsvBooth(2, Footprint("A-01", 3.0, 0.0, 3.0, 3.0), 1)]


def test_csv_skips_empty_lines_and_keeps_real_line_numbers():
    result = parsed("\ncode,type,x,y\n\nA-01,1,0,0\n,,,\n\nA-02,1,zero,0\n")

    assert [b.line for b in result.booths] == [4]
    assert messages(result.errors) == [(7, "x: “zero” is not a number of metres.")]


def test_csv_ignores_the_columns_the_export_adds():
    result = parsed("code,type,x,y,width,depth,state,exhibitor\nA-01,1,0,0,3,3,taken,Công ty Xanh\n")

    assert (result.errors, len(result.booths)) == ([], 1)


def test_csv_line_errors_are_reported_with_their_line_numbers():
    result = parsed("code,type,x,y,width,depth\n"
                    "A-01,Kiosk,0,0,,\n"
                    ",1,0,0,,\n"
                    "A-03,1,-,0,,\n"
                    "A-04,1,0,0,0,3\n"
                    "A-05,,0,0,,\n")

    assert result.booths == []
    assert messages(result.errors) == [
        (2, "Unknown booth type “Kiosk”."),
        (3, "Give the booth a code, e.g. A-12."),
        (4, "x: “-” is not a number of metres."),
        (5, "width must be more than 0 metres."),
        (6, "The booth type is missing."),
    ]


def test_csv_with_an_ambiguous_type_name():
    types = [STANDARD, BoothTypeChoice(3, "Standard 3x3", "Standard 3×3 m", 3, 3)]

    result = parsed("code,type,x,y\nA-01,Standard 3×3 m,0,0\nA-02,3,3,0\n", types)

    assert messages(result.errors) == [
        (2, "Several booth types are called “Standard 3×3 m”: use the type's number instead.")]
    assert [b.booth_type_id for b in result.booths] == [3]


def test_csv_with_a_bad_header():
    result = parsed("code;kind;x;x\nA-01;1;0;0\n")

    assert result.booths == []
    assert messages(result.errors) == [
        (1, "Unknown column “kind”: the columns are code, type, x, y, width, depth."),
        (1, "The column “type” is missing."),
        (1, "The column “y” is missing."),
        (1, "The column “x” appears twice."),
    ]


def test_csv_that_is_empty_or_only_a_header():
    assert messages(parsed("").errors) == [(1, "The file is empty.")]
    assert messages(parsed("\ufeff\n \n").errors) == [(1, "The file is empty.")]
    assert messages(parsed("code,type,x,y\n").errors) == [(1, "The file has no booths under its header row.")]


def test_csv_that_is_not_utf8():
    result = parsed("code,type,x,y\nĐ-01,1,0,0\n".encode("cp1258"))

    assert messages(result.errors) == [(1, "The file is not UTF-8 text. In Excel, save it as “CSV UTF-8”.")]


def test_csv_with_a_quoted_decimal_comma_in_a_comma_separated_file():
    result = parsed('code,type,x,y\nA-01,1,"1,5",0\n')

    assert [b.footprint.x for b in result.booths] == [1.5]


# Checking an import against the hall -------------------------------------------------------

def rows(*footprints) -> list[CsvBooth]:
    return [CsvBooth(line, footprint, 1) for line, footprint in enumerate(footprints, start=2)]


def check(booths, existing=()):
    return messages(check_import(booths, hall_id=1, hall_width=12, hall_depth=6, existing=list(existing)))


def test_import_that_fits():
    assert check(rows(booth("A-01", x=0), booth("A-02", x=3), booth("A-03", x=9, y=3))) == []


def test_import_refuses_duplicate_codes_outside_booths_and_overlaps_in_the_file():
    problems = check(rows(booth("A-01"), booth("A-02", x=2), booth("A-01", x=6), booth("A-04", x=10)))

    assert problems == [
        (3, "Booth A-02 overlaps booth A-01 (line 2)."),
        (4, "The code A-01 is already used on line 2."),
        (5, "Booth A-04 does not fit in the hall (12 × 6 m)."),
    ]


def test_import_refuses_overlaps_with_booths_left_on_the_plan():
    existing = [ExistingBooth(booth("A-09", x=6), 1, "A"), ExistingBooth(booth("A-10", x=0, y=3), 1, "A")]

    assert check(rows(booth("A-01", x=5)), existing) == [(2, "Booth A-01 overlaps booth A-09 already on the plan.")]


def test_import_moves_booths_whose_codes_it_lists():
    existing = [ExistingBooth(booth("A-01", x=0), 1, "A"), ExistingBooth(booth("A-02", x=3), 1, "A")]

    # A-02 moves away and A-01 takes its place: the old positions no longer count.
    assert check(rows(booth("A-01", x=3), booth("A-02", x=9)), existing) == []


def test_import_refuses_codes_of_another_hall():
    existing = [ExistingBooth(booth("B-01", x=0), 2, "B")]

    assert check(rows(booth("B-01", x=0)), existing) == [(2, "The code B-01 is already used in hall B.")]
