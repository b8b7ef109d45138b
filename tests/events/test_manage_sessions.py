"""Organiser pages for the agenda: sessions by day, the session form (times in the edition's timezone), cancelling."""
from __future__ import annotations

import html
import json
import re
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from app.events.models import Edition, Session
from app.events.services import to_utc
from app.extensions import db
from app.registrations.models import Registration
from tests.events.manage_helpers import (
    field_error, flashes, input_value, organiser_of, outbox_rows, page_text, plain, selected_value, utc,
)
from tests.factories import (make_edition, make_registration, make_room, make_session, make_speaker, make_user,
                             make_venue, make_village)

pytestmark = pytest.mark.usefixtures("frozen_time")


@pytest.fixture
def edition(login):
    edition = make_edition(slug="hai-phong")  # 10–12 December 2026, Viet Nam time (UTC+7)
    login(organiser_of(edition))
    return edition


def form(**overrides) -> dict:
    data = {"kind": "workshop", "title_vi": "Hội thảo AI", "title_en": "AI workshop", "description_vi": "",
            "description_en": "", "starts_at": "2026-12-10T09:00", "ends_at": "2026-12-10T11:00", "room_id": "",
            "online_url": "", "village_id": "", "track": "", "language": "vi", "requires_registration": "y",
            "capacity": "40", "registration_opens_at": "", "registration_closes_at": "", "seats_per_team": ""}
    data.update(overrides)
    return {name: value for name, value in data.items() if value is not None}


def only_session() -> Session:
    db.session.expire_all()
    return db.session.scalars(select(Session)).one()


