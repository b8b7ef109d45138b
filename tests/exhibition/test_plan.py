"""The floor plans: booth states, who has a booth, the SVG drawing, and a bounded number of queries."""
from __future__ import annotations

import re

import pytest
from flask import render_template_string
from flask_babel import force_locale

from app.exhibition.queries.plan import (
    HallPlan, PlanBooth, booth_table, hall_plans, natural_key, template_table, wrap_text,
)
from tests.exhibition.layout_helpers import a_hall_with_booths, plan_states, taken_booth, text
from tests.factories import make_booth, make_booth_type, make_edition, make_hall, make_stall

PLAN_MACRO = '{% from "exhibition/_plan.html" import floor_plan %}{{ floor_plan(plan, pick_links=pick_links) }}'


@pytest.fixture
def edition():
    return make_edition(slug="hai-phong")


@pytest.fixture
def english(app):
    """A request read in English, the source language."""
    with app.test_request_context(), force_locale("en"):
        yield


def draw(plan, *, pick_links=False) -> str:
    return render_template_string(PLAN_MACRO, plan=plan, pick_links=pick_links)


def test_hall_plans_give_each_booth_its_state_and_exhibitor(app, edition):
    hall = make_hall(edition, code="A", name_en="Agritech hall")
    make_booth(hall, code="A-10", x=6)
    make_booth(hall, code="A-2", x=3, is_held=True, hold_note="Diamond sponsor")
    taken = taken_booth(hall, code="A-12", x=9, organisation_name="Công ty Nông nghiệp Xanh")
    stall = make_stall(edition, organisation=taken.booking.application.organisation)
    make_hall(make_edition(), code="A")  # another edition's hall

    with app.test_request_context():
        plans = hall_plans(edition)

    assert [plan.hall.id for plan in plans] == [hall.id]
    assert [(b.code, b.state, b.exhibitor, b.stall_id, b.hold_note) for b in plans[0].booths] == [
        ("A-2", "held", None, None, "Diamond sponsor"),
        ("A-10", "free", None, None, None),
        ("A-12", "taken", "Công ty Nông nghiệp Xanh", stall.id, None),
    ]
    assert plans[0].counts == {"free": 1, "held": 1, "taken": 1}
    assert plans[0].slug == "hai-phong"


def test_hidden_stalls_are_not_linked(app, edition):
    hall = make_hall(edition)
    taken = taken_booth(hall, code="A-1", x=0)
    make_stall(edition, organisation=taken.booking.application.organisation, is_hidden=True)

    with app.test_request_context():
        assert hall_plans(edition)[0].booths[0].stall_id is None


def test_halls_come_in_their_order_and_can_be_chosen(app, edition):
    second = make_hall(edition, code="B", position=2)
    first = make_hall(edition, code="C", position=1)

    with app.test_request_context():
        assert [plan.hall.code for plan in hall_plans(edition)] == ["C", "B"]
        assert [plan.hall.id for plan in hall_plans(edition, hall_id=second.id)] == [second.id]
    assert first.id != second.id


def test_edition_without_halls_has_no_plans(app, edition):
    with app.test_request_context():
        assert hall_plans(edition) == []


def test_natural_order_of_codes():
    assert sorted(["A-10", "A-2", "B-1", "A-1", "A-02b"], key=natural_key) == ["A-1", "A-2", "A-02b", "A-10", "B-1"]


@pytest.mark.parametrize("booths", [5, 60])
def test_hall_plans_run_a_fixed_number_of_queries(app, edition, count_queries, booths):
    a_hall_with_booths(edition, booths)
    a_hall_with_booths(edition, booths, code="B")
    with app.test_request_context():
        with count_queries() as counter:
            plans = hall_plans(edition)
            assert sum(len(plan.booths) for plan in plans) == 2 * booths

    assert counter["n"] == 4  # halls, their villages (and venues), booths with exhibitors, stalls


def test_svg_marks_each_booth_with_its_code_and_state(english, edition):
    hall = make_hall(edition, code="A", width=30, depth=12)
    make_booth(hall, code="A-11", x=0)
    make_booth(hall, code="A-13", x=6, is_held=True)
    taken_booth(hall, code="A-12", x=3, organisation_name="Công ty Cổ phần Công nghệ Nông nghiệp Xanh Hải Phòng")

    page = draw(hall_plans(edition)[0])

    assert plan_states(page) == {"A-11": "free", "A-12": "taken", "A-13": "held"}
    assert '<svg class="floor-plan-svg" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 30.0 12.0"' in page
    assert 'role="img"' in page
    assert re.search(r'aria-label="Floor plan of Hall A: 1 free, 1 held and 1 taken booths\.', page)
    taken_group = re.search(r'<g [^>]*data-code="A-12".*?</g>', page, re.S).group(0)
    assert text(re.search(r"<title>(.*?)</title>", taken_group, re.S).group(1)) == (
        "A-12 · Taken · Công ty Cổ phần Công nghệ Nông nghiệp Xanh Hải Phòng · Standard shell scheme 3×3 m (3 × 3 m)")
    assert re.findall(r'<text class="booth-(code|exhibitor)" x="4.5" y="([\d.]+)" font-size="([\d.]+)"[^>]*>([^<]*)</text>',
                      taken_group) == [("code", "0.925", "0.9", "A-12"), ("exhibitor", "1.73", "0.5", "Công ty"),
                                       ("exhibitor", "2.305", "0.5", "Cổ phần…")]


