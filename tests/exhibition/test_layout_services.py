"""Setting up the exhibition: settings, days, halls, booth types, booths on the plan, CSV import."""
from __future__ import annotations

from datetime import UTC, date, datetime, time
from io import BytesIO

import pytest
from flask_babel import force_locale
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from app.core.errors import Conflict
from app.core.uploads import InvalidUpload
from app.exhibition.models import Booth, BoothType, Exhibition, ExhibitionDay, Hall
from app.exhibition.services import layout as services
from app.exhibition.services.layout import BoothFileRefused, LayoutRefused
from app.extensions import db
from tests.exhibition.layout_helpers import taken_booth
from tests.factories import (
    make_booth, make_booth_application, make_booth_type, make_edition, make_exhibition, make_hall, make_venue,
    make_village,
)


@pytest.fixture(autouse=True)
def english():
    with force_locale("en"):
        yield


@pytest.fixture
def edition():
    return make_edition(slug="hai-phong", starts_on=date(2026, 12, 10), ends_on=date(2026, 12, 12))


@pytest.fixture
def hall(edition):
    return make_hall(edition, code="A", width=12, depth=6)


@pytest.fixture
def standard(edition):
    return make_booth_type(edition, name_en="Standard 3×3 m", name_vi="Gian tiêu chuẩn")


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def booths() -> list[tuple]:
    return [tuple(row) for row in db.session.execute(
        select(Booth.hall_id, Booth.code, Booth.booth_type_id, Booth.x, Booth.y, Booth.width, Booth.depth)
        .order_by(Booth.code))]


def settings(**changes) -> dict:
    return dict(dict(applications_open=True, exhibitors_pick_booths=False, booths_per_exhibitor=1,
                     setup_starts_at=utc(2026, 12, 9, 1), setup_ends_at=utc(2026, 12, 9, 10),
                     online_opens_at=None, online_closes_at=None, stall_owners_see_analytics=True,
                     notes_vi="Mang theo ổ cắm", notes_en=" "), **changes)


def refusal(error) -> tuple[type, str, str | None]:
    return type(error.value), str(error.value), getattr(error.value, "field", None)


# Settings and days ------------------------------------------------------------------------

def test_first_save_creates_the_exhibition(edition):
    exhibition = services.save_exhibition_settings(edition, **settings())

    saved = db.session.scalars(select(Exhibition)).one()
    assert saved.id == exhibition.id
    assert (saved.edition_id, saved.applications_open, saved.exhibitors_pick_booths, saved.booths_per_exhibitor,
            saved.setup_starts_at, saved.setup_ends_at, saved.online_opens_at, saved.stall_owners_see_analytics,
            saved.notes_vi, saved.notes_en) == (
        edition.id, True, False, 1, utc(2026, 12, 9, 1), utc(2026, 12, 9, 10), None, True, "Mang theo ổ cắm", None)


def test_saving_again_changes_the_same_exhibition(edition):
    first = make_exhibition(edition, applications_open=False)

    services.save_exhibition_settings(edition, **settings(booths_per_exhibitor=2, exhibitors_pick_booths=True,
                                                         online_opens_at=utc(2026, 12, 1),
                                                         online_closes_at=utc(2027, 1, 1)))

    saved = db.session.scalars(select(Exhibition)).one()
    assert (saved.id, saved.applications_open, saved.exhibitors_pick_booths, saved.booths_per_exhibitor,
            saved.online_opens_at, saved.online_closes_at) == (
        first.id, True, True, 2, utc(2026, 12, 1), utc(2027, 1, 1))


@pytest.mark.parametrize("changes, message, field", [
    (dict(setup_ends_at=utc(2026, 12, 9, 1)), "Set-up must end after it starts.", "setup_ends_at"),
    (dict(online_opens_at=utc(2026, 12, 2), online_closes_at=utc(2026, 12, 1)),
     "The virtual stalls must close after they open.", "online_closes_at"),
    (dict(booths_per_exhibitor=0), "An exhibitor may have at least one booth.", "booths_per_exhibitor"),
])
def test_settings_refusals(edition, changes, message, field):
    with pytest.raises(LayoutRefused) as error:
        services.save_exhibition_settings(edition, **settings(**changes))

    assert refusal(error) == (LayoutRefused, message, field)
    assert error.value.status_code == 422
    assert db.session.scalars(select(Exhibition)).all() == []


def days() -> list[tuple]:
    return [tuple(row) for row in db.session.execute(
        select(ExhibitionDay.day, ExhibitionDay.opens_at, ExhibitionDay.closes_at).order_by(ExhibitionDay.day))]