def agenda(response) -> list[tuple[str, list[tuple[str, ...]]]]:
    """Each day heading with its rows: (time, title, room, seats)."""
    source = response.get_data(as_text=True)
    days = []
    for day, table in re.findall(r'data-day="([\d-]+)">.*?</h2>(.*?)</table>', source, re.S):
        rows = []
        for row in re.findall(r"<tr id=\"session-\d+\".*?</tr>", table, re.S):
            cells = [plain(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            rows.append((cells[0], cells[1], cells[2], cells[4]))
        days.append((day, rows))
    return days


# --- the agenda --------------------------------------------------------------------------------------

def test_sessions_are_listed_per_day_in_the_editions_timezone(client, edition):
    room = make_room(make_venue(edition, name="Trung tâm Hội nghị"), name="Hội trường A", capacity=200)
    late = make_session(edition, title_en="Startup night", starts_at=to_utc(edition, datetime(2026, 12, 10, 23, 0)),
                        duration=timedelta(minutes=30), room_id=room.id, capacity=3)
    make_session(edition, title_en="Sunrise yoga", starts_at=utc(2026, 12, 10, 17, 30),  # 00:30 on the 11th
                 duration=timedelta(minutes=60), requires_registration=False, capacity=None)
    make_session(edition, title_en="Closing", starts_at=to_utc(edition, datetime(2026, 12, 12, 16, 0)), status="cancelled")
    make_registration(late)
    make_registration(late, status="waitlisted")
    make_registration(late, status="waitlisted")

    response = client.get("/manage/e/hai-phong/sessions")

    assert agenda(response) == [
        ("2026-12-10", [("23:00–23:30", "Startup night", "Hội trường A · Trung tâm Hội nghị", "1 / 3 2 waiting")]),
        ("2026-12-11", [("00:30–01:30", "Sunrise yoga", "—", "No registration")]),
        ("2026-12-12", [("16:00–18:00", "Closing Cancelled", "—", "0 / 30")]),
    ]
    source = response.get_data(as_text=True)
    assert "Thursday, December 10, 2026" in page_text(response)
    assert f"/sessions/{late.id}/edit" in source
    cancelled = db.session.scalar(select(Session.id).where(Session.status == "cancelled"))
    assert f"/sessions/{cancelled}/edit" not in source and f"/sessions/{cancelled}/cancel" not in source


def test_sessions_page_runs_a_fixed_number_of_queries(client, edition, count_queries):
    edition_id = edition.id

    def queries() -> int:
        db.session.expunge_all()
        with count_queries() as counter:
            assert client.get("/manage/e/hai-phong/sessions").status_code == 200
        return counter["n"]

    def add_session():
        current = db.session.get(Edition, edition_id)
        session = make_session(current, room_id=make_room(make_venue(current)).id,
                               village_id=make_village(current).id, speakers=[make_speaker(current)])
        make_registration(session)
        make_registration(session, status="waitlisted")

    add_session()
    small = queries()
    for _ in range(5):
        add_session()
    assert queries() == small


# --- creating a session ------------------------------------------------------------------------------

def test_new_session_form_lists_the_editions_rooms_villages_and_speakers(client, edition):
    make_room(make_venue(edition, name="Trung tâm"), name="Hội trường A")
    make_room(make_venue(make_edition(), name="Elsewhere"), name="Other room")
    make_village(edition, name_en="Agritech village")
    make_speaker(edition, name="Tanaka Yuki")
    make_speaker(make_edition(), name="Not ours")

    source = client.get("/manage/e/hai-phong/sessions/new").get_data(as_text=True)

    assert re.findall(r'<select[^>]*name="room_id"[^>]*>(.*?)</select>', source, re.S)[0].count("<option") == 2
    assert "Hội trường A · Trung tâm" in source and "Other room" not in source
    assert "Agritech village" in source
    assert re.findall(r'name="speaker_ids" type="checkbox" value="\d+"> <label[^>]*>([^<]+)<', source) == [
        "Tanaka Yuki"]


def test_create_session_converts_local_times_to_utc(client, edition):
    room = make_room(make_venue(edition), capacity=120)
    village = make_village(edition)
    yuki = make_speaker(edition, name="Tanaka Yuki")
    make_speaker(edition, name="Kim Min-jun")

    response = client.post("/manage/e/hai-phong/sessions/new", data=form(
        kind="conference", room_id=str(room.id), village_id=str(village.id), track="AI", language="vi_en",
        capacity="", registration_opens_at="2026-12-01T08:00", registration_closes_at="2026-12-10T08:30",
        speaker_ids=[str(yuki.id)], online_url="https://meet.example.vn/ai"))

    session = only_session()
    assert (response.status_code, response.headers["Location"]) == (
        302, f"/manage/e/hai-phong/sessions#session-{session.id}")
    assert (session.starts_at, session.ends_at) == (utc(2026, 12, 10, 2, 0), utc(2026, 12, 10, 4, 0))
    assert (session.registration_opens_at, session.registration_closes_at) == (
        utc(2026, 12, 1, 1, 0), utc(2026, 12, 10, 1, 30))
    assert (session.kind, session.title_en, session.room_id, session.village_id, session.track, session.language) == (
        "conference", "AI workshop", room.id, village.id, "AI", "vi_en")
    assert (session.requires_registration, session.capacity, session.registers_teams, session.seats_per_team) == (
        True, 120, False, None)  # capacity left empty: the room's
    assert (session.online_url, [s.name for s in session.speakers]) == ("https://meet.example.vn/ai", ["Tanaka Yuki"])
    assert flashes(client.get("/manage/e/hai-phong/sessions")) == [("success", "The session has been saved.")]


def test_create_session_in_an_edition_with_another_timezone(client, login):
    seoul = make_edition(slug="k-startup", timezone="Asia/Seoul")
    login(organiser_of(seoul))

    client.post("/manage/e/k-startup/sessions/new", data=form())

    assert (only_session().starts_at, only_session().ends_at) == (utc(2026, 12, 10, 0, 0), utc(2026, 12, 10, 2, 0))


def test_create_session_for_whole_teams(client, edition):
    client.post("/manage/e/hai-phong/sessions/new", data=form(kind="training", registers_teams="y",
                                                              seats_per_team="3"))

    assert (only_session().registers_teams, only_session().seats_per_team) == (True, 3)


def test_saving_with_clashes_flashes_warnings_and_keeps_the_save(client, edition):
    room = make_room(make_venue(edition))
    yuki = make_speaker(edition, name="Tanaka Yuki")
    make_session(edition, title_en="Opening ceremony", room_id=room.id, speakers=[yuki],
                 starts_at=utc(2026, 12, 10, 1, 0))  # 08:00–10:00 local

    response = client.post("/manage/e/hai-phong/sessions/new", follow_redirects=True,
                           data=form(room_id=str(room.id), speaker_ids=[str(yuki.id)]))

    assert flashes(response) == [
        ("warning", "“Opening ceremony” uses the same room at the same time."),
        ("warning", "Tanaka Yuki also speaks at “Opening ceremony” at the same time."),
        ("success", "The session has been saved."),
    ]
    assert len(db.session.scalars(select(Session)).all()) == 2


@pytest.mark.parametrize(("overrides", "status", "field", "message"), [
    ({"ends_at": "2026-12-10T08:00"}, 400, "ends_at", "The session must end after it starts."),
    ({"starts_at": "2026-12-12T23:30", "ends_at": "2026-12-13T00:30"}, 400, "ends_at",
     "The session must take place between 2026-12-10 and 2026-12-12."),
    ({"starts_at": "2026-12-09T23:30", "ends_at": "2026-12-10T00:30"}, 400, "starts_at",
     "The session must take place between 2026-12-10 and 2026-12-12."),
    ({"registers_teams": "y", "seats_per_team": ""}, 400, "seats_per_team", "Say how many seats each team may take."),
    ({"registration_opens_at": "2026-12-05T10:00", "registration_closes_at": "2026-12-05T09:00"}, 400,
     "registration_closes_at", "Registration must close after it opens."),
    ({"starts_at": "10/12/2026 09:00"}, 422, "starts_at", "Not a valid datetime value."),
    ({"starts_at": ""}, 422, "starts_at", "This field is required."),
    ({"title_en": ""}, 422, "title_en", "This field is required."),
    ({"room_id": "99999"}, 422, "room_id", "Not a valid choice."),
    ({"capacity": "-1"}, 422, "capacity", "Enter a number between 0 and 100000."),
    ({"online_url": "meet"}, 422, "online_url", "Enter a full web address, starting with https://"),
])
def test_create_session_refusals_are_shown_next_to_the_field_with_the_input_kept(client, edition, overrides, status,
                                                                                 field, message):
    response = client.post("/manage/e/hai-phong/sessions/new", data=form(**overrides))

    assert response.status_code == status
    assert field_error(response, field) == message
    assert input_value(response, "title_vi") == "Hội thảo AI"
    if field in ("starts_at", "ends_at"):
        assert input_value(response, field) == overrides[field]
    assert db.session.scalars(select(Session)).all() == []


def test_create_session_with_a_room_of_another_edition_is_refused(client, edition):
    stranger = make_room(make_venue(make_edition()))

    response = client.post("/manage/e/hai-phong/sessions/new", data=form(room_id=str(stranger.id)))

    assert (response.status_code, field_error(response, "room_id")) == (422, "Not a valid choice.")


# --- editing a session -------------------------------------------------------------------------------

def test_edit_form_shows_times_in_the_editions_timezone(client, edition):
    room = make_room(make_venue(edition))
    session = make_session(edition, room_id=room.id, registration_closes_at=utc(2026, 12, 9, 10, 0))

    response = client.get(f"/manage/e/hai-phong/sessions/{session.id}/edit")

    assert (input_value(response, "starts_at"), input_value(response, "ends_at")) == (
        "2026-12-10T09:00", "2026-12-10T11:00")
    assert input_value(response, "registration_closes_at") == "2026-12-09T17:00"
    assert (selected_value(response, "room_id"), input_value(response, "capacity")) == (str(room.id), "30")


def test_moving_a_session_tells_the_people_registered(client, edition):
    session = make_session(edition)
    make_registration(session, make_user(email="lan@example.vn", locale="en"))

    response = client.post(f"/manage/e/hai-phong/sessions/{session.id}/edit",
                           data=form(starts_at="2026-12-11T14:00", ends_at="2026-12-11T15:30", capacity="30"))

    assert response.status_code == 302
    assert (only_session().starts_at, only_session().ends_at) == (utc(2026, 12, 11, 7, 0), utc(2026, 12, 11, 8, 30))
    assert [(m.kind, m.recipient_email) for m in outbox_rows()] == [("registrations.session_changed", "lan@example.vn")]


def test_raising_the_capacity_moves_the_waitlist_up(client, edition):
    session = make_session(edition, capacity=1)
    make_registration(session)
    waiting = make_registration(session, make_user(email="minh@example.vn"), status="waitlisted")

    client.post(f"/manage/e/hai-phong/sessions/{session.id}/edit", data=form(capacity="5"))

    db.session.expire_all()
    assert (waiting.status, only_session().capacity, only_session().confirmed_seats) == ("confirmed", 5, 2)
    assert [(m.kind, m.recipient_email) for m in outbox_rows()][-1] == ("registrations.promoted", "minh@example.vn")


def test_lowering_the_capacity_below_confirmed_seats_is_refused_and_keeps_the_input(client, edition):
    session = make_session(edition, capacity=30)
    for _ in range(3):
        make_registration(session)

    response = client.post(f"/manage/e/hai-phong/sessions/{session.id}/edit",
                           data=form(capacity="2", title_en="Changed title"))

    assert response.status_code == 400
    assert field_error(response, "capacity") == "3 seats are already confirmed: the capacity cannot be lower."
    assert (input_value(response, "capacity"), input_value(response, "title_en")) == ("2", "Changed title")
    assert (only_session().capacity, only_session().title_en) == (30, "Digital transformation workshop")


def test_a_cancelled_session_cannot_be_edited(client, edition):
    session = make_session(edition, status="cancelled")

    response = client.post(f"/manage/e/hai-phong/sessions/{session.id}/edit", data=form())

    assert response.status_code == 409
    assert "This session is cancelled and can no longer be changed." in page_text(response)
    assert only_session().title_en == "Digital transformation workshop"


# --- cancelling ----------------------------------------------------------------------------------------

def test_cancel_session_tells_everyone_registered(client, edition):
    session = make_session(edition)
    make_registration(session, make_user(email="lan@example.vn", locale="en"))
    make_registration(session, make_user(email="minh@example.vn"), status="waitlisted")

    response = client.post(f"/manage/e/hai-phong/sessions/{session.id}/cancel", follow_redirects=True)

    assert only_session().status == "cancelled"
    assert flashes(response) == [
        ("info", "“Digital transformation workshop” has been cancelled and everyone registered has been told.")]
    assert [(m.kind, m.recipient_email) for m in outbox_rows()] == [
        ("registrations.session_cancelled", "lan@example.vn"), ("registrations.session_cancelled", "minh@example.vn")]
    assert len(db.session.scalars(select(Registration)).all()) == 2


def confirmations(response) -> dict[str, str]:
    """The question each confirming button asks, by the address the button posts to."""
    return {action: json.loads(html.unescape(question)) for action, question in re.findall(
        r"<form method=\"post\" action=\"([^\"]+)\" class=\"d-inline\" onsubmit='return confirm\((.*?)\)'>",
        response.get_data(as_text=True))}


def test_cancel_button_asks_for_confirmation_with_the_number_of_people(client, edition):
    session = make_session(edition, title_en="Founders' \"night\" <live>")
    make_registration(session)
    make_registration(session, status="waitlisted")

    response = client.get("/manage/e/hai-phong/sessions")

    # Quotes and apostrophes in a title cannot break the script that asks the question.
    assert confirmations(response) == {
        f"/manage/e/hai-phong/sessions/{session.id}/cancel":
            "Cancel “Founders' \"night\" <live>”? The 2 people registered will be told by email."}
