"""Organiser pages of the exhibition set-up: settings and days, booth types, halls, the plan, CSV import."""
from __future__ import annotations

import re
from datetime import UTC, date, datetime, time
from io import BytesIO

import pytest
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.accounts.models import Role, RoleGrant
from app.exhibition.models import Booth, BoothType, Exhibition, ExhibitionDay, Hall
from app.extensions import db
from tests.events.manage_helpers import (
    field_error, flashes, form_error, input_value, login_redirect, organiser_of, page_text, person, selected_value,
)
from tests.exhibition.layout_helpers import a_hall_with_booths, plan_states, taken_booth, text
from tests.factories import (
    make_booth, make_booth_application, make_booth_type, make_edition, make_exhibition, make_hall, make_user,
)

BASE = "/manage/e/hai-phong/exhibition"


@pytest.fixture
def edition(login):
    edition = make_edition(slug="hai-phong", starts_on=date(2026, 12, 10), ends_on=date(2026, 12, 12))
    login(organiser_of(edition))
    return edition


@pytest.fixture
def hall(edition):
    return make_hall(edition, code="A", name_en="Agritech hall", width=12, depth=6)


@pytest.fixture
def standard(edition):
    return make_booth_type(edition, name_en="Standard 3×3 m", name_vi="Gian tiêu chuẩn")


def vietnamese_organiser(edition):
    user = make_user(locale="vi")
    db.session.add(RoleGrant(user=user, role=str(Role.ORGANISER), edition_id=edition.id))
    db.session.commit()
    return user


def booths() -> list[tuple]:
    return [tuple(row) for row in db.session.execute(
        select(Booth.code, Booth.x, Booth.y, Booth.width, Booth.depth, Booth.is_held, Booth.hold_note)
        .order_by(Booth.code))]


def import_errors(response) -> list[tuple[str, str]]:
    return [(line, text(item)) for line, item in re.findall(r'<li data-line="(\d+)">(.*?)</li>',
                                                           response.get_data(as_text=True), re.S)]


def textarea_value(response, name: str) -> str | None:
    match = re.search(rf'<textarea[^>]*name="{name}"[^>]*>\r?\n?(.*?)</textarea>', page_text(response), re.S)
    return match.group(1) if match else None


# Who may use the pages --------------------------------------------------------------------

PAGES = ["/settings", "/booth-types", "/booth-types/{booth_type}/edit", "/halls", "/halls/{hall}",
         "/halls/{hall}/edit", "/halls/{hall}/booths.csv", "/booths-template.csv"]


@pytest.fixture
def world():
    edition = make_edition(slug="hai-phong")
    return edition, {"hall": make_hall(edition).id, "booth_type": make_booth_type(edition).id}


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("who, status", [("anonymous", 302), ("visitor", 403), ("organiser of another edition", 403),
                                         ("organiser", 200), ("administrator", 200)])
def test_who_may_open_the_pages(client, login, world, page, who, status):
    edition, ids = world
    users = {"visitor": lambda: person(), "organiser of another edition": lambda: organiser_of(make_edition()),
             "organiser": lambda: organiser_of(edition), "administrator": lambda: person(roles=(Role.ADMIN,))}
    if who in users:
        login(users[who]())
    url = BASE + page.format(**ids)

    response = client.get(url)

    assert response.status_code == status
    if who == "anonymous":
        assert response.headers["Location"] == login_redirect(url)


@pytest.mark.parametrize("action", ["/halls", "/booth-types", "/halls/{hall}/booths", "/halls/{hall}/delete"])
def test_organiser_of_another_edition_changes_nothing(client, login, world, action):
    edition, ids = world
    login(organiser_of(make_edition()))

    response = client.post(BASE + action.format(**ids), data={"code": "B", "name_vi": "Khu B", "name_en": "Hall B",
                                                              "width": "10", "depth": "10"})

    assert response.status_code == 403
    assert db.session.scalar(select(db.func.count()).select_from(Hall)) == 1


def test_hall_of_another_edition_is_not_found(client, edition):
    elsewhere = make_hall(make_edition(), code="Z")

    assert client.get(f"{BASE}/halls/{elsewhere.id}").status_code == 404
    assert client.post(f"{BASE}/halls/{elsewhere.id}/delete").status_code == 404


