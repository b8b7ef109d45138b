"""Participant pages: register and cancel, my agenda, tickets, calendar files — and who may use them."""
import re
from datetime import timedelta
from types import SimpleNamespace
from urllib.parse import quote

import pytest
from icalendar import Calendar

from app.accounts.models import Role, User
from app.extensions import db
from app.registrations import services
from tests.factories import (make_edition, make_organisation, make_registration, make_room, make_session, make_user,
                             make_venue)
from tests.registrations.helpers import element_text, page_text, registration_count, seats_taken, statuses


def person(**fields):
    """An account that reads the site in English (the source language)."""
    return make_user(locale="en", **fields)


@pytest.fixture
def world():
    """One published edition with an organiser, a workshop with a registration, and people around it."""
    organiser, other_organiser = person(name="Trần Thị Ngọc"), person()
    edition = make_edition(organisers=(organiser,), name_en="Techfest Haiphong 2026")
    make_edition(organisers=(other_organiser,))
    room = make_room(make_venue(edition, name="Trung tâm Hội nghị", address="18 Minh Khai"), name="Phòng A")
    session = make_session(edition, room=room, capacity=2, title_en="Digital transformation workshop")
    registrant = person(name="Phạm Minh Anh")
    registration = make_registration(session, registrant, check_in_code="7K3QX9MB")
    return SimpleNamespace(
        edition=edition, session=session, registration=registration,
        people={"registrant": registrant, "other": person(), "organiser": organiser,
                "other_organiser": other_organiser, "admin": person(roles=(Role.ADMIN,)), "anonymous": None},
    )


def as_(login, world, who):
    if world.people[who] is not None:
        login(world.people[who])


def login_redirect(path: str) -> str:
    return "/account/login?next=" + quote(path, safe="/")


def session_url(world):
    return f"/e/{world.edition.slug}/sessions/{world.session.id}"


# --- who may do what --------------------------------------------------------------------------

@pytest.mark.parametrize(("who", "status"), [
    ("registrant", 200), ("other", 404), ("organiser", 200), ("other_organiser", 404), ("admin", 200),
    ("anonymous", 302),
])
@pytest.mark.parametrize("suffix", ["", "/qr.png"])
def test_ticket_access(client, login, world, who, status, suffix):
    as_(login, world, who)

    response = client.get(f"/r/7K3QX9MB{suffix}")

    assert response.status_code == status
    if status == 302:
        assert response.location == login_redirect(f"/r/7K3QX9MB{suffix}")


@pytest.mark.parametrize(("who", "status"), [
    ("registrant", 302), ("other", 403), ("organiser", 403), ("other_organiser", 403), ("admin", 403),
    ("anonymous", 302),
])
def test_cancel_access(client, login, world, who, status):
    as_(login, world, who)

    response = client.post(f"/registrations/{world.registration.id}/cancel")

    assert response.status_code == status
    assert statuses(world.session)[0][1] == ("cancelled" if who == "registrant" else "confirmed")


@pytest.mark.parametrize(("who", "status"), [
    ("registrant", 404), ("other", 404), ("organiser", 200), ("other_organiser", 404), ("admin", 200),
    ("anonymous", 404),
])
def test_session_calendar_of_a_draft_edition_only_for_its_organisers(client, login, world, who, status):
    world.edition.status = "draft"
    db.session.commit()
    as_(login, world, who)

    assert client.get(session_url(world) + ".ics").status_code == status


@pytest.mark.parametrize("who", ["registrant", "other", "organiser", "other_organiser", "admin", "anonymous"])
def test_session_calendar_of_a_published_edition_is_public(client, login, world, who):
    as_(login, world, who)

    assert client.get(session_url(world) + ".ics").status_code == 200


@pytest.mark.parametrize(("who", "status"), [("other", 404), ("organiser", 409), ("admin", 409)])
def test_register_in_a_draft_edition(client, login, world, who, status):
    world.edition.status = "draft"
    db.session.commit()
    as_(login, world, who)

    response = client.post(session_url(world) + "/register")

    assert response.status_code == status
    if status == 409:
        assert element_text(response, "refusal") == "Registration is not open for this edition."


def test_register_and_agenda_ask_to_sign_in(client, world):
    assert client.post(session_url(world) + "/register").location == login_redirect(session_url(world) + "/register")
    assert client.get("/me/agenda").location == login_redirect("/me/agenda")
    assert client.post("/me/agenda/calendar/reset").location == login_redirect("/me/agenda/calendar/reset")


