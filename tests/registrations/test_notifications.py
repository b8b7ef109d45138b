"""Mail about seats: what each message says, in whose language and timezone, and what is attached."""
from datetime import timedelta
from io import BytesIO

import pytest
from icalendar import Calendar
from PIL import Image

from app.extensions import db
from app.notifications.delivery import deliver_message
from app.registrations import notifications, services
from app.registrations.codes import normalise_code
from tests.factories import (make_edition, make_organisation, make_registration, make_room, make_session, make_user,
                             make_venue)
from tests.registrations.helpers import outbox_rows


@pytest.fixture
def workshop():
    edition = make_edition(name_vi="Techfest Hải Phòng 2026", name_en="Techfest Haiphong 2026")
    room = make_room(make_venue(edition, name="Trung tâm Hội nghị", address="18 Minh Khai, Hải Phòng"),
                     name="Phòng A")
    return make_session(edition, room=room, capacity=1, title_vi="Hội thảo Chuyển đổi số",
                        title_en="Digital transformation workshop")


def english_person(**fields):
    return make_user(locale="en", name=fields.pop("name", "Sarah Johnson"), **fields)


def attachments(message) -> dict[str, tuple[str, bytes]]:
    return {a.filename: (a.content_type, a.content) for a in message.attachments}


def calendar_event(message):
    [event] = Calendar.from_ical(attachments(message)["session.ics"][1]).walk("VEVENT")
    return event


def code_of(message) -> str:
    return normalise_code(message.body_text.split("Your check-in code: ")[1].split("\n")[0])


def test_confirmed_mail_in_english_with_code_qr_and_calendar(workshop):
    registration = services.register(workshop, english_person())
    [message] = outbox_rows()
    code = registration.check_in_code

    assert (message.kind, message.locale, message.recipient_email) == (
        "registrations.confirmed", "en", registration.user.email)
    assert message.subject == "Your seat is confirmed: Digital transformation workshop"
    assert message.body_text.split("\n\n") == [
        "Hello Sarah Johnson,",
        "Your seat is confirmed for this session of Techfest Haiphong 2026:",
        "Digital transformation workshop\n"
        "When: Thursday, December 10, 2026, 9:00\u202fAM – 11:00\u202fAM (GMT+07:00)\n"
        "Where: Phòng A, Trung tâm Hội nghị, 18 Minh Khai, Hải Phòng",
        f"Your check-in code: {code[:4]}-{code[4:]}\n"
        "At the door, show the QR code attached to this email (ticket-qr.png), or your ticket page, or tell the code.\n"
        "The calendar file attached (session.ics) adds the session to your calendar.",
        f"Your ticket: http://127.0.0.1:5000/r/{code}",
        "Cannot come after all? Cancel in your agenda so that someone on the waitlist gets your seat:\n"
        "http://127.0.0.1:5000/me/agenda",
        "The Techfest Việt Nam team",
    ]
    assert list(attachments(message)) == ["ticket-qr.png", "session.ics"]


def test_confirmed_mail_attachments_are_a_qr_image_and_a_calendar_event(workshop):
    services.register(workshop, english_person())
    [message] = outbox_rows()
    files = attachments(message)

    assert files["ticket-qr.png"][0] == "image/png"
    with Image.open(BytesIO(files["ticket-qr.png"][1])) as image:
        assert image.format == "PNG"
    assert files["session.ics"][0] == "text/calendar"
    event = calendar_event(message)
    assert (str(event["summary"]), str(event["status"])) == ("Digital transformation workshop", "CONFIRMED")
    assert event.decoded("dtstart").isoformat() == "2026-12-10T09:00:00+07:00"
    assert b"BEGIN:VTIMEZONE" in files["session.ics"][1]


def test_confirmed_mail_html_has_code_and_ticket_button(workshop):
    registration = services.register(workshop, english_person())
    [message] = outbox_rows()
    code = registration.check_in_code

    assert '<html lang="en">' in message.body_html
    assert f"{code[:4]}-{code[4:]}" in message.body_html
    assert f'href="http://127.0.0.1:5000/r/{code}"' in message.body_html
    assert "Open my ticket" in message.body_html


def test_mail_to_a_vietnamese_reader_uses_vietnamese_dates_and_title(workshop):
    services.register(workshop, make_user(locale="vi"))
    [message] = outbox_rows()

    assert message.locale == "vi"
    assert "Hội thảo Chuyển đổi số" in message.subject
    assert "Thứ Năm, 10 tháng 12, 2026, 09:00 – 11:00 (GMT+07:00)" in message.body_text
    assert '<html lang="vi">' in message.body_html


def test_mail_shows_times_in_the_editions_timezone():
    edition = make_edition(timezone="Asia/Seoul", name_en="Techfest Korea connection")
    session = make_session(edition)  # 09:00 in Seoul
    services.register(session, english_person())
    [message] = outbox_rows()

    assert "When: Thursday, December 10, 2026, 9:00\u202fAM – 11:00\u202fAM (GMT+09:00)" in message.body_text
    assert calendar_event(message).decoded("dtstart").isoformat() == "2026-12-10T09:00:00+09:00"