def test_booth_of_another_hall_is_not_found(client, edition, hall, standard):
    other = make_booth(make_hall(edition, code="B"), code="B-1", booth_type=standard)

    assert client.get(f"{BASE}/halls/{hall.id}?booth={other.id}").status_code == 404
    assert client.post(f"{BASE}/halls/{hall.id}/booths/{other.id}/delete").status_code == 404


def test_unknown_edition_is_not_found(client, login):
    login(person(roles=(Role.ADMIN,)))

    assert client.get("/manage/e/nowhere/exhibition/settings").status_code == 404


# Settings and days ------------------------------------------------------------------------

SETTINGS = {"applications_open": "y", "booths_per_exhibitor": "1", "setup_starts_at": "2026-12-09T08:00",
            "setup_ends_at": "2026-12-09T17:00", "online_opens_at": "2026-12-01T00:00", "online_closes_at": "",
            "stall_owners_see_analytics": "y", "notes_vi": "Mang theo **ổ cắm**", "notes_en": ""}


def test_settings_page_before_set_up(client, edition):
    response = client.get(f"{BASE}/settings")

    assert response.status_code == 200
    assert text(re.search(r'<p class="alert alert-info" id="settings-not-saved">(.*?)</p>',
                          response.get_data(as_text=True)).group(1)) == (
        "The exhibition is not set up yet: save these settings to start.")


def test_save_settings_in_local_time(client, edition):
    response = client.post(f"{BASE}/settings", data=SETTINGS)

    assert (response.status_code, response.headers["Location"]) == (302, f"{BASE}/settings")
    saved = db.session.scalars(select(Exhibition)).one()
    assert (saved.applications_open, saved.exhibitors_pick_booths, saved.setup_starts_at, saved.setup_ends_at,
            saved.online_opens_at, saved.online_closes_at, saved.notes_vi) == (
        True, False, datetime(2026, 12, 9, 1, tzinfo=UTC), datetime(2026, 12, 9, 10, tzinfo=UTC),
        datetime(2026, 11, 30, 17, tzinfo=UTC), None, "Mang theo **ổ cắm**")
    page = client.get(f"{BASE}/settings")
    assert flashes(page) == [("success", "The exhibition settings have been saved.")]
    assert (input_value(page, "setup_starts_at"), input_value(page, "online_opens_at")) == (
        "2026-12-09T08:00", "2026-12-01T00:00")


def test_settings_with_bad_input_keep_it(client, edition):
    response = client.post(f"{BASE}/settings", data={**SETTINGS, "booths_per_exhibitor": "0",
                                                     "setup_starts_at": "tomorrow"})

    assert response.status_code == 422
    assert (field_error(response, "booths_per_exhibitor"), field_error(response, "setup_starts_at")) == (
        "Enter a number between 1 and 50.", "Not a valid datetime value.")
    assert (input_value(response, "booths_per_exhibitor"), input_value(response, "setup_starts_at")) == ("0", "tomorrow")
    assert textarea_value(response, "notes_vi") == "Mang theo **ổ cắm**"
    assert db.session.scalars(select(Exhibition)).all() == []


def test_settings_refused_by_the_rules_keep_the_input(client, edition):
    response = client.post(f"{BASE}/settings", data={**SETTINGS, "setup_ends_at": "2026-12-09T07:00"})

    assert response.status_code == 422
    assert field_error(response, "setup_ends_at") == "Set-up must end after it starts."
    assert input_value(response, "setup_ends_at") == "2026-12-09T07:00"
    assert db.session.scalars(select(Exhibition)).all() == []


def test_add_and_remove_days(client, edition):
    response = client.post(f"{BASE}/days", data={"day": "2026-12-10", "opens_at": "08:00", "closes_at": "17:30"})

    assert (response.status_code, response.headers["Location"]) == (302, f"{BASE}/settings#days")
    day = db.session.scalars(select(ExhibitionDay)).one()
    assert (day.day, day.opens_at, day.closes_at) == (date(2026, 12, 10), time(8), time(17, 30))
    page = client.get(f"{BASE}/settings")
    assert [text(item) for item in re.findall(r'<li [^>]*data-day="2026-12-10">(.*?)</li>', page.get_data(as_text=True),
                                              re.S)] == ["Thursday, December 10, 2026 · 08:00–17:30 Remove"]

    client.post(f"{BASE}/days/{day.id}/remove")
    assert db.session.scalars(select(ExhibitionDay)).all() == []