def test_adding_a_day_creates_the_exhibition_when_needed(edition):
    services.add_exhibition_day(edition, day=date(2026, 12, 11), opens_at=time(8), closes_at=time(17, 30))
    services.add_exhibition_day(edition, day=date(2026, 12, 10), opens_at=time(9), closes_at=time(18))

    assert days() == [(date(2026, 12, 10), time(9), time(18)), (date(2026, 12, 11), time(8), time(17, 30))]
    assert len(db.session.scalars(select(Exhibition)).all()) == 1


def test_adding_a_day_again_changes_its_hours(edition):
    make_exhibition(edition, days=(date(2026, 12, 10),))

    services.add_exhibition_day(edition, day=date(2026, 12, 10), opens_at=time(7), closes_at=time(12))

    assert days() == [(date(2026, 12, 10), time(7), time(12))]


@pytest.mark.parametrize("day, opens_at, closes_at, message, field", [
    (date(2026, 12, 10), time(17), time(8), "The exhibition must close after it opens.", "closes_at"),
    (date(2026, 12, 10), time(8), time(8), "The exhibition must close after it opens.", "closes_at"),
    (date(2026, 12, 13), time(8), time(17), "Choose a day of the festival, between 2026-12-10 and 2026-12-12.", "day"),
])
def test_day_refusals(edition, day, opens_at, closes_at, message, field):
    with pytest.raises(LayoutRefused) as error:
        services.add_exhibition_day(edition, day=day, opens_at=opens_at, closes_at=closes_at)

    assert refusal(error) == (LayoutRefused, message, field)
    assert days() == []


def test_remove_a_day(edition):
    exhibition = make_exhibition(edition, days=(date(2026, 12, 10), date(2026, 12, 11)))

    services.remove_exhibition_day(exhibition.days[0])

    assert days() == [(date(2026, 12, 11), time(8), time(17, 30))]


# Halls ------------------------------------------------------------------------------------

def halls() -> list[tuple]:
    return [tuple(row) for row in db.session.execute(
        select(Hall.code, Hall.name_vi, Hall.name_en, Hall.width, Hall.depth, Hall.village_id, Hall.venue_id)
        .order_by(Hall.id))]


def hall_fields(**changes) -> dict:
    return dict(dict(code=" b ", name_vi="Khu  Nông nghiệp", name_en="Agritech hall", width=40.0, depth=20.5), **changes)


def test_create_a_hall(edition):
    village, venue = make_village(edition), make_venue(edition)

    services.save_hall(edition, **hall_fields(village_id=village.id, venue_id=venue.id))

    assert halls() == [("B", "Khu Nông nghiệp", "Agritech hall", 40.0, 20.5, village.id, venue.id)]


def test_hall_codes_are_unique_per_edition(edition, hall):
    make_hall(make_edition(), code="B")  # another edition may use B

    with pytest.raises(Conflict) as error:
        services.save_hall(edition, **hall_fields(code="a"))
    services.save_hall(edition, **hall_fields(code="B"))

    assert refusal(error) == (Conflict, "Another hall already uses the code A.", "code")
    assert [row[0] for row in halls()] == ["A", "B", "B"]


@pytest.mark.parametrize("changes, message, field", [
    (dict(code=""), "Give the hall a short code (at most 10 characters), e.g. A.", "code"),
    (dict(width=0), "The width must be more than 0 metres.", "width"),
    (dict(depth=-1), "The depth must be more than 0 metres.", "depth"),
])
def test_hall_refusals(edition, changes, message, field):
    with pytest.raises(LayoutRefused) as error:
        services.save_hall(edition, **hall_fields(**changes))

    assert refusal(error) == (LayoutRefused, message, field)


def test_hall_village_and_venue_must_be_the_editions(edition):
    elsewhere = make_edition()

    with pytest.raises(LayoutRefused) as village_error:
        services.save_hall(edition, **hall_fields(village_id=make_village(elsewhere).id))
    with pytest.raises(LayoutRefused) as venue_error:
        services.save_hall(edition, **hall_fields(venue_id=make_venue(elsewhere).id))

    assert refusal(village_error) == (LayoutRefused, "Choose a village of this edition.", "village_id")
    assert refusal(venue_error) == (LayoutRefused, "Choose a venue of this edition.", "venue_id")
    assert halls() == []


