"""Mail about meetings: who is told, in which language, what it says, and the calendar file attached."""
from datetime import UTC, datetime

import pytest
from icalendar import Calendar

from app.accounts.models import Role
from app.meetings import services
from tests.factories import make_user
from tests.meetings.helpers import give_booth, outbox_rows, slot_at, stall_with_team


@pytest.fixture
def stall():
    return stall_with_team(owner_locale="vi")


@pytest.fixture
def visitor():
    return make_user(name="Sarah Johnson", email="sarah@fund.example", locale="en")


def calendar_of(message) -> Calendar:
    [attachment] = message.attachments
    assert (attachment.filename, attachment.content_type) == ("meeting.ics", "text/calendar")
    return Calendar.from_ical(attachment.content)


def event_of(message):
    [event] = calendar_of(message).walk("VEVENT")
    return event


def test_booking_mails_the_visitor_and_each_stall_contact(stall, visitor):
    services.book_meeting(slot_at(stall, 10, 10), visitor=visitor)
    assert [(m.kind, m.recipient_email, m.locale) for m in outbox_rows()] == [
        ("meetings.booked", "sarah@fund.example", "en"),
        ("meetings.booked_stall", "owner@startup.vn", "vi"),
    ]


def test_booked_mail_to_the_visitor_in_english_with_booth_and_hall(stall, visitor):
    give_booth(stall, code="A-12")
    services.book_meeting(slot_at(stall, 10, 10, location="Bàn 2"), visitor=visitor, topic="Vòng gọi vốn hạt giống")
    [message] = outbox_rows("meetings.booked")

    assert message.subject == "Meeting booked: Nông Nghiệp Xanh, Dec 10, 2026 10:00"
    assert message.body_text.split("\n\n") == [
        "Hello Sarah Johnson,",
        "Your meeting with Nông Nghiệp Xanh at Techfest Haiphong 2026 is booked:",
        "With: Nông Nghiệp Xanh\n"
        "When: Thursday, December 10, 2026, 10:00\u202fAM – 10:15\u202fAM (GMT+07:00)\n"
        "How: In person at the booth\n"
        "Where: Booth A-12, Hall A · Bàn 2\n"
        "Topic: Vòng gọi vốn hạt giống",
        "The calendar file attached (meeting.ics) adds the meeting to your calendar.",
        "Cannot come after all? Cancel the meeting in your list, so that someone else can take the slot:\n"
        "http://127.0.0.1:5000/me/meetings",
        "The Techfest Việt Nam team",
    ]


def test_booked_calendar_file_is_in_utc_with_a_stable_uid(stall, visitor):
    give_booth(stall, code="A-12")
    meeting = services.book_meeting(slot_at(stall, 10, 10), visitor=visitor)
    [message] = outbox_rows("meetings.booked")
    calendar, event = calendar_of(message), event_of(message)

    assert str(calendar["method"]) == "PUBLISH"
    assert (str(event["uid"]), str(event["status"]), int(event["sequence"])) == (
        f"meeting-{meeting.id}@techfest-platform", "CONFIRMED", 0)
    assert event.decoded("dtstart") == datetime(2026, 12, 10, 3, 0, tzinfo=UTC)
    assert event.decoded("dtend") == datetime(2026, 12, 10, 3, 15, tzinfo=UTC)
    assert event["dtstart"].to_ical() == b"20261210T030000Z"
    assert (str(event["summary"]), str(event["location"])) == ("Meeting with Nông Nghiệp Xanh", "Booth A-12, Hall A")
    assert str(event["url"]) == "http://127.0.0.1:5000/me/meetings"


def test_booked_mail_to_the_stall_in_vietnamese(stall, visitor):
    give_booth(stall, code="A-12")
    services.book_meeting(slot_at(stall, 10, 10), visitor=visitor, topic="Hợp tác phân phối")
    [message] = outbox_rows("meetings.booked_stall")
    paragraphs = message.body_text.split("\n\n")

    assert (message.recipient_name, paragraphs[0], paragraphs[-1]) == (
        "Lê Minh Chủ", "Xin chào Lê Minh Chủ,", "Ban tổ chức Techfest Việt Nam")
    assert "Techfest Hải Phòng 2026" in paragraphs[1]
    assert "Sarah Johnson <sarah@fund.example>" in paragraphs[2]
    assert "Thứ Năm, 10 tháng 12, 2026, 10:00 – 10:15 (GMT+07:00)" in paragraphs[2]
    assert "A-12, Khu A" in paragraphs[2] and "Hợp tác phân phối" in paragraphs[2]
    assert f"http://127.0.0.1:5000/me/stalls/{stall.id}/meetings" in message.body_text
    event = event_of(message)
    assert str(event["url"]) == f"http://127.0.0.1:5000/me/stalls/{stall.id}/meetings"
    assert "Sarah Johnson" in str(event["summary"])