def test_day_outside_the_festival_is_refused_with_the_input_kept(client, edition):
    response = client.post(f"{BASE}/days", data={"day": "2026-12-20", "opens_at": "08:00", "closes_at": "17:30"})

    assert response.status_code == 422
    assert field_error(response, "day") == "Choose a day of the festival, between 2026-12-10 and 2026-12-12."
    assert (input_value(response, "day"), input_value(response, "opens_at")) == ("2026-12-20", "08:00")
    assert db.session.scalars(select(ExhibitionDay)).all() == []


def test_day_with_missing_hours(client, edition):
    response = client.post(f"{BASE}/days", data={"day": "2026-12-10", "opens_at": "", "closes_at": "25:00"})

    assert response.status_code == 422
    assert (field_error(response, "opens_at"), field_error(response, "closes_at")) == (
        "This field is required.", "Not a valid time value.")


def test_day_of_another_edition_is_not_removed(client, edition):
    other = make_exhibition(make_edition(), days=(date(2026, 12, 10),))

    assert client.post(f"{BASE}/days/{other.days[0].id}/remove").status_code == 404


# Booth types ------------------------------------------------------------------------------

TYPE = {"name_vi": "Gian đôi", "name_en": "Double booth", "width": "6", "depth": "3", "includes_vi": "",
        "includes_en": "Two tables", "price_vnd": "15000000", "position": "1"}


def test_booth_types_page_lists_them_with_their_use(client, edition, hall, standard):
    make_booth(hall, booth_type=standard)
    make_booth_type(edition, name_en="Double booth", width=6, depth=3, price_vnd=15_000_000)

    source = client.get(f"{BASE}/booth-types").get_data(as_text=True)

    rows = re.findall(r'<tr data-booth-type="([^"]+)">.*?data-field="size"[^>]*>([^<]*)<.*?data-field="price"[^>]*>'
                      r'([^<]*)<.*?data-field="booths"[^>]*>([^<]*)<', source, re.S)
    assert rows == [("Standard 3×3 m", "3 × 3 m", "Free of charge", "1"), ("Double booth", "6 × 3 m", "₫15,000,000", "0")]


def test_create_a_booth_type(client, edition):
    response = client.post(f"{BASE}/booth-types", data={**TYPE, "width": "6,5", "for_startups": "y"})

    assert (response.status_code, response.headers["Location"]) == (302, f"{BASE}/booth-types")
    saved = db.session.scalars(select(BoothType)).one()
    assert (saved.name_en, saved.width, saved.depth, saved.includes_vi, saved.includes_en, saved.price_vnd,
            saved.for_startups) == ("Double booth", 6.5, 3, None, "Two tables", 15_000_000, True)


def test_booth_type_with_bad_input_keeps_it(client, edition):
    response = client.post(f"{BASE}/booth-types", data={**TYPE, "width": "six", "price_vnd": "-5"})

    assert response.status_code == 422
    assert (field_error(response, "width"), field_error(response, "price_vnd")) == (
        "Enter a number of metres, e.g. 3 or 2.5.", "Enter a number between 0 and 10000000000.")
    assert (input_value(response, "width"), input_value(response, "name_vi")) == ("six", "Gian đôi")
    assert db.session.scalars(select(BoothType)).all() == []


def test_edit_a_booth_type(client, edition, standard):
    page = client.get(f"{BASE}/booth-types/{standard.id}/edit")
    assert input_value(page, "name_en") == "Standard 3×3 m"

    response = client.post(f"{BASE}/booth-types/{standard.id}/edit", data=TYPE)

    assert response.status_code == 302
    db.session.refresh(standard)
    assert (standard.name_en, standard.width, standard.price_vnd) == ("Double booth", 6, 15_000_000)