def test_shrinking_a_hall_is_refused_while_booths_stick_out(edition, hall, standard):
    make_booth(hall, code="A-1", x=0, booth_type=standard)
    make_booth(hall, code="A-2", x=9, booth_type=standard)

    with pytest.raises(Conflict) as error:
        services.save_hall(edition, hall, **hall_fields(code="A", width=10, depth=6))
    services.save_hall(edition, hall, **hall_fields(code="A", width=12, depth=3))

    assert refusal(error) == (Conflict, "1 booths would be outside the hall (A-2). Move them first.", "width")
    assert [(row[3], row[4]) for row in halls()] == [(12, 3)]


def test_delete_a_hall_with_its_free_booths(edition, hall, standard):
    make_booth(hall, code="A-1", x=0, booth_type=standard)

    services.delete_hall(hall)

    assert (halls(), booths()) == ([], [])


def test_a_hall_with_taken_booths_is_not_deleted(edition, hall, standard):
    taken_booth(hall, code="A-1", x=0, booth_type=standard)

    with pytest.raises(Conflict) as error:
        services.delete_hall(hall)

    assert str(error.value) == "1 booths of this hall are taken by exhibitors. Move them to another booth first."
    assert len(halls()) == 1


# Booth types ------------------------------------------------------------------------------

def booth_types() -> list[tuple]:
    return [tuple(row) for row in db.session.execute(
        select(BoothType.name_vi, BoothType.name_en, BoothType.width, BoothType.depth, BoothType.includes_vi,
               BoothType.includes_en, BoothType.price_vnd, BoothType.for_startups).order_by(BoothType.id))]


def test_create_and_change_a_booth_type(edition):
    booth_type = services.save_booth_type(edition, name_vi="Gian đôi", name_en="Double", width=6, depth=3,
                                          includes_vi="Bàn, 2 ghế", includes_en="", price_vnd=15_000_000)
    services.save_booth_type(edition, booth_type, name_vi="Gian đôi", name_en="Double booth", width=6, depth=3,
                             includes_vi="Bàn, 2 ghế", includes_en="A table, 2 chairs", price_vnd=0,
                             for_startups=True)

    assert booth_types() == [("Gian đôi", "Double booth", 6, 3, "Bàn, 2 ghế", "A table, 2 chairs", 0, True)]


def test_booth_type_refusals(edition):
    with pytest.raises(LayoutRefused) as price:
        services.save_booth_type(edition, name_vi="Gian", name_en="Booth", width=3, depth=3, price_vnd=-1)
    with pytest.raises(LayoutRefused) as size:
        services.save_booth_type(edition, name_vi="Gian", name_en="Booth", width=0, depth=3)

    assert refusal(price) == (LayoutRefused, "The price cannot be negative; 0 means free.", "price_vnd")
    assert refusal(size) == (LayoutRefused, "The width must be more than 0 metres.", "width")
    assert booth_types() == []


def test_unused_booth_type_is_deleted(edition, standard):
    services.delete_booth_type(standard)

    assert booth_types() == []


def test_booth_type_in_use_is_not_deleted(edition, hall, standard):
    make_booth(hall, booth_type=standard)
    applied = make_booth_type(edition, name_en="Applied for")
    make_booth_application(edition, booth_type=applied)

    with pytest.raises(Conflict) as on_plan:
        services.delete_booth_type(standard)
    with pytest.raises(Conflict) as applied_for:
        services.delete_booth_type(applied)

    assert str(on_plan.value) == "This booth type is used by 1 booths and 0 applications. Change them first."
    assert str(applied_for.value) == "This booth type is used by 0 booths and 1 applications. Change them first."
    assert len(booth_types()) == 2


# Booths -----------------------------------------------------------------------------------

def test_place_a_booth_of_the_types_size(hall, standard):
    booth = services.save_booth(hall, code=" a-12 ", booth_type_id=standard.id, x=3, y=1.5)

    assert booth.code == "A-12"
    assert booths() == [(hall.id, "A-12", standard.id, 3, 1.5, 3, 3)]


def test_place_a_booth_of_its_own_size(hall, standard):
    services.save_booth(hall, code="A-1", booth_type_id=standard.id, x=0, y=0, width=6, depth=2.5)

    assert booths() == [(hall.id, "A-1", standard.id, 0, 0, 6, 2.5)]


def test_booths_may_touch(hall, standard):
    make_booth(hall, code="A-1", x=3, y=0, booth_type=standard)

    for code, x, y in (("A-2", 0, 0), ("A-3", 6, 0), ("A-4", 3, 3), ("A-5", 6, 3)):
        services.save_booth(hall, code=code, booth_type_id=standard.id, x=x, y=y)

    assert [row[1] for row in booths()] == ["A-1", "A-2", "A-3", "A-4", "A-5"]