def test_online_meeting_location_is_the_video_link(stall, visitor):
    services.book_meeting(slot_at(stall, 10, 10, mode="online", location="https://meet.example/xanh"),
                          visitor=visitor)
    [message] = outbox_rows("meetings.booked")
    assert str(event_of(message)["location"]) == "https://meet.example/xanh"
    assert "How: Online\nWhere: https://meet.example/xanh" in message.body_text


def test_online_meeting_without_link_says_it_will_be_sent(stall, visitor):
    services.book_meeting(slot_at(stall, 10, 10, mode="online"), visitor=visitor)
    [message] = outbox_rows("meetings.booked")
    assert str(event_of(message)["location"]) == "Online: the exhibitor will send the video link by email"


def test_contact_email_gets_the_stall_mail_instead_of_members(visitor):
    stall = stall_with_team(owner_locale="en", members=(make_user(),), contact_email="sales@startup.vn",
                            contact_name="Phòng Kinh doanh")
    services.book_meeting(slot_at(stall, 10, 10), visitor=visitor)
    assert [(m.recipient_email, m.recipient_name) for m in outbox_rows("meetings.booked_stall")] == [
        ("sales@startup.vn", "Phòng Kinh doanh")]


def test_visitor_cancelling_tells_the_stall_only_with_a_cancelling_calendar_file(stall, visitor):
    meeting = services.book_meeting(slot_at(stall, 10, 10), visitor=visitor)
    services.cancel_meeting(meeting, by=visitor, reason="Chuyến bay bị hoãn")
    [message] = outbox_rows("meetings.cancelled")

    assert (message.recipient_email, message.locale) == ("owner@startup.vn", "vi")
    assert "Sarah Johnson" in message.subject and "Chuyến bay bị hoãn" in message.body_text
    calendar, event = calendar_of(message), event_of(message)
    assert (str(calendar["method"]), str(event["status"]), int(event["sequence"])) == ("CANCEL", "CANCELLED", 1)
    assert str(event["uid"]) == f"meeting-{meeting.id}@techfest-platform"
    assert event.decoded("dtstart") == datetime(2026, 12, 10, 3, 0, tzinfo=UTC)


def test_owner_cancelling_tells_the_visitor_in_english(stall, visitor):
    meeting = services.book_meeting(slot_at(stall, 10, 10), visitor=visitor)
    services.cancel_meeting(meeting, by=stall.organisation.owner, reason="Trùng lịch họp")
    [message] = outbox_rows("meetings.cancelled")

    assert (message.recipient_email, message.subject) == (
        "sarah@fund.example", "Meeting cancelled: Nông Nghiệp Xanh, Dec 10, 2026 10:00")
    paragraphs = message.body_text.split("\n\n")
    assert paragraphs[1] == "Your meeting with Nông Nghiệp Xanh at Techfest Haiphong 2026 is cancelled."
    assert paragraphs[2].endswith("Cancelled by: Lê Minh Chủ\nReason: Trùng lịch họp")
    assert paragraphs[4] == (f"You can book another slot on the stall's page:\n"
                             f"http://127.0.0.1:5000/e/techfest-2026/stalls/{stall.id}/meetings")
    assert str(calendar_of(message)["method"]) == "CANCEL"


def test_cancelling_without_reason_says_none_given(stall, visitor):
    meeting = services.book_meeting(slot_at(stall, 10, 10), visitor=visitor)
    services.cancel_meeting(meeting, by=stall.organisation.owner)
    [message] = outbox_rows("meetings.cancelled")
    assert "Reason: none given" in message.body_text


def test_organiser_cancelling_tells_both_sides(stall, visitor):
    meeting = services.book_meeting(slot_at(stall, 10, 10), visitor=visitor)
    services.cancel_meeting(meeting, by=make_user(roles=(Role.ADMIN,)), reason=None)
    assert [m.recipient_email for m in outbox_rows("meetings.cancelled")] == ["sarah@fund.example",
                                                                              "owner@startup.vn"]