def test_booth_type_in_use_is_not_deleted(client, edition, hall, standard):
    make_booth(hall, booth_type=standard)

    response = client.post(f"{BASE}/booth-types/{standard.id}/delete")

    assert response.status_code == 409
    assert form_error(response) == "This booth type is used by 1 booths and 0 applications. Change them first."
    assert len(db.session.scalars(select(BoothType)).all()) == 1


def test_delete_a_booth_type(client, edition, standard):
    response = client.post(f"{BASE}/booth-types/{standard.id}/delete")

    assert response.status_code == 302
    assert db.session.scalars(select(BoothType)).all() == []


# Halls ------------------------------------------------------------------------------------

HALL = {"code": "b", "name_vi": "Khu Nông nghiệp", "name_en": "Agritech hall", "width": "40,5", "depth": "20",
        "village_id": "", "venue_id": "", "position": "0"}


def test_halls_page_lists_halls_with_their_booth_counts(client, edition, hall, standard):
    make_booth(hall, code="A-1", x=0, booth_type=standard)
    make_booth(hall, code="A-2", x=3, booth_type=standard, is_held=True)
    taken_booth(hall, code="A-3", x=6, booth_type=standard)

    source = client.get(f"{BASE}/halls").get_data(as_text=True)

    assert re.findall(r'<li class="list-group-item" data-hall="(\w+)">', source) == ["A"]
    assert text(re.search(r'data-field="counts">(.*?)</div>', source).group(1)) == (
        "3 booths: 1 free, 1 held, 1 taken")


def test_create_a_hall(client, edition):
    response = client.post(f"{BASE}/halls", data=HALL)

    saved = db.session.scalars(select(Hall)).one()
    assert (response.status_code, response.headers["Location"]) == (302, f"{BASE}/halls/{saved.id}")
    assert (saved.code, saved.name_en, saved.width, saved.depth) == ("B", "Agritech hall", 40.5, 20)


def test_hall_with_bad_input_keeps_it(client, edition):
    response = client.post(f"{BASE}/halls", data={**HALL, "width": "rộng", "depth": "0"})

    assert response.status_code == 422
    assert (field_error(response, "width"), field_error(response, "depth")) == (
        "Enter a number of metres, e.g. 3 or 2.5.", "Enter a number between 0.1 and 2000.")
    assert (input_value(response, "width"), input_value(response, "name_vi")) == ("rộng", "Khu Nông nghiệp")
    assert db.session.scalars(select(Hall)).all() == []


def test_hall_code_taken(client, edition, hall):
    response = client.post(f"{BASE}/halls", data={**HALL, "code": "a"})

    assert response.status_code == 409
    assert field_error(response, "code") == "Another hall already uses the code A."
    assert input_value(response, "name_en") == "Agritech hall"


def test_edit_a_hall(client, edition, hall, standard):
    make_booth(hall, code="A-1", x=9, booth_type=standard)

    refused = client.post(f"{BASE}/halls/{hall.id}/edit", data={**HALL, "code": "A", "width": "10"})
    saved = client.post(f"{BASE}/halls/{hall.id}/edit", data={**HALL, "code": "A", "width": "12"})

    assert refused.status_code == 409
    assert field_error(refused, "width") == "1 booths would be outside the hall (A-1). Move them first."
    assert input_value(refused, "width") == "10"
    assert saved.status_code == 302
    assert (hall.width, hall.depth, hall.name_vi) == (12, 20, "Khu Nông nghiệp")


def test_hall_with_taken_booths_is_not_deleted(client, edition, hall, standard):
    taken_booth(hall, code="A-1", x=0, booth_type=standard)

    response = client.post(f"{BASE}/halls/{hall.id}/delete")

    assert response.status_code == 409
    assert form_error(response) == "1 booths of this hall are taken by exhibitors. Move them to another booth first."


def test_delete_a_hall(client, edition, hall):
    response = client.post(f"{BASE}/halls/{hall.id}/delete")

    assert (response.status_code, response.headers["Location"]) == (302, f"{BASE}/halls")
    assert db.session.scalars(select(Hall)).all() == []


# One hall: the plan and its booths -------------------------------------------------------------

