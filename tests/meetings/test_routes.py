"""Meeting pages: the public slots of a stall, booking, the owner's slots, cancelling, my meetings, .ics."""
from datetime import date

import pytest
from icalendar import Calendar

from app.extensions import db
from app.meetings.models import Meeting, MeetingSlot
from tests.core.pages import Page
from tests.factories import make_meeting, make_user
from tests.meetings.helpers import active_meetings, give_booth, other_stall, slot_at, slot_count, stall_with_team, \
    vietnam


@pytest.fixture
def stall():
    return stall_with_team(owner_locale="en")


@pytest.fixture
def english(client):
    client.set_cookie("techfest_locale", "en")
    return client


@pytest.fixture
def visitor():
    return make_user(name="Sarah Johnson", email="sarah@fund.example", locale="en")


def slots_url(stall) -> str:
    return f"/e/{stall.edition.slug}/stalls/{stall.id}/meetings"


# Public slots --------------------------------------------------------------------------------

def test_public_slots_show_free_and_booked_without_who(english, stall, visitor):
    free = slot_at(stall, 10, 9)
    booked = slot_at(stall, 10, 9, 30)
    make_meeting(booked, visitor=visitor, topic="Bí mật")
    response = english.get(slots_url(stall))
    page, body = Page(response), response.get_data(as_text=True)

    assert response.status_code == 200
    assert f'id="slot-{free.id}" data-state="free"' in body and f'id="slot-{booked.id}" data-state="booked"' in body
    assert page.by_id[f"slot-{booked.id}"] == "09:30–09:45 · In person at the booth Booked"
    assert "Sarah Johnson" not in body and "Bí mật" not in body and "sarah@fund.example" not in body
    assert page.by_id["day-2026-12-10"] == "Thursday, December 10, 2026"


def test_anonymous_visitors_are_asked_to_sign_in_with_a_way_back(english, stall):
    slot_at(stall, 10, 9)
    body = english.get(slots_url(stall)).get_data(as_text=True)
    assert f'href="/account/login?next=/e/{stall.edition.slug}/stalls/{stall.id}/meetings"' in body
    assert "Sign in to book" in body and "/book" not in body


def test_signed_in_visitor_gets_a_book_form_per_free_slot(english, login, stall, visitor):
    free, booked = slot_at(stall, 10, 9), slot_at(stall, 10, 9, 30)
    make_meeting(booked)
    login(visitor)
    body = english.get(slots_url(stall)).get_data(as_text=True)
    assert f'action="/meetings/slots/{free.id}/book"' in body
    assert f'action="/meetings/slots/{booked.id}/book"' not in body


def test_owner_sees_no_book_button(english, login, stall):
    slot = slot_at(stall, 10, 9)
    login(stall.organisation.owner)
    assert f'action="/meetings/slots/{slot.id}/book"' not in english.get(slots_url(stall)).get_data(as_text=True)


def test_past_slots_are_not_listed(english, stall, clock):
    past, future = slot_at(stall, 10, 9), slot_at(stall, 10, 11)
    clock(vietnam(10, 10))
    body = english.get(slots_url(stall)).get_data(as_text=True)
    assert f'id="slot-{past.id}"' not in body and f'id="slot-{future.id}"' in body


def test_no_slots_points_to_the_contact_form(english, stall):
    page = Page(english.get(slots_url(stall)))
    assert page.by_id["no-slots"].startswith("The team has not published any meeting slot yet.")


def test_hidden_stall_slots_are_404(client, stall):
    stall.is_hidden = True
    db.session.commit()
    assert client.get(slots_url(stall)).status_code == 404


# Booking -------------------------------------------------------------------------------------

def test_booking_redirects_to_my_meetings_with_a_message(english, login, stall, visitor):
    slot = slot_at(stall, 10, 9)
    login(visitor)
    response = english.post(f"/meetings/slots/{slot.id}/book", data={"topic": "Đầu tư"})

    assert (response.status_code, response.headers["Location"]) == (302, "/me/meetings")
    meeting = db.session.scalar(db.select(Meeting))
    assert (meeting.visitor_id, meeting.topic) == (visitor.id, "Đầu tư")
    assert Page(english.get("/me/meetings")).flashes == [
        "Your meeting with Nông Nghiệp Xanh is booked: Thursday, December 10, 2026, 9:00 AM – 9:15 AM (GMT+07:00). "
        "A calendar file is on its way by email."]