def test_waitlisted_mail_has_a_tentative_calendar_and_no_ticket(workshop):
    make_registration(workshop)
    services.register(workshop, english_person())
    [message] = outbox_rows()

    assert message.subject == "You are on the waitlist: Digital transformation workshop"
    assert "This session of Techfest Haiphong 2026 is full, so you are on the waitlist:" in message.body_text
    assert "check-in code" not in message.body_text
    assert list(attachments(message)) == ["session.ics"]
    assert str(calendar_event(message)["status"]) == "TENTATIVE"


def test_promoted_mail_has_the_ticket(workshop):
    leaving = make_registration(workshop)
    waiting = make_registration(workshop, english_person(), status="waitlisted")

    services.cancel(leaving)

    [message] = outbox_rows("registrations.promoted")
    assert message.subject == "A seat is yours: Digital transformation workshop"
    assert message.body_text.split("\n\n")[1] == (
        "Good news: a seat has freed up and it is yours. You have moved from the waitlist to a confirmed seat "
        "for this session of Techfest Haiphong 2026:")
    assert code_of(message) == waiting.check_in_code
    assert list(attachments(message)) == ["ticket-qr.png", "session.ics"]
    assert str(calendar_event(message)["status"]) == "CONFIRMED"


def test_reminder_mail(workshop, clock):
    registration = make_registration(workshop, english_person())
    services.send_due_reminders(now=workshop.starts_at - timedelta(hours=20))

    [message] = outbox_rows()
    assert message.subject == "Reminder: Digital transformation workshop"
    assert message.body_text.split("\n\n")[1] == (
        "A reminder: you have a seat at this session of Techfest Haiphong 2026, starting within a day.")
    assert code_of(message) == registration.check_in_code
    assert list(attachments(message)) == ["ticket-qr.png", "session.ics"]


def test_session_changed_mail_goes_to_everyone_registered(workshop):
    confirmed = make_registration(workshop, english_person())
    waiting = make_registration(workshop, english_person(name="Kim Min-jun"), status="waitlisted")
    make_registration(workshop, status="cancelled")
    workshop.starts_at += timedelta(hours=2)
    workshop.ends_at += timedelta(hours=2)
    db.session.flush()

    notifications.notify_session_changed(workshop)
    db.session.commit()

    messages = outbox_rows()
    assert [m.recipient_email for m in messages] == [confirmed.user.email, waiting.user.email]
    assert messages[0].subject == "Changed: Digital transformation workshop"
    assert "When: Thursday, December 10, 2026, 11:00\u202fAM – 1:00\u202fPM (GMT+07:00)" in messages[0].body_text
    assert calendar_event(messages[0]).decoded("dtstart").isoformat() == "2026-12-10T11:00:00+07:00"
    assert list(attachments(messages[0])) == ["session.ics"]


def test_session_cancelled_mail_cancels_the_calendar_event(workshop):
    make_registration(workshop, english_person())
    workshop.status = "cancelled"

    notifications.notify_session_cancelled(workshop)
    db.session.commit()

    [message] = outbox_rows()
    assert message.subject == "Cancelled: Digital transformation workshop"
    assert "We are sorry: this session of Techfest Haiphong 2026 has been cancelled." in message.body_text
    assert f"http://127.0.0.1:5000/e/{workshop.edition.slug}/program" in message.body_text
    assert str(calendar_event(message)["status"]) == "CANCELLED"


def test_online_link_only_in_mail_to_confirmed_participants(workshop):
    workshop.online_url = "https://meet.example.vn/chuyen-doi-so"
    db.session.commit()
    services.register(workshop, english_person())
    services.register(workshop, english_person(name="Kim Min-jun"))

    confirmed, waitlisted = outbox_rows()
    assert "Follow online: https://meet.example.vn/chuyen-doi-so" in confirmed.body_text
    assert "meet.example.vn" not in waitlisted.body_text


def test_team_mail_names_the_team_and_seats():
    session = make_session(kind="training", registers_teams=True, seats_per_team=3, capacity=10)
    founder = english_person()
    services.register(session, founder, organisation=make_organisation(founder, name="Nông Sản Xanh"), seats=3)

    [message] = outbox_rows()
    assert "Team: Nông Sản Xanh, 3 seats" in message.body_text


def test_confirmed_mail_reaches_mail_with_its_attachments(workshop, outbox):
    services.register(workshop, english_person())
    [message] = outbox_rows()

    assert deliver_message(message.id) == "sent"

    [sent] = outbox
    assert sent.subject == "Your seat is confirmed: Digital transformation workshop"
    assert [(a.filename, a.content_type) for a in sent.attachments] == [
        ("ticket-qr.png", "image/png"), ("session.ics", "text/calendar")]