def test_hall_page_draws_the_plan_and_lists_the_booths(client, edition, hall, standard):
    make_booth(hall, code="A-1", x=0, booth_type=standard)
    make_booth(hall, code="A-2", x=3, booth_type=standard, is_held=True, hold_note="Sân khấu")
    taken_booth(hall, code="A-3", x=6, booth_type=standard, organisation_name="Công ty Xanh")

    source = client.get(f"{BASE}/halls/{hall.id}").get_data(as_text=True)

    assert plan_states(source) == {"A-1": "free", "A-2": "held", "A-3": "taken"}
    table = re.search(r'<table class="table table-sm align-middle" id="booths">(.*?)</table>', source, re.S).group(1)
    rows = re.findall(r'<tr data-code="([^"]+)" data-state="(\w+)">.*?data-field="place">(.*?)</td>.*?'
                      r'data-field="state">(.*?)</td>', table, re.S)
    assert [(code, state, text(where), text(what)) for code, state, where, what in rows] == [
        ("A-1", "free", "x 0 · y 0", "Free"), ("A-2", "held", "x 3 · y 0", "Held: Sân khấu"),
        ("A-3", "taken", "x 6 · y 0", "Taken: Công ty Xanh")]
    assert 'href="/manage/e/hai-phong/exhibition/booths-template.csv"' in source
    assert f'href="/manage/e/hai-phong/exhibition/halls/{hall.id}/booths.csv"' in source


def test_hall_page_offers_to_edit_a_booth(client, edition, hall, standard):
    booth = make_booth(hall, code="A-1", x=1.5, booth_type=standard)

    page = client.get(f"{BASE}/halls/{hall.id}?booth={booth.id}")

    source = page.get_data(as_text=True)
    assert f'action="/manage/e/hai-phong/exhibition/halls/{hall.id}/booths/{booth.id}"' in source
    assert (input_value(page, "code"), input_value(page, "x"), selected_value(page, "booth_type_id")) == (
        "A-1", "1.5", str(standard.id))


def booth_form(standard, **changes) -> dict:
    return {"code": "a-12", "booth_type_id": str(standard.id), "x": "3", "y": "1,5", "width": "", "depth": "", **changes}


def test_add_a_booth(client, edition, hall, standard):
    response = client.post(f"{BASE}/halls/{hall.id}/booths", data=booth_form(standard))

    assert (response.status_code, response.headers["Location"]) == (302, f"{BASE}/halls/{hall.id}")
    assert booths() == [("A-12", 3, 1.5, 3, 3, False, None)]
    assert flashes(client.get(f"{BASE}/halls/{hall.id}")) == [("success", "Booth A-12 has been saved.")]


def test_overlapping_booth_is_refused_with_the_input_kept(client, edition, hall, standard):
    make_booth(hall, code="A-1", x=0, y=0, booth_type=standard)

    response = client.post(f"{BASE}/halls/{hall.id}/booths", data=booth_form(standard, x="2"))

    assert response.status_code == 409
    assert field_error(response, "x") == "Booth A-12 would overlap booth A-1. Choose another place."
    assert (input_value(response, "code"), input_value(response, "x"), input_value(response, "y")) == ("a-12", "2", "1,5")
    assert [row[0] for row in booths()] == ["A-1"]


def test_overlap_refusal_in_the_organisers_language(client, login, edition, hall, standard):
    login(vietnamese_organiser(edition))
    make_booth(hall, code="A-1", x=0, y=0, booth_type=standard)

    response = client.post(f"{BASE}/halls/{hall.id}/booths", data=booth_form(standard, x="2"))

    with force_locale("vi"):
        expected = str(_l("Booth %(code)s would overlap booth %(others)s. Choose another place.", code="A-12",
                          others="A-1"))
    assert response.status_code == 409
    assert field_error(response, "x") == expected


def test_booth_outside_the_hall_is_refused(client, edition, hall, standard):
    response = client.post(f"{BASE}/halls/{hall.id}/booths", data=booth_form(standard, x="10"))

    assert response.status_code == 422
    assert field_error(response, "x") == "Booth A-12 does not fit in the hall (12 × 6 m)."
    assert input_value(response, "x") == "10"
    assert booths() == []