def test_booking_a_past_slot_is_409_with_a_translated_message(english, login, stall, visitor, clock):
    slot = slot_at(stall, 10, 9)
    clock(vietnam(10, 9, 5))
    login(visitor)
    response = english.post(f"/meetings/slots/{slot.id}/book", data={})

    assert response.status_code == 409
    page = Page(response)
    assert page.by_id["refusal"] == "This slot has already started or passed: choose a later one."
    assert f'href="{slots_url(stall)}"' in response.get_data(as_text=True)
    assert active_meetings(slot) == 0


def test_booking_a_past_slot_in_vietnamese_is_translated_page(client, login, stall, clock):
    slot = slot_at(stall, 10, 9)
    clock(vietnam(11, 9))
    login(make_user(locale="vi"))
    response = client.post(f"/meetings/slots/{slot.id}/book", data={})
    assert (response.status_code, Page(response).lang) == (409, "vi")


def test_booking_a_taken_slot_is_409(english, login, stall, visitor):
    slot = slot_at(stall, 10, 9)
    make_meeting(slot)
    login(visitor)
    response = english.post(f"/meetings/slots/{slot.id}/book", data={})
    assert (response.status_code, Page(response).by_id["refusal"]) == (
        409, "This slot is already booked: choose another one.")


def test_booking_with_too_long_topic_is_422(english, login, stall, visitor):
    slot = slot_at(stall, 10, 9)
    login(visitor)
    response = english.post(f"/meetings/slots/{slot.id}/book", data={"topic": "x" * 501})
    assert (response.status_code, Page(response).by_id["refusal"]) == (422, "Enter at most 500 characters.")


def test_owner_booking_own_stall_is_403(client, login, stall):
    slot = slot_at(stall, 10, 9)
    login(stall.organisation.owner)
    assert client.post(f"/meetings/slots/{slot.id}/book", data={}).status_code == 403
    assert active_meetings(slot) == 0


def test_booking_needs_an_account(client, stall):
    slot = slot_at(stall, 10, 9)
    response = client.post(f"/meetings/slots/{slot.id}/book", data={})
    assert response.status_code == 302 and response.headers["Location"].startswith("/account/login")


def test_booking_at_a_hidden_stall_is_404(client, login, stall, visitor):
    slot = slot_at(stall, 10, 9)
    stall.is_hidden = True
    db.session.commit()
    login(visitor)
    assert client.post(f"/meetings/slots/{slot.id}/book", data={}).status_code == 404


# The owner's slots ---------------------------------------------------------------------------

def owner_url(stall) -> str:
    return f"/me/stalls/{stall.id}/meetings"


PUBLISH = {"day": "2026-12-10", "start": "09:00", "end": "12:00", "minutes": "15", "gap_minutes": "5",
           "mode": "booth", "location": "Bàn 2"}


def test_owner_sees_who_booked_with_email_and_topic(english, login, stall, visitor):
    give_booth(stall)
    slot = slot_at(stall, 10, 9)
    make_meeting(slot, visitor=visitor, topic="Vòng hạt giống")
    login(stall.organisation.owner)
    response = english.get(owner_url(stall))
    page = Page(response)

    assert response.status_code == 200
    assert page.text.count("Sarah Johnson") == 1
    assert "sarah@fund.example" in page.by_id[f"slot-{slot.id}"] and "Vòng hạt giống" in page.by_id[f"slot-{slot.id}"]
    assert "In-person meetings take place at booth A-12, Hall A." in page.text


def test_publishing_a_series_creates_slots(english, login, stall):
    login(stall.organisation.owner)
    response = english.post(owner_url(stall), data=PUBLISH)

    assert (response.status_code, response.headers["Location"]) == (302, owner_url(stall))
    assert slot_count(stall) == 9
    assert Page(english.get(owner_url(stall))).flashes == ["9 slots published."]