def test_unknown_session_or_wrong_edition_is_404(client, login, world):
    login(world.people["other"])
    other_edition = make_edition()

    assert client.post(f"/e/{other_edition.slug}/sessions/{world.session.id}/register").status_code == 404
    assert client.post(f"/e/{world.edition.slug}/sessions/999999/register").status_code == 404
    assert client.get(f"/e/{other_edition.slug}/sessions/{world.session.id}.ics").status_code == 404
    assert client.post("/registrations/999999/cancel").status_code == 404
    assert client.get("/r/ZZZZZZZZ").status_code == 404


# --- register ---------------------------------------------------------------------------------

def test_register_confirms_and_returns_to_the_session_page(client, login, world):
    newcomer = login(world.people["other"])

    response = client.post(session_url(world) + "/register")

    assert (response.status_code, response.location) == (302, session_url(world))
    assert statuses(world.session)[-1] == (newcomer.id, "confirmed")
    page = client.get("/me/agenda")
    assert "Your seat is confirmed. Your ticket and a calendar file are on their way by email." in page_text(page)


def test_register_when_full_joins_the_waitlist_and_says_where(client, login, world):
    make_registration(world.session)
    newcomer = login(world.people["other"])

    response = client.post(session_url(world) + "/register")

    assert response.status_code == 302
    assert statuses(world.session)[-1] == (newcomer.id, "waitlisted")
    assert ("The session is full: you are number 1 on the waitlist. We will email you if a seat frees up."
            in page_text(client.get("/me/agenda")))


def test_register_refused_answers_409_with_the_reason(client, login, world, clock):
    world.session.registration_closes_at = clock.start - timedelta(hours=1)
    db.session.commit()
    login(world.people["other"])

    response = client.post(session_url(world) + "/register")

    assert response.status_code == 409
    assert element_text(response, "refusal") == "Registration has closed."
    assert registration_count() == 1


def test_register_twice_answers_409(client, login, world):
    login(world.people["registrant"])

    response = client.post(session_url(world) + "/register")

    assert response.status_code == 409
    assert element_text(response, "refusal") == "You are already registered for this session."


def test_register_team_with_its_seats(client, login, world):
    world.session.registers_teams, world.session.seats_per_team, world.session.capacity = True, 3, 10
    db.session.commit()
    founder = login(world.people["other"])
    team = make_organisation(founder, name="Nông Sản Xanh")

    response = client.post(session_url(world) + "/register", data={"organisation_id": team.id, "seats": "3"})

    assert response.status_code == 302
    assert (seats_taken(world.session), statuses(world.session)[-1]) == (4, (founder.id, "confirmed"))


def test_register_team_not_theirs_is_refused_by_the_form(client, login, world):
    world.session.registers_teams, world.session.seats_per_team = True, 3
    db.session.commit()
    login(world.people["other"])

    response = client.post(session_url(world) + "/register",
                           data={"organisation_id": make_organisation().id, "seats": "1"})

    assert response.status_code == 422
    assert element_text(response, "refusal") == "Not a valid choice."


def test_register_team_with_too_many_seats_answers_400(client, login, world):
    world.session.registers_teams, world.session.seats_per_team = True, 3
    db.session.commit()
    founder = login(world.people["other"])

    response = client.post(session_url(world) + "/register",
                           data={"organisation_id": make_organisation(founder).id, "seats": "5"})

    assert response.status_code == 400
    assert element_text(response, "refusal") == "A team may take between 1 and 3 seats."


# --- cancel -----------------------------------------------------------------------------------

def test_cancel_goes_back_where_it_was_asked_from(client, login, world):
    login(world.people["registrant"])

    response = client.post(f"/registrations/{world.registration.id}/cancel", data={"next": "/me/agenda"})

    assert (response.status_code, response.location) == (302, "/me/agenda")
    assert "Your registration for Digital transformation workshop is cancelled." in page_text(client.get("/me/agenda"))


def test_cancel_ignores_a_next_address_on_another_site(client, login, world):
    login(world.people["registrant"])

    response = client.post(f"/registrations/{world.registration.id}/cancel", data={"next": "https://evil.example/"})

    assert response.location == session_url(world)


def test_cancel_after_the_start_answers_409(client, login, world, clock):
    clock(world.session.starts_at + timedelta(minutes=5))
    login(world.people["registrant"])

    response = client.post(f"/registrations/{world.registration.id}/cancel")

    assert response.status_code == 409
    assert element_text(response, "refusal") == "This session has already started."
    assert statuses(world.session)[0][1] == "confirmed"


# --- my agenda --------------------------------------------------------------------------------