def test_overlapping_booth_is_refused(hall, standard):
    make_booth(hall, code="A-1", x=0, booth_type=standard)
    make_booth(hall, code="A-2", x=3, booth_type=standard)

    with pytest.raises(Conflict) as error:
        services.save_booth(hall, code="A-3", booth_type_id=standard.id, x=2, y=1)

    assert refusal(error) == (Conflict, "Booth A-3 would overlap booth A-1, A-2. Choose another place.", "x")
    assert error.value.status_code == 409
    assert [row[1] for row in booths()] == ["A-1", "A-2"]


def test_booths_in_other_halls_do_not_overlap(edition, hall, standard):
    make_booth(make_hall(edition, code="B"), code="B-1", x=0, booth_type=standard)

    services.save_booth(hall, code="A-1", booth_type_id=standard.id, x=0, y=0)

    assert [row[1] for row in booths()] == ["A-1", "B-1"]


@pytest.mark.parametrize("x, y, width", [(10, 0, None), (0, 4, None), (0, 0, 13)])
def test_booth_outside_the_hall_is_refused(hall, standard, x, y, width):
    with pytest.raises(LayoutRefused) as error:
        services.save_booth(hall, code="A-1", booth_type_id=standard.id, x=x, y=y, width=width)

    assert refusal(error) == (LayoutRefused, "Booth A-1 does not fit in the hall (12 × 6 m).", "x")
    assert booths() == []


def test_booth_codes_are_unique_in_the_edition(edition, hall, standard):
    make_booth(make_hall(edition, code="B"), code="B-1", booth_type=standard)

    with pytest.raises(Conflict) as error:
        services.save_booth(hall, code="b-1", booth_type_id=standard.id, x=0, y=0)

    assert refusal(error) == (Conflict, "The code B-1 is already used in hall B.", "code")


@pytest.mark.parametrize("code, message", [
    ("", "Give the booth a code, e.g. A-12."),
    ("A<12>", "A booth code uses letters, digits, spaces, dots, dashes and slashes, e.g. A-12."),
])
def test_bad_booth_codes_are_refused(hall, standard, code, message):
    with pytest.raises(LayoutRefused) as error:
        services.save_booth(hall, code=code, booth_type_id=standard.id, x=0, y=0)

    assert refusal(error) == (LayoutRefused, message, "code")


def test_booth_type_must_be_the_editions(hall):
    other_type = make_booth_type(make_edition())

    with pytest.raises(LayoutRefused) as error:
        services.save_booth(hall, code="A-1", booth_type_id=other_type.id, x=0, y=0)

    assert refusal(error) == (LayoutRefused, "Choose a booth type of this edition.", "booth_type_id")


def test_move_and_retype_a_booth(edition, hall, standard):
    booth = make_booth(hall, code="A-1", x=0, booth_type=standard)
    double = make_booth_type(edition, name_en="Double", width=6, depth=3)

    services.save_booth(hall, booth, code="A-1", booth_type_id=double.id, x=1, y=0)  # overlaps its old place only

    assert booths() == [(hall.id, "A-1", double.id, 1, 0, 6, 3)]


def test_a_taken_booth_may_move_but_not_onto_another(hall, standard):
    booth = taken_booth(hall, code="A-1", x=0, booth_type=standard)
    make_booth(hall, code="A-2", x=6, booth_type=standard)

    services.save_booth(hall, booth, code="A-1", booth_type_id=standard.id, x=3, y=0)
    with pytest.raises(Conflict):
        services.save_booth(hall, booth, code="A-1", booth_type_id=standard.id, x=3, y=0, width=6)

    assert booths()[0][3:] == (3, 0, 3, 3)
    assert booth.booking is not None


def test_delete_a_free_booth(hall, standard):
    booth = make_booth(hall, code="A-1", booth_type=standard)

    services.delete_booth(booth)

    assert booths() == []


def test_a_taken_booth_is_not_deleted(hall, standard):
    booth = taken_booth(hall, code="A-1", x=0, booth_type=standard)

    with pytest.raises(Conflict) as error:
        services.delete_booth(booth)

    assert str(error.value) == "Booth A-1 is taken by an exhibitor: move them to another booth first."
    assert len(booths()) == 1


def test_hold_and_release_a_booth(hall, standard):
    booth = make_booth(hall, code="A-1", booth_type=standard)

    services.hold_booth(booth, note=" Nhà tài trợ Kim cương ")
    held = (booth.is_held, booth.hold_note)
    services.release_booth(booth)

    assert held == (True, "Nhà tài trợ Kim cương")
    assert (booth.is_held, booth.hold_note) == (False, None)