def test_publishing_an_overlap_is_409_next_to_the_field_keeping_the_input(english, login, stall):
    slot_at(stall, 10, 10, 30, minutes=30)
    login(stall.organisation.owner)
    response = english.post(owner_url(stall), data=PUBLISH)
    page = Page(response)

    assert response.status_code == 409
    assert page.error("start") == ("The slot 10/12/2026 10:20–10:35 overlaps the slot 10/12/2026 10:30–11:00 "
                                   "already published.")
    assert (page.value("day"), page.value("start"), page.value("end"), page.value("location")) == (
        "2026-12-10", "09:00", "12:00", "Bàn 2")
    assert slot_count(stall) == 1


def test_publishing_in_the_past_is_refused(english, login, stall, clock):
    clock(vietnam(11, 8))
    login(stall.organisation.owner)
    response = english.post(owner_url(stall), data=PUBLISH)
    assert (response.status_code, Page(response).error("start")) == (
        409, "10/12/2026 09:00 has already passed: slots must start later.")


def test_publishing_a_bad_form_is_422(english, login, stall):
    login(stall.organisation.owner)
    response = english.post(owner_url(stall), data={**PUBLISH, "minutes": "2", "day": "soon"})
    page = Page(response)
    assert response.status_code == 422
    assert page.error("minutes") == "Enter a number between 5 and 240."
    assert page.error("day") == "Not a valid date value."
    assert slot_count(stall) == 0


def test_publishing_online_with_a_non_link_is_refused_next_to_location(english, login, stall):
    login(stall.organisation.owner)
    response = english.post(owner_url(stall), data={**PUBLISH, "mode": "online", "location": "Zoom"})
    assert response.status_code == 400
    assert Page(response).error("location").startswith("Give the video link as a full address")


def test_owner_page_is_403_for_others(client, login, stall):
    login(make_user())
    assert client.get(owner_url(stall)).status_code == 403
    assert client.post(owner_url(stall), data=PUBLISH).status_code == 403


def test_deleting_a_free_slot(english, login, stall):
    slot = slot_at(stall, 10, 9)
    login(stall.organisation.owner)
    response = english.post(f"/me/slots/{slot.id}/delete")
    assert (response.status_code, slot_count(stall)) == (302, 0)


def test_deleting_a_booked_slot_is_409(english, login, stall, visitor):
    slot = slot_at(stall, 10, 9)
    make_meeting(slot, visitor=visitor)
    login(stall.organisation.owner)
    response = english.post(f"/me/slots/{slot.id}/delete")
    assert (response.status_code, Page(response).by_id["refusal"]) == (
        409, "Sarah Johnson booked this slot: cancel the meeting first.")
    assert slot_count(stall) == 1


def test_deleting_someone_elses_slot_is_403(client, login, stall):
    slot = slot_at(stall, 10, 9)
    login(make_user())
    assert client.post(f"/me/slots/{slot.id}/delete").status_code == 403


# Cancelling and my meetings ------------------------------------------------------------------

def test_visitor_cancels_from_my_meetings(english, login, stall, visitor):
    meeting = make_meeting(slot_at(stall, 10, 9), visitor=visitor)
    login(visitor)
    response = english.post(f"/me/meetings/{meeting.id}/cancel", data={"reason": "Ốm", "next": "/me/meetings"})

    assert (response.status_code, response.headers["Location"]) == (302, "/me/meetings")
    assert (meeting.is_active, meeting.cancel_reason) == (False, "Ốm")


def test_owner_cancels_from_the_slots_page(english, login, stall, visitor):
    meeting = make_meeting(slot_at(stall, 10, 9), visitor=visitor)
    login(stall.organisation.owner)
    response = english.post(f"/me/meetings/{meeting.id}/cancel", data={"next": owner_url(stall)})
    assert (response.status_code, response.headers["Location"], meeting.is_active) == (302, owner_url(stall), False)


def test_cancel_refuses_an_outside_next(english, login, stall, visitor):
    meeting = make_meeting(slot_at(stall, 10, 9), visitor=visitor)
    login(visitor)
    response = english.post(f"/me/meetings/{meeting.id}/cancel", data={"next": "https://evil.example/"})
    assert response.headers["Location"] == "/me/meetings"