def test_booth_with_bad_input_keeps_it(client, edition, hall, standard):
    response = client.post(f"{BASE}/halls/{hall.id}/booths", data=booth_form(standard, booth_type_id="", x="-1",
                                                                              width="ba"))

    assert response.status_code == 422
    assert (field_error(response, "booth_type_id"), field_error(response, "x"), field_error(response, "width")) == (
        "This field is required.", "Enter a number between 0 and 2000.", "Enter a number of metres, e.g. 3 or 2.5.")
    assert (input_value(response, "x"), input_value(response, "width")) == ("-1", "ba")


def test_move_a_booth(client, edition, hall, standard):
    booth = make_booth(hall, code="A-1", x=0, booth_type=standard)

    response = client.post(f"{BASE}/halls/{hall.id}/booths/{booth.id}", data=booth_form(standard, code="A-1", x="1",
                                                                                        width="4"))

    assert response.status_code == 302
    assert booths() == [("A-1", 1, 1.5, 4, 3, False, None)]


def test_delete_a_booth(client, edition, hall, standard):
    booth = make_booth(hall, code="A-1", booth_type=standard)

    response = client.post(f"{BASE}/halls/{hall.id}/booths/{booth.id}/delete")

    assert response.status_code == 302
    assert booths() == []


def test_taken_booth_is_not_deleted(client, edition, hall, standard):
    booth = taken_booth(hall, code="A-1", x=0, booth_type=standard)

    response = client.post(f"{BASE}/halls/{hall.id}/booths/{booth.id}/delete")

    assert response.status_code == 409
    assert form_error(response) == "Booth A-1 is taken by an exhibitor: move them to another booth first."
    assert [row[0] for row in booths()] == ["A-1"]


def test_hold_and_release_a_booth(client, edition, hall, standard):
    booth = make_booth(hall, code="A-1", x=0, booth_type=standard)

    held = client.post(f"{BASE}/halls/{hall.id}/booths/{booth.id}/hold", data={"note": "Nhà tài trợ Kim cương"})
    after_hold = booths()
    released = client.post(f"{BASE}/halls/{hall.id}/booths/{booth.id}/release")

    assert (held.status_code, released.status_code) == (302, 302)
    assert after_hold == [("A-1", 0, 0, 3, 3, True, "Nhà tài trợ Kim cương")]
    assert booths() == [("A-1", 0, 0, 3, 3, False, None)]


def test_hold_refusals(client, edition, hall, standard):
    free = make_booth(hall, code="A-1", x=0, booth_type=standard)
    taken = taken_booth(hall, code="A-2", x=3, booth_type=standard)

    too_long = client.post(f"{BASE}/halls/{hall.id}/booths/{free.id}/hold", data={"note": "x" * 201})
    on_taken = client.post(f"{BASE}/halls/{hall.id}/booths/{taken.id}/hold", data={"note": "Sponsor"})

    assert too_long.status_code == 422
    assert form_error(too_long) == "Why it is held: Enter at most 200 characters."
    assert on_taken.status_code == 409
    assert form_error(on_taken) == "Booth A-2 is taken by an exhibitor and cannot be held."
    assert [row[5] for row in booths()] == [False, False]


# CSV import and export ----------------------------------------------------------------------

def upload(client, hall, content: bytes, filename: str = "booths.csv"):
    return client.post(f"{BASE}/halls/{hall.id}/import", data={"csv_file": (BytesIO(content), filename)},
                       content_type="multipart/form-data")


def test_import_booths(client, edition, hall, standard):
    make_booth(hall, code="A-01", x=9, y=3, booth_type=standard)
    content = "\ufeffcode;type;x;y;width;depth\r\nA-01;Gian tiêu chuẩn;0;0;;\r\nA-02;Standard 3×3 m;3;0;2,5;3\r\n"

    response = upload(client, hall, content.encode("utf-8"))

    assert (response.status_code, response.headers["Location"]) == (302, f"{BASE}/halls/{hall.id}")
    assert booths() == [("A-01", 0, 0, 3, 3, False, None), ("A-02", 3, 0, 2.5, 3, False, None)]
    assert flashes(client.get(f"{BASE}/halls/{hall.id}")) == [
        ("success", "1 booths added and 1 booths updated from the file.")]


