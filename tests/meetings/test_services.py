"""Meetings: publishing slots, booking and cancelling, with every rule and refusal."""
from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy.exc import IntegrityError

from app.core.errors import Conflict, DomainError, NotAllowed
from app.extensions import db
from app.meetings import services
from app.meetings.models import Meeting, MeetingSlot
from app.meetings.services import MeetingClosed
from tests.core.pages import in_english
from tests.factories import make_exhibition, make_meeting, make_user
from tests.meetings.helpers import active_meetings, other_stall, slot_at, slot_count, stall_with_team, vietnam

SERIES = dict(day=date(2026, 12, 10), start=time(9, 0), end=time(12, 0), minutes=15, gap_minutes=5)


@pytest.fixture
def stall():
    return stall_with_team()


@pytest.fixture
def visitor():
    return make_user(name="Trần Thị Nhà Đầu Tư", email="investor@quy.vn", locale="en")


# Publishing ----------------------------------------------------------------------------------

def test_publish_series_from_9_to_12_every_15_minutes_with_5_minute_breaks(stall):
    created = services.publish_slots(stall, **SERIES, mode="booth", location="Bàn 2")

    assert [(slot.starts_at, slot.ends_at) for slot in created][:2] == [
        (vietnam(10, 9), vietnam(10, 9, 15)), (vietnam(10, 9, 20), vietnam(10, 9, 35))]
    assert (len(created), created[-1].starts_at, {s.mode for s in created}, {s.location for s in created}) == (
        9, vietnam(10, 11, 40), {"booth"}, {"Bàn 2"})
    assert slot_count(stall) == 9


def test_publish_online_without_a_link_promises_to_send_it(stall):
    created = services.publish_slots(stall, **SERIES, mode="online", location="  ")
    assert {slot.location for slot in created} == {None}


def test_publish_online_with_a_link(stall):
    created = services.publish_slots(stall, **SERIES, mode="online", location="https://meet.example/xanh")
    assert created[0].location == "https://meet.example/xanh"


def test_publish_online_with_something_else_than_a_link_is_refused(stall):
    with pytest.raises(DomainError) as refused:
        services.publish_slots(stall, **SERIES, mode="online", location="Zoom")
    assert (refused.value.field, in_english(refused.value)) == (
        "location", "Give the video link as a full address starting with https://, or leave it empty and send the "
                    "link by email later.")
    assert slot_count(stall) == 0


def test_publish_refuses_an_end_before_the_start(stall):
    with pytest.raises(DomainError) as refused:
        services.publish_slots(stall, **{**SERIES, "start": time(12, 0), "end": time(9, 0)}, mode="booth")
    assert (refused.value.field, in_english(refused.value)) == ("end", "The end must be later than the start.")


def test_publish_refuses_a_time_too_short_for_one_slot(stall):
    with pytest.raises(DomainError) as refused:
        services.publish_slots(stall, **{**SERIES, "end": time(9, 10)}, mode="booth")
    assert in_english(refused.value) == "No 15-minute slot fits between 09:00 and 09:10."


def test_publish_refuses_slots_in_the_past(stall, clock):
    clock(vietnam(10, 10))
    with pytest.raises(MeetingClosed) as refused:
        services.publish_slots(stall, **SERIES, mode="booth")
    assert (refused.value.status_code, refused.value.field, in_english(refused.value)) == (
        409, "start", "10/12/2026 09:00 has already passed: slots must start later.")
    assert slot_count(stall) == 0


def test_publish_refuses_an_overlap_naming_the_clash(stall):
    slot_at(stall, 10, 10, 30, minutes=30)
    with pytest.raises(Conflict) as refused:
        services.publish_slots(stall, **SERIES, mode="booth")
    assert (refused.value.status_code, refused.value.field, in_english(refused.value)) == (
        409, "start", "The slot 10/12/2026 10:20–10:35 overlaps the slot 10/12/2026 10:30–11:00 already published.")
    assert slot_count(stall) == 1


def test_publish_next_to_existing_slots_is_fine(stall):
    slot_at(stall, 10, 8, 30, minutes=30)
    slot_at(stall, 10, 12, 0)
    assert len(services.publish_slots(stall, **SERIES, mode="booth")) == 9


def test_other_stalls_slots_do_not_clash(stall):
    slot_at(other_stall(stall.edition), 10, 9)
    assert len(services.publish_slots(stall, **SERIES, mode="booth")) == 9


def test_publish_refuses_days_outside_the_festival(stall):
    with pytest.raises(DomainError) as refused:
        services.publish_slots(stall, **{**SERIES, "day": date(2026, 12, 13)}, mode="booth")
    assert (refused.value.field, in_english(refused.value)) == (
        "day", "Slots must fall within the festival (10/12/2026 – 12/12/2026).")