def test_legend_names_each_state_with_its_count(english, edition):
    hall = make_hall(edition)
    make_booth(hall, code="A-1", x=0)
    make_booth(hall, code="A-2", x=3)
    taken_booth(hall, code="A-3", x=6)

    page = draw(hall_plans(edition)[0])

    legend = re.findall(r'<li class="list-inline-item" data-legend="(\w+)">(.*?)</li>', page, re.S)
    assert [(state, text(item)) for state, item in legend] == [("free", "Free (2)"), ("held", "Held (0)"),
                                                               ("taken", "Taken (1)")]


def test_text_list_repeats_the_booths_for_screen_readers(english, edition):
    hall = make_hall(edition)
    make_booth(hall, code="A-1", x=0, is_held=True, hold_note="Sân khấu")
    taken_booth(hall, code="A-2", x=3, organisation_name="Công ty Xanh")

    page = draw(hall_plans(edition)[0])

    rows = re.findall(r'<tr data-code="([^"]+)" data-state="(\w+)">(.*?)</tr>', page, re.S)
    assert [(code, state, text(cells)) for code, state, cells in rows] == [
        ("A-1", "held", "A-1 Held (Sân khấu) Standard shell scheme 3×3 m · 3 × 3 m"),
        ("A-2", "taken", "A-2 Taken Công ty Xanh Standard shell scheme 3×3 m · 3 × 3 m"),
    ]


def test_taken_booths_link_to_the_exhibitors_stall(english, edition):
    hall = make_hall(edition)
    with_stall = taken_booth(hall, code="A-1", x=0)
    stall = make_stall(edition, organisation=with_stall.booking.application.organisation)
    taken_booth(hall, code="A-2", x=3)

    page = draw(hall_plans(edition)[0])

    assert re.findall(r'<a href="([^"]+)" tabindex="-1" aria-hidden="true">\s*<g [^>]*data-code="([^"]+)"', page) == [
        (f"/e/hai-phong/stalls/{stall.id}", "A-1")]


def test_free_booths_link_to_picking_only_when_asked(english, edition):
    hall = make_hall(edition)
    free = make_booth(hall, code="A-1", x=0)
    make_booth(hall, code="A-2", x=3, is_held=True)

    plan = hall_plans(edition)[0]
    without, with_links = draw(plan), draw(plan, pick_links=True)

    assert "/pick" not in without
    assert re.findall(r'<a href="([^"]+)" tabindex="-1"', with_links) == [
        f"/e/hai-phong/exhibition/booths/{free.id}/pick"]


def test_exhibitor_names_are_wrapped_to_fit_the_booth():
    def lines(width, name):
        return PlanBooth(1, "A-1", 0, 0, width, 3, "taken", "Standard", exhibitor=name).exhibitor_lines

    assert lines(3, "Xanh") == ["Xanh"]
    assert lines(3, "Công ty Cổ phần Xanh") == ["Công ty", "Cổ phần…"]
    assert lines(12, "Công ty Cổ phần Công nghệ Xanh Hải Phòng") == ["Công ty Cổ phần Công nghệ Xanh Hải", "Phòng"]
    assert PlanBooth(1, "A-1", 0, 0, 3, 3, "free", "Standard").exhibitor_lines == []


def test_wrap_text():
    assert wrap_text("Vinasoftwaretech", 9) == ["Vinasoft…"]
    assert wrap_text("Công ty Xanhxanhxanhxanh Hai", 9) == ["Công ty", "Xanhxanh…"]
    assert wrap_text("Công ty Cổ phần Nông nghiệp Xanh Hải Phòng", 30) == ["Công ty Cổ phần Nông nghiệp", "Xanh Hải Phòng"]
    assert wrap_text("Một hai ba bốn năm sáu", 7, max_lines=1) == ["Một…"]
    assert wrap_text("Một hai ba bốn năm sáu", 8, max_lines=1) == ["Một hai…"]


def test_booth_table_is_what_the_import_reads_back(english, edition):
    hall = make_hall(edition)
    make_booth(hall, code="A-1", x=0, y=1.5)
    taken_booth(hall, code="A-2", x=3, organisation_name="Công ty Xanh", width=4.5)

    header, rows = booth_table(hall_plans(edition))

    assert header == ["code", "type", "x", "y", "width", "depth", "state", "exhibitor"]
    assert rows == [["A-1", "Standard shell scheme 3×3 m", "0", "1.5", "3", "3", "free", ""],
                    ["A-2", "Standard shell scheme 3×3 m", "3", "0", "4.5", "3", "taken", "Công ty Xanh"]]


def test_template_table_uses_the_first_booth_type(english, edition):
    booth_type = make_booth_type(edition, name_en="Startup pod", width=2)

    assert template_table([booth_type]) == (["code", "type", "x", "y", "width", "depth"], [
            ["A-01", "Startup pod", "0", "0", "", ""], ["A-02", "Startup pod", "2", "0", "", ""],
        ["A-03", "Startup pod", "4", "0", "", ""]])


def test_plan_counts():
    booths = [PlanBooth(n, f"A-{n}", 0, 0, 3, 3, state, "Standard") for n, state in enumerate(["free", "taken", "free"])]
    assert HallPlan(None, "x", booths).counts == {"free": 2, "held": 0, "taken": 1}
    assert HallPlan(None, "x", booths).booth("A-1").state == "taken"