def test_agenda_groups_by_day_and_warns_of_clashes(client, login, world):
    me = login(world.people["registrant"])
    clash = make_session(world.edition, starts_at=world.session.starts_at + timedelta(hours=1),
                         title_en="Investor talk show", capacity=0)
    waiting = make_registration(clash, me, status="waitlisted")
    make_registration(clash, status="waitlisted", queued_at=waiting.queued_at - timedelta(minutes=1))
    next_day = make_session(world.edition, starts_at=world.session.starts_at + timedelta(days=1),
                            title_en="Pitching final")
    make_registration(next_day, me)
    make_registration(make_session(world.edition, title_en="Gone"), me, status="cancelled")

    response = client.get("/me/agenda")

    assert response.status_code == 200
    text = page_text(response)
    assert re.findall(r"(Thursday, December 10, 2026|Friday, December 11, 2026)", text) == [
        "Thursday, December 10, 2026", "Friday, December 11, 2026"]
    assert "Gone" not in text
    assert element_text(response, f"registration-{world.registration.id}").startswith(
        "09:00–11:00 Digital transformation workshop Phòng A · Trung tâm Hội nghị Confirmed "
        "Overlaps with Investor talk show.")
    assert "Waitlist: number 2 Overlaps with Digital transformation workshop." in element_text(
        response, f"registration-{waiting.id}")
    assert element_text(response, "clash-summary") == (
        "2 of your sessions overlap others. Choose which to attend and cancel the others to free the seats.")
    assert 'href="/r/7K3QX9MB"' in response.get_data(as_text=True)
    assert f'action="/registrations/{waiting.id}/cancel"' in response.get_data(as_text=True)


def test_agenda_without_registrations(client, login, world):
    login(world.people["other"])

    assert "You have not registered for any session yet." in page_text(client.get("/me/agenda"))


def test_agenda_creates_the_calendar_address_on_first_visit(client, login, world):
    me = login(world.people["registrant"])
    assert me.calendar_token is None

    response = client.get("/me/agenda")

    db.session.expire_all()
    token = db.session.get(User, me.id).calendar_token
    assert token
    assert f'value="http://localhost/calendar/{token}.ics"' in response.get_data(as_text=True)
    assert f'href="webcal://localhost/calendar/{token}.ics"' in response.get_data(as_text=True)
    client.get("/me/agenda")
    db.session.expire_all()
    assert db.session.get(User, me.id).calendar_token == token


def test_reset_calendar_replaces_the_address(client, login, world):
    me = login(world.people["registrant"])
    old = services.ensure_calendar_token(me)

    response = client.post("/me/agenda/calendar/reset")

    assert (response.status_code, response.location) == (302, "/me/agenda")
    db.session.expire_all()
    new = db.session.get(User, me.id).calendar_token
    assert new != old
    assert client.get(f"/calendar/{old}.ics").status_code == 404
    assert client.get(f"/calendar/{new}.ics").status_code == 200


def test_agenda_query_count_does_not_grow(client, login, world, count_queries):
    me = login(world.people["registrant"])
    team = make_organisation(me)

    def add_registrations(count):
        for number in range(count):
            edition = make_edition()
            session = make_session(edition, room=make_room(make_venue(edition)))
            make_registration(session, me, status="waitlisted" if number % 2 else "confirmed",
                              organisation=team if number % 3 == 0 else None)

    def queries():
        db.session.expire_all()  # as in a real request: nothing cached from the previous one
        with count_queries() as counter:
            assert client.get("/me/agenda").status_code == 200
        return counter["n"]

    services.ensure_calendar_token(me)  # created on the first visit (one more statement, once)
    add_registrations(3)
    small = queries()
    add_registrations(12)
    assert queries() == small


# --- calendar files ---------------------------------------------------------------------------

def read_calendar(response) -> Calendar:
    assert response.content_type == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.data)


def test_personal_feed_lists_confirmed_and_waitlisted_sessions(client, world):
    me = world.people["registrant"]
    waiting = make_session(world.edition, title_en="Investor talk show", capacity=0)
    make_registration(waiting, me, status="waitlisted")
    make_registration(make_session(world.edition, title_en="Gone"), me, status="cancelled")
    token = services.ensure_calendar_token(me)

    response = client.get(f"/calendar/{token}.ics")

    calendar = read_calendar(response)
    events = {str(e["summary"]): str(e["status"]) for e in calendar.walk("VEVENT")}
    assert events == {"Digital transformation workshop": "CONFIRMED", "Investor talk show": "TENTATIVE"}
    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == ["Asia/Ho_Chi_Minh"]
    assert str(calendar["x-wr-calname"]) == "My agenda · Techfest Việt Nam"
    assert b"DTSTART;TZID=Asia/Ho_Chi_Minh:20261210T090000" in response.data


def test_personal_feed_unknown_token_is_404(client, world):
    assert client.get("/calendar/not-a-token.ics").status_code == 404