def test_a_taken_booth_cannot_be_held(hall, standard):
    booth = taken_booth(hall, code="A-1", x=0, booth_type=standard)

    with pytest.raises(Conflict) as error:
        services.hold_booth(booth, note="Sponsor")

    assert str(error.value) == "Booth A-1 is taken by an exhibitor and cannot be held."
    db.session.refresh(booth)
    assert booth.is_held is False


# CSV import -------------------------------------------------------------------------------

def csv_file(text: str) -> FileStorage:
    return FileStorage(stream=BytesIO(text.encode("utf-8")), filename="booths.csv")


def test_import_creates_and_moves_booths(edition, hall, standard):
    make_booth(hall, code="A-01", x=9, y=3, booth_type=standard)
    pod = make_booth_type(edition, name_en="Startup pod", name_vi="Gian khởi nghiệp", width=2, depth=2)

    summary = services.import_booths(hall, csv_file=csv_file(
        "\ufeffcode;type;x;y;width;depth\na-01;Gian tiêu chuẩn;0;0;;\nA-02;startup pod;3;0;;\nA-03;1;5,5;0;2,5;3\n"
        .replace(";1;", f";{standard.id};")))

    assert summary == services.ImportSummary(created=2, updated=1)
    assert booths() == [(hall.id, "A-01", standard.id, 0, 0, 3, 3), (hall.id, "A-02", pod.id, 3, 0, 2, 2),
                        (hall.id, "A-03", standard.id, 5.5, 0, 2.5, 3)]


def test_import_is_all_or_nothing(hall, standard):
    make_booth(hall, code="A-09", x=9, y=0, booth_type=standard)

    with pytest.raises(BoothFileRefused) as error:
        services.import_booths(hall, csv_file=csv_file(
            "code,type,x,y\nA-01,Standard 3×3 m,0,0\nA-02,Standard 3×3 m,8,0\nA-03,Standard 3×3 m,0,4\n"))

    assert [(problem.line, str(problem.message)) for problem in error.value.errors] == [
        (3, "Booth A-02 overlaps booth A-09 already on the plan."),
        (4, "Booth A-03 does not fit in the hall (12 × 6 m)."),
    ]
    assert str(error.value) == "Nothing was imported: the file has 2 problems. Correct them and upload it again."
    assert (error.value.status_code, error.value.field) == (422, "csv_file")
    assert [row[1] for row in booths()] == ["A-09"]


def test_import_with_unreadable_lines_changes_nothing(hall, standard):
    with pytest.raises(BoothFileRefused) as error:
        services.import_booths(hall, csv_file=csv_file("code,type,x,y\nA-01,Standard 3×3 m,0,0\nA-02,Kiosk,3,0\n"))

    assert [(problem.line, str(problem.message)) for problem in error.value.errors] == [
        (3, "Unknown booth type “Kiosk”.")]
    assert booths() == []


def test_import_refuses_codes_of_another_hall(edition, hall, standard):
    make_booth(make_hall(edition, code="B"), code="B-01", x=0, booth_type=standard)

    with pytest.raises(BoothFileRefused) as error:
        services.import_booths(hall, csv_file=csv_file("code,type,x,y\nB-01,Standard 3×3 m,0,0\n"))

    assert [(problem.line, str(problem.message)) for problem in error.value.errors] == [
        (2, "The code B-01 is already used in hall B.")]


def test_import_of_an_empty_file(hall, standard):
    with pytest.raises(InvalidUpload) as error:
        services.import_booths(hall, csv_file=csv_file(""))

    assert str(error.value) == "The file is empty."


def test_import_moves_a_taken_booth_and_keeps_its_exhibitor(edition, hall, standard):
    booth = taken_booth(hall, code="A-01", x=0, booth_type=standard)

    services.import_booths(hall, csv_file=csv_file("code,type,x,y\nA-01,Standard 3×3 m,6,3\n"))

    db.session.refresh(booth)
    assert (booth.x, booth.y, booth.booking is not None) == (6, 3, True)


def test_import_refuses_a_taken_booth_grown_onto_its_neighbour(edition, hall, standard):
    taken_booth(hall, code="A-01", x=0, booth_type=standard)
    make_booth(hall, code="A-02", x=3, booth_type=standard)
    make_booth_type(edition, name_en="Double booth", width=6, depth=3)

    with pytest.raises(BoothFileRefused) as error:
        services.import_booths(hall, csv_file=csv_file("code,type,x,y\nA-01,Double booth,0,0\n"))

    assert [(problem.line, str(problem.message)) for problem in error.value.errors] == [
        (2, "Booth A-01 overlaps booth A-02 already on the plan.")]
    assert booths()[0][2:] == (standard.id, 0, 0, 3, 3)