def test_online_slots_may_fall_in_the_online_window(stall):
    make_exhibition(stall.edition, online_opens_at=datetime(2026, 12, 1, tzinfo=UTC),
                    online_closes_at=datetime(2026, 12, 31, tzinfo=UTC))
    created = services.publish_slots(stall, **{**SERIES, "day": date(2026, 12, 20)}, mode="online")
    assert len(created) == 9


def test_online_slots_outside_both_festival_and_window_are_refused(stall):
    make_exhibition(stall.edition, online_opens_at=datetime(2026, 12, 1, tzinfo=UTC),
                    online_closes_at=datetime(2026, 12, 31, tzinfo=UTC))
    with pytest.raises(DomainError) as refused:
        services.publish_slots(stall, **{**SERIES, "day": date(2027, 1, 5)}, mode="online")
    assert in_english(refused.value) == ("Slots must fall within the festival (10/12/2026 – 12/12/2026) "
                                         "or its online window.")


def test_booth_slots_need_the_festival_days_even_inside_the_online_window(stall):
    make_exhibition(stall.edition, online_opens_at=datetime(2026, 12, 1, tzinfo=UTC),
                    online_closes_at=datetime(2026, 12, 31, tzinfo=UTC))
    with pytest.raises(DomainError) as refused:
        services.publish_slots(stall, **{**SERIES, "day": date(2026, 12, 20)}, mode="booth")
    assert in_english(refused.value) == "Slots must fall within the festival (10/12/2026 – 12/12/2026)."


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"minutes": 4}, "minutes", "A meeting lasts between 5 and 240 minutes."),
    ({"gap_minutes": -1}, "gap_minutes", "The break between meetings is between 0 and 120 minutes."),
    ({"mode": "phone"}, "mode", "Choose where the meetings take place."),
    ({"minutes": 5, "gap_minutes": 0, "start": time(0, 0), "end": time(23, 59)}, "end",
     "That makes more than 100 slots at once: publish a shorter series."),
])
def test_publish_refuses_bad_shapes(stall, changes, field, message):
    with pytest.raises(DomainError) as refused:
        services.publish_slots(stall, **{**SERIES, "mode": "booth", **changes})
    assert (refused.value.field, in_english(refused.value)) == (field, message)


def test_delete_free_slot(stall):
    slot = slot_at(stall, 10, 9)
    services.delete_slot(slot)
    assert slot_count(stall) == 0


def test_delete_booked_slot_is_refused_until_the_meeting_is_cancelled(stall, visitor):
    slot = slot_at(stall, 10, 9)
    meeting = make_meeting(slot, visitor=visitor)
    with pytest.raises(Conflict) as refused:
        services.delete_slot(slot)
    assert in_english(refused.value) == "Trần Thị Nhà Đầu Tư booked this slot: cancel the meeting first."

    services.cancel_meeting(meeting, by=stall.organisation.owner, reason=None)
    services.delete_slot(slot)
    assert slot_count(stall) == 0


# Booking -------------------------------------------------------------------------------------

def test_book_meeting(stall, visitor, clock):
    slot = slot_at(stall, 10, 9)
    meeting = services.book_meeting(slot, visitor=visitor, topic="  Đầu tư vòng hạt giống  ")

    assert (meeting.slot_id, meeting.visitor_id, meeting.topic, meeting.created_at, meeting.is_active) == (
        slot.id, visitor.id, "Đầu tư vòng hạt giống", clock.start, True)
    assert slot.active_meeting == meeting


def test_booking_a_past_slot_is_a_clear_409(stall, visitor, clock):
    slot = slot_at(stall, 10, 9)
    clock(vietnam(10, 9))
    with pytest.raises(MeetingClosed) as refused:
        services.book_meeting(slot, visitor=visitor)
    assert (refused.value.status_code, in_english(refused.value)) == (
        409, "This slot has already started or passed: choose a later one.")
    assert active_meetings(slot) == 0


def test_booking_a_taken_slot_is_a_conflict(stall, visitor):
    slot = slot_at(stall, 10, 9)
    make_meeting(slot, visitor=make_user())
    with pytest.raises(Conflict) as refused:
        services.book_meeting(slot, visitor=visitor)
    assert (refused.value.status_code, in_english(refused.value)) == (
        409, "This slot is already booked: choose another one.")


def test_the_unique_index_refuses_a_second_active_meeting_even_without_the_check(stall, visitor):
    slot = slot_at(stall, 10, 9)
    make_meeting(slot, visitor=make_user())
    db.session.add(Meeting(slot_id=slot.id, visitor_id=visitor.id))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_booking_that_loses_the_race_at_the_index_is_a_conflict(stall, visitor, monkeypatch):
    slot = slot_at(stall, 10, 9)
    make_meeting(slot, visitor=make_user())
    db.session.expire_all()
    monkeypatch.setattr(MeetingSlot, "active_meeting", property(lambda self: None))  # the check saw a free slot
    with pytest.raises(Conflict) as refused:
        services.book_meeting(db.session.get(MeetingSlot, slot.id), visitor=visitor)
    assert in_english(refused.value) == "Someone booked this slot a moment ago: choose another one."
    assert active_meetings(slot) == 1