def test_cancelling_an_ended_meeting_is_409(english, login, stall, visitor, clock):
    meeting = make_meeting(slot_at(stall, 10, 9), visitor=visitor)
    clock(vietnam(10, 10))
    login(visitor)
    response = english.post(f"/me/meetings/{meeting.id}/cancel", data={})
    assert (response.status_code, Page(response).by_id["refusal"]) == (
        409, "This meeting has already ended; it can no longer be cancelled.")


def test_cancelling_someone_elses_meeting_is_403(client, login, stall, visitor):
    meeting = make_meeting(slot_at(stall, 10, 9), visitor=visitor)
    login(make_user())
    assert client.post(f"/me/meetings/{meeting.id}/cancel", data={}).status_code == 403
    assert meeting.is_active


def test_my_meetings_lists_upcoming_and_past(english, login, stall, visitor, clock):
    give_booth(stall)
    earlier = make_meeting(slot_at(stall, 10, 9), visitor=visitor)
    later = make_meeting(slot_at(stall, 11, 14, mode="online", location="https://meet.example/x"), visitor=visitor)
    cancelled = make_meeting(slot_at(stall, 12, 9), visitor=visitor, cancelled_at=clock.start, cancel_reason="Ốm")
    clock(vietnam(10, 12))
    login(visitor)
    response = english.get("/me/meetings")
    page = Page(response)

    assert response.status_code == 200
    assert page.by_id["upcoming"].startswith("Nông Nghiệp Xanh · Techfest Haiphong 2026 Friday, December 11, 2026")
    assert "https://meet.example/x" in page.by_id[f"meeting-{later.id}"]
    assert "Booth A-12, Hall A" in page.by_id[f"meeting-{earlier.id}"]
    assert "Cancelled Ốm" in page.by_id[f"meeting-{cancelled.id}"]
    body = response.get_data(as_text=True)
    assert body.index(f'id="meeting-{later.id}"') < body.index('id="past-heading"') < body.index(
        f'id="meeting-{cancelled.id}"') < body.index(f'id="meeting-{earlier.id}"')
    assert f'action="/me/meetings/{later.id}/cancel"' in body
    assert f'action="/me/meetings/{earlier.id}/cancel"' not in body


def test_my_meetings_needs_an_account(client):
    assert client.get("/me/meetings").status_code == 302


def test_meeting_ics_for_the_visitor(english, login, stall, visitor):
    meeting = make_meeting(slot_at(stall, 10, 9), visitor=visitor)
    login(visitor)
    response = english.get(f"/me/meetings/{meeting.id}.ics")

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    [event] = Calendar.from_ical(response.data).walk("VEVENT")
    assert (str(event["uid"]), str(event["summary"]), event["dtstart"].to_ical()) == (
        f"meeting-{meeting.id}@techfest-platform", "Meeting with Nông Nghiệp Xanh", b"20261210T020000Z")


def test_meeting_ics_for_the_stall_names_the_visitor(english, login, stall, visitor):
    meeting = make_meeting(slot_at(stall, 10, 9), visitor=visitor)
    login(stall.organisation.owner)
    [event] = Calendar.from_ical(english.get(f"/me/meetings/{meeting.id}.ics").data).walk("VEVENT")
    assert str(event["summary"]) == "Meeting with Sarah Johnson"


def test_meeting_ics_of_a_cancelled_meeting_cancels(english, login, stall, visitor, clock):
    meeting = make_meeting(slot_at(stall, 10, 9), visitor=visitor, cancelled_at=clock.start)
    login(visitor)
    calendar = Calendar.from_ical(english.get(f"/me/meetings/{meeting.id}.ics").data)
    assert (str(calendar["method"]), str(calendar.walk("VEVENT")[0]["status"])) == ("CANCEL", "CANCELLED")


def test_meeting_ics_is_404_for_others(client, login, stall, visitor):
    meeting = make_meeting(slot_at(stall, 10, 9), visitor=visitor)
    login(make_user())
    assert client.get(f"/me/meetings/{meeting.id}.ics").status_code == 404


def test_slot_of_another_stall_is_not_mixed_in(english, stall):
    other = other_stall(stall.edition)
    theirs = slot_at(other, 10, 9)
    assert f'id="slot-{theirs.id}"' not in english.get(slots_url(stall)).get_data(as_text=True)
    assert db.session.get(MeetingSlot, theirs.id).starts_at.date() == date(2026, 12, 10)