def test_import_with_problems_imports_nothing(client, edition, hall, standard):
    content = ("code,type,x,y\nA-01,Standard 3×3 m,0,0\nA-01,Standard 3×3 m,3,0\nA-03,Kiosk,6,0\n"
               "A-04,Standard 3×3 m,1,1\nA-05,Standard 3×3 m,11,0\n")

    response = upload(client, hall, content.encode("utf-8"))

    assert response.status_code == 422
    assert field_error(response, "csv_file") == (
        "Nothing was imported: the file has 1 problems. Correct them and upload it again.")
    assert import_errors(response) == [("4", "Line 4: Unknown booth type “Kiosk”.")]
    assert booths() == []

    response = upload(client, hall, content.replace("Kiosk", "Standard 3×3 m").encode("utf-8"))

    assert response.status_code == 422
    assert import_errors(response) == [
        ("3", "Line 3: The code A-01 is already used on line 2."),
        ("5", "Line 5: Booth A-04 overlaps booth A-01 (line 2)."),
        ("6", "Line 6: Booth A-05 does not fit in the hall (12 × 6 m)."),
    ]
    assert booths() == []


@pytest.mark.parametrize("content, filename, message", [
    (b"", "booths.csv", "The file is empty."),
    (b"code,type,x,y\n", "booths.xlsx", "Upload a .csv file (in Excel: Save as \u203a CSV UTF-8)."),
])
def test_import_of_a_wrong_file(client, edition, hall, standard, content, filename, message):
    response = upload(client, hall, content, filename)

    assert response.status_code in (400, 422)
    assert field_error(response, "csv_file") == message


def test_import_without_a_file(client, edition, hall):
    response = client.post(f"{BASE}/halls/{hall.id}/import", data={}, content_type="multipart/form-data")

    assert response.status_code == 422
    assert field_error(response, "csv_file") == "Choose a CSV file."


def test_export_the_booths_of_a_hall(client, edition, hall, standard):
    make_booth(hall, code="A-1", x=0, y=1.5, booth_type=standard)
    taken_booth(hall, code="A-2", x=3, booth_type=standard, organisation_name="Công ty Xanh")

    response = client.get(f"{BASE}/halls/{hall.id}/booths.csv")

    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"] == 'attachment; filename="hai-phong-hall-A-booths.csv"'
    assert response.get_data().decode("utf-8") == (
        "\ufeffcode,type,x,y,width,depth,state,exhibitor\r\n"
        "A-1,Standard 3×3 m,0,1.5,3,3,free,\r\n"
        "A-2,Standard 3×3 m,3,0,3,3,taken,Công ty Xanh\r\n")


def test_exported_booths_import_back_unchanged(client, edition, hall, standard):
    make_booth(hall, code="A-1", x=0, y=1.5, booth_type=standard)
    before = booths()
    exported = client.get(f"{BASE}/halls/{hall.id}/booths.csv").get_data()

    response = upload(client, hall, exported)

    assert response.status_code == 302
    assert booths() == before


def test_download_the_template(client, edition, standard):
    response = client.get(f"{BASE}/booths-template.csv")

    assert response.headers["Content-Disposition"] == 'attachment; filename="booths-template.csv"'
    assert response.get_data().decode("utf-8") == (
        "\ufeffcode,type,x,y,width,depth\r\nA-01,Standard 3×3 m,0,0,,\r\nA-02,Standard 3×3 m,3,0,,\r\n"
        "A-03,Standard 3×3 m,6,0,,\r\n")


# Query counts -----------------------------------------------------------------------------

@pytest.mark.parametrize("page", ["/halls", "/halls/{hall}", "/halls/{hall}/booths.csv"])
def test_pages_run_the_same_number_of_queries_for_5_and_60_booths(client, edition, count_queries, page):
    def queries(hall_id) -> int:
        db.session.expunge_all()
        with count_queries() as counter:
            assert client.get(BASE + page.format(hall=hall_id)).status_code == 200
        return counter["n"]

    small = a_hall_with_booths(edition, 5, code="S")
    small_count = queries(small.id)
    edition = db.session.merge(edition)
    large = a_hall_with_booths(edition, 60, code="L")
    make_booth_application(edition)  # an application without a booth changes nothing

    assert queries(large.id) == small_count
