"""Organiser pages for venues and their rooms."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.events.models import Edition, Room, Venue
from app.extensions import db
from tests.events.manage_helpers import field_error, flashes, form_error, input_value, organiser_of, page_text
from tests.factories import make_edition, make_room, make_session, make_venue

pytestmark = pytest.mark.usefixtures("frozen_time")


@pytest.fixture
def edition(login):
    edition = make_edition(slug="hai-phong")
    login(organiser_of(edition))
    return edition


def venues() -> list[tuple]:
    return [tuple(row) for row in db.session.execute(
        select(Venue.edition_id, Venue.name, Venue.address, Venue.map_url).order_by(Venue.id))]


def rooms() -> list[tuple]:
    return [tuple(row) for row in db.session.execute(
        select(Room.venue_id, Room.name, Room.capacity).order_by(Room.id))]


def test_venues_page_lists_venues_with_their_rooms(client, edition):
    hall = make_venue(edition, name="Trung tâm Hội nghị", address="18 Minh Khai")
    make_room(hall, name="Hội trường A", capacity=500)
    make_room(hall, name="Phòng 201", capacity=None)
    make_venue(edition, name="Đại học Hàng hải")
    make_venue(make_edition(), name="Khách sạn Mường Thanh")  # another edition's

    response = client.get("/manage/e/hai-phong/venues")

    source = response.get_data(as_text=True)
    assert re.findall(r'data-venue="([^"]+)"', source) == ["Trung tâm Hội nghị", "Đại học Hàng hải"]
    assert [(name, re.sub(r"\s+", " ", cap).strip()) for name, cap in re.findall(
        r'<tr data-room="([^"]+)">.*?data-field="capacity">([^<]*)<', source, re.S)] == [
        ("Hội trường A", "500"), ("Phòng 201", "No limit")]
    assert "18 Minh Khai" in page_text(response)


def test_venues_page_runs_a_fixed_number_of_queries(client, edition, count_queries):
    def queries() -> int:
        db.session.expunge_all()
        with count_queries() as counter:
            assert client.get("/manage/e/hai-phong/venues").status_code == 200
        return counter["n"]

    edition_id = edition.id
    make_room(make_venue(edition))
    small = queries()
    for _ in range(4):
        venue = make_venue(db.session.get(Edition, edition_id))
        make_room(venue)
        make_room(venue)
    assert queries() == small


def test_create_venue(client, edition):
    response = client.post("/manage/e/hai-phong/venues/new", data={
        "name": "Đại học Hàng hải", "address": "484 Lạch Tray", "map_url": "https://maps.example.vn/vmu"})

    assert (response.status_code, response.headers["Location"]) == (302, "/manage/e/hai-phong/venues")
    assert venues() == [(edition.id, "Đại học Hàng hải", "484 Lạch Tray", "https://maps.example.vn/vmu")]
    assert flashes(client.get("/manage/e/hai-phong/venues")) == [("success", "The venue has been saved.")]


def test_create_venue_with_bad_input_keeps_it(client, edition):
    response = client.post("/manage/e/hai-phong/venues/new", data={
        "name": "", "address": "484 Lạch Tray", "map_url": "maps"})

    assert response.status_code == 422
    assert (field_error(response, "name"), field_error(response, "map_url")) == (
        "This field is required.", "Enter a full web address, starting with https://")
    assert (input_value(response, "address"), input_value(response, "map_url")) == ("484 Lạch Tray", "maps")
    assert venues() == []


def test_edit_venue(client, edition):
    venue = make_venue(edition, name="Old name")

    assert input_value(client.get(f"/manage/e/hai-phong/venues/{venue.id}/edit"), "name") == "Old name"
    response = client.post(f"/manage/e/hai-phong/venues/{venue.id}/edit", data={"name": "New name", "address": ""})

    assert response.status_code == 302
    assert venues() == [(edition.id, "New name", None, None)]


def test_delete_venue_with_its_rooms(client, edition):
    venue = make_venue(edition)
    make_room(venue)
    kept = make_room(make_venue(edition, name="Kept"))

    response = client.post(f"/manage/e/hai-phong/venues/{venue.id}/delete", follow_redirects=True)

    assert flashes(response) == [("info", "The venue has been deleted.")]
    assert (venues(), rooms()) == ([(edition.id, "Kept", "18 Minh Khai, Hải Phòng", None)],
                                   [(kept.venue_id, kept.name, 100)])


def test_delete_venue_whose_room_is_used_is_refused_with_the_reason(client, edition):
    room = make_room(make_venue(edition, name="Busy"))
    make_session(edition, room_id=room.id)

    response = client.post(f"/manage/e/hai-phong/venues/{room.venue_id}/delete")

    assert response.status_code == 409
    assert form_error(response) == "1 sessions take place at this venue. Move them to another room first."
    assert 'data-venue="Busy"' in response.get_data(as_text=True)
    assert len(venues()) == 1


def test_create_room(client, edition):
    venue = make_venue(edition)

    response = client.post(f"/manage/e/hai-phong/venues/{venue.id}/rooms/new",
                           data={"name": "Hội trường A", "capacity": "250"})

    assert (response.status_code, response.headers["Location"]) == (302, "/manage/e/hai-phong/venues")
    assert rooms() == [(venue.id, "Hội trường A", 250)]


def test_create_room_without_capacity_has_no_limit(client, edition):
    venue = make_venue(edition)

    client.post(f"/manage/e/hai-phong/venues/{venue.id}/rooms/new", data={"name": "Sân khấu ngoài trời", "capacity": ""})

    assert rooms() == [(venue.id, "Sân khấu ngoài trời", None)]


@pytest.mark.parametrize(("capacity", "message"), [
    ("0", "Enter a number between 1 and 100000."),
    ("many", "Not a valid integer value. Enter a number between 1 and 100000."),
])
def test_create_room_with_a_bad_capacity_is_refused(client, edition, capacity, message):
    venue = make_venue(edition)

    response = client.post(f"/manage/e/hai-phong/venues/{venue.id}/rooms/new",
                           data={"name": "Hội trường A", "capacity": capacity})

    assert (response.status_code, field_error(response, "capacity")) == (422, message)
    assert input_value(response, "name") == "Hội trường A"
    assert rooms() == []


def test_create_room_with_a_name_taken_in_the_venue_is_refused(client, edition):
    venue = make_venue(edition)
    make_room(venue, name="Hội trường A", capacity=100)

    response = client.post(f"/manage/e/hai-phong/venues/{venue.id}/rooms/new",
                           data={"name": "Hội trường A", "capacity": "30"})

    assert response.status_code == 409
    assert field_error(response, "name") == "This venue already has a room called Hội trường A."
    assert input_value(response, "capacity") == "30"
    assert rooms() == [(venue.id, "Hội trường A", 100)]


def test_edit_room(client, edition):
    room = make_room(make_venue(edition), name="Phòng 201", capacity=40)

    assert input_value(client.get(f"/manage/e/hai-phong/venues/{room.venue_id}/rooms/{room.id}/edit"),
                       "capacity") == "40"
    client.post(f"/manage/e/hai-phong/venues/{room.venue_id}/rooms/{room.id}/edit",
                data={"name": "Phòng 202", "capacity": "45"})

    assert rooms() == [(room.venue_id, "Phòng 202", 45)]


def test_delete_room(client, edition):
    room = make_room(make_venue(edition))

    response = client.post(f"/manage/e/hai-phong/rooms/{room.id}/delete", follow_redirects=True)

    assert (flashes(response), rooms()) == ([("info", "The room has been deleted.")], [])


def test_delete_room_in_use_is_refused_with_the_reason(client, edition):
    room = make_room(make_venue(edition))
    make_session(edition, room_id=room.id)

    response = client.post(f"/manage/e/hai-phong/rooms/{room.id}/delete")

    assert response.status_code == 409
    assert form_error(response) == "1 sessions take place in this room. Move them first."
    assert len(rooms()) == 1