def test_personal_feed_of_a_deactivated_account_is_404(client, world):
    me = world.people["registrant"]
    token = services.ensure_calendar_token(me)
    me.active = False
    db.session.commit()

    assert client.get(f"/calendar/{token}.ics").status_code == 404


def test_session_calendar_file(client, world):
    response = client.get(session_url(world) + ".ics")

    calendar = read_calendar(response)
    [event] = calendar.walk("VEVENT")
    assert (str(event["summary"]), str(event["status"]), str(event["location"])) == (
        "Hội thảo Chuyển đổi số", "CONFIRMED", "Phòng A, Trung tâm Hội nghị, 18 Minh Khai")
    assert event.decoded("dtstart").isoformat() == "2026-12-10T09:00:00+07:00"
    assert str(event["url"]) == f"http://localhost{session_url(world)}"
    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == ["Asia/Ho_Chi_Minh"]


def test_session_calendar_file_of_a_cancelled_session_says_so(client, world):
    world.session.status = "cancelled"
    db.session.commit()

    [event] = read_calendar(client.get(session_url(world) + ".ics")).walk("VEVENT")

    assert str(event["status"]) == "CANCELLED"


# --- tickets ----------------------------------------------------------------------------------

def test_ticket_shows_session_person_code_and_qr(client, login, world):
    login(world.people["registrant"])

    response = client.get("/r/7k3q-x9mb")

    assert response.status_code == 200
    assert element_text(response, "ticket-person") == "Phạm Minh Anh"
    assert element_text(response, "ticket-code") == "7K3Q-X9MB"
    assert element_text(response, "ticket-when") == "Thursday, December 10, 2026, 9:00 AM – 11:00 AM (GMT+07:00)"
    body = response.get_data(as_text=True)
    assert "<svg" in body and "check-in-button" not in body


def test_ticket_qr_png(client, login, world):
    login(world.people["registrant"])

    response = client.get("/r/7K3QX9MB/qr.png")

    assert (response.content_type, response.data[:8]) == ("image/png", b"\x89PNG\r\n\x1a\n")


def test_ticket_shows_organisers_a_check_in_button(client, login, world):
    login(world.people["organiser"])

    response = client.get("/r/7K3QX9MB")

    body = response.get_data(as_text=True)
    action = f"/manage/e/{world.edition.slug}/sessions/{world.session.id}/check-in"
    assert f'action="{action}"' in body
    assert re.search(r'<input[^>]*name="code"[^>]*type="hidden"[^>]*value="7K3QX9MB"|'
                     r'<input[^>]*type="hidden"[^>]*name="code"[^>]*value="7K3QX9MB"|'
                     r'<input[^>]*name="code"[^>]*value="7K3QX9MB"[^>]*type="hidden"', body)
    assert element_text(response, "check-in-button") == "Check in Phạm Minh Anh"

    checked = client.post(action, data={"code": "7K3QX9MB"})

    assert checked.status_code == 302
    after = client.get("/r/7K3QX9MB")
    assert element_text(after, "ticket-status") == "Arrived at 11/23/26, 10:00 AM."
    assert "check-in-button" not in after.get_data(as_text=True)


def test_ticket_of_a_waitlisted_registration_is_not_valid_for_entry(client, login, world):
    waiting = make_registration(world.session, world.people["other"], status="waitlisted")
    login(world.people["other"])

    response = client.get(f"/r/{waiting.check_in_code}")

    assert element_text(response, "ticket-status") == "On the waitlist: this ticket is not valid for entry."
    assert "<svg" not in response.get_data(as_text=True)


# --- bad input is a 4xx, never a 500 ----------------------------------------------------------

@pytest.mark.parametrize(("data", "message"), [
    ({"organisation_id": "abc", "seats": "1"}, "Invalid Choice: could not coerce."),
    ({"seats": "many"}, "Not a valid integer value."),
    ({"seats": "0"}, "Enter a number between 1 and 100."),
])
def test_register_with_bad_input_answers_422(client, login, world, data, message):
    login(world.people["other"])

    response = client.post(session_url(world) + "/register", data=data)

    assert (response.status_code, element_text(response, "refusal")) == (422, message)
    assert registration_count() == 1


def test_get_on_a_button_address_is_405(client, login, world):
    login(world.people["registrant"])

    assert client.get(session_url(world) + "/register").status_code == 405
    assert client.get(f"/registrations/{world.registration.id}/cancel").status_code == 405


def test_agenda_confirmation_survives_quotes_in_titles(client, login, world):
    world.session.title_en = "Founders' night \"live\""
    db.session.commit()
    login(world.people["registrant"])

    body = client.get("/me/agenda").get_data(as_text=True)

    assert ("onsubmit='return confirm(\"Cancel your registration for Founders\\u0027 night \\\"live\\\"?\")'"
            in body)