def test_a_cancelled_meeting_frees_the_slot(stall, visitor):
    slot = slot_at(stall, 10, 9)
    make_meeting(slot, visitor=make_user(), cancelled_at=datetime(2026, 11, 20, tzinfo=UTC))
    assert services.book_meeting(slot, visitor=visitor).is_active


def test_own_stall_cannot_be_booked(stall):
    with pytest.raises(NotAllowed) as refused:
        services.book_meeting(slot_at(stall, 10, 9), visitor=stall.organisation.owner)
    assert in_english(refused.value) == "This is your own stall: meetings are booked by visitors."


def test_hidden_stall_cannot_be_booked(stall, visitor):
    slot = slot_at(stall, 10, 9)
    stall.is_hidden = True
    with pytest.raises(NotAllowed):
        services.book_meeting(slot, visitor=visitor)


def test_a_visitor_has_one_meeting_at_a_time_across_stalls(stall, visitor):
    other = other_stall(stall.edition)
    make_meeting(slot_at(other, 10, 9, 10, minutes=30), visitor=visitor)
    with pytest.raises(Conflict) as refused:
        services.book_meeting(slot_at(stall, 10, 9), visitor=visitor)
    assert in_english(refused.value) == ("You already have a meeting with Công ty Khác at that time "
                                         "(10/12/2026 09:10–09:40). Cancel it first or choose another slot.")


def test_back_to_back_meetings_are_fine_and_cancelled_ones_do_not_clash(stall, visitor):
    other = other_stall(stall.edition)
    make_meeting(slot_at(other, 10, 8, 45), visitor=visitor)
    make_meeting(slot_at(other, 10, 9, 5), visitor=visitor, cancelled_at=datetime(2026, 11, 20, tzinfo=UTC))
    assert services.book_meeting(slot_at(stall, 10, 9), visitor=visitor).is_active


def test_topic_longer_than_500_characters_is_refused(stall, visitor):
    with pytest.raises(DomainError) as refused:
        services.book_meeting(slot_at(stall, 10, 9), visitor=visitor, topic="x" * 501)
    assert in_english(refused.value) == "Keep the topic under 500 characters."


# Cancelling ----------------------------------------------------------------------------------

@pytest.mark.parametrize("side", ["visitor", "owner"])
def test_either_side_cancels_and_the_slot_is_free_again(stall, visitor, clock, side):
    slot = slot_at(stall, 10, 9)
    meeting = services.book_meeting(slot, visitor=visitor)
    canceller = visitor if side == "visitor" else stall.organisation.owner
    clock(clock.start + timedelta(hours=1))

    services.cancel_meeting(meeting, by=canceller, reason="  Trùng lịch  ")

    assert (meeting.cancelled_at, meeting.cancelled_by_id, meeting.cancel_reason) == (
        clock.start + timedelta(hours=1), canceller.id, "Trùng lịch")
    assert active_meetings(slot) == 0
    assert services.book_meeting(slot, visitor=make_user()).is_active


def test_cancelling_twice_is_a_conflict(stall, visitor):
    meeting = services.book_meeting(slot_at(stall, 10, 9), visitor=visitor)
    services.cancel_meeting(meeting, by=visitor)
    with pytest.raises(Conflict) as refused:
        services.cancel_meeting(meeting, by=visitor)
    assert in_english(refused.value) == "This meeting is already cancelled."


def test_a_meeting_that_ended_cannot_be_cancelled(stall, visitor, clock):
    meeting = services.book_meeting(slot_at(stall, 10, 9), visitor=visitor)
    clock(vietnam(10, 9, 15))
    with pytest.raises(MeetingClosed) as refused:
        services.cancel_meeting(meeting, by=visitor)
    assert in_english(refused.value) == "This meeting has already ended; it can no longer be cancelled."
    assert meeting.is_active


def test_a_meeting_under_way_can_still_be_cancelled(stall, visitor, clock):
    meeting = services.book_meeting(slot_at(stall, 10, 9), visitor=visitor)
    clock(vietnam(10, 9, 5))
    assert services.cancel_meeting(meeting, by=visitor).is_active is False


def test_reason_longer_than_300_characters_is_refused(stall, visitor):
    meeting = services.book_meeting(slot_at(stall, 10, 9), visitor=visitor)
    with pytest.raises(DomainError) as refused:
        services.cancel_meeting(meeting, by=visitor, reason="x" * 301)
    assert in_english(refused.value) == "Keep the reason under 300 characters."
