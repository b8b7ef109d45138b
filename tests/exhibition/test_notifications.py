"""Exhibitor mail: what each message says, to whom, in whose language and time zone."""
import pytest

from app.exhibition.services import applications as services
from app.exhibition.services import passes
from app.extensions import db
from tests.exhibition.application_helpers import exhibition_world, outbox_rows
from tests.factories import make_user

URL = "http://127.0.0.1:5000"


@pytest.fixture
def world(frozen_time):
    return exhibition_world(locale="en")


@pytest.fixture
def vietnamese(frozen_time):
    return exhibition_world(locale="vi")


def submit(world):
    return services.submit_application(
        world.startup, edition=world.edition, applicant=world.member, booth_type=world.standard,
        preferred_hall=world.hall, preferred_booth=world.booths["A-13"], products="Drone phun thuốc\nCảm biến",
        staff_count=3, note=None)


def paragraphs(message) -> list[str]:
    return message.body_text.split("\n\n")


def first_to(email: str, kind: str):
    return next(m for m in outbox_rows(kind) if m.recipient_email == email)


# --- application received -------------------------------------------------------------------------

def test_received_mail_in_english(world):
    application = submit(world)
    message = first_to(world.member.email, "exhibition.application_received")

    assert (message.locale, message.subject) == ("en", "Booth application received: Nông Nghiệp Xanh")
    assert paragraphs(message) == [
        "Hello Phạm Thị Thành Viên,",
        "We have received the booth application of Nông Nghiệp Xanh for Techfest Haiphong 2026.",
        "Booth type: Standard booth (3 × 3 m)\nPreferred hall: Hall A\nPreferred booth: A-13\n"
        "Booth staff: 3 people\nProducts: Drone phun thuốc\nCảm biến",
        f"The organisers will email you their decision. Follow your application here:\n"
        f"{URL}/me/exhibitions/{application.id}",
        "The Techfest Việt Nam team",
    ]
    assert f'href="{URL}/me/exhibitions/{application.id}"' in message.body_html


def test_received_mail_in_vietnamese(vietnamese):
    submit(vietnamese)
    message = first_to(vietnamese.member.email, "exhibition.application_received")

    assert message.locale == "vi"
    assert paragraphs(message)[0] == "Xin chào Phạm Thị Thành Viên,"
    assert "Techfest Hải Phòng 2026" in paragraphs(message)[1]
    assert paragraphs(message)[2].startswith("Loại gian hàng: Gian tiêu chuẩn (3 × 3 m)\nKhu trưng bày mong muốn: Khu A\n")
    assert paragraphs(message)[-1] == "Ban tổ chức Techfest Việt Nam"


def test_each_person_gets_the_mail_in_their_own_language(world):
    world.owner.locale = "vi"
    db.session.commit()

    submit(world)

    assert [(m.recipient_email, m.locale) for m in outbox_rows()] == [
        (world.member.email, "en"), (world.owner.email, "vi")]


def test_inactive_owner_gets_nothing(world):
    world.owner.active = False
    db.session.commit()

    submit(world)

    assert [m.recipient_email for m in outbox_rows()] == [world.member.email]


# --- approved -------------------------------------------------------------------------------------

def test_approved_mail_in_english_with_booth_setup_days_and_payment(world):
    application = submit(world)
    services.approve_application(application, by=world.organiser, booth=world.booths["A-12"])
    message = first_to(world.member.email, "exhibition.application_approved")

    assert message.subject == "Your booth application is approved: Nông Nghiệp Xanh"
    assert paragraphs(message) == [
        "Hello Phạm Thị Thành Viên,",
        "Good news: Nông Nghiệp Xanh will exhibit at Techfest Haiphong 2026.",
        "Your booth: A-12 · Hall A\nBooth type: Standard booth (3 × 3 m)\nIncluded: A table, two chairs, one socket",
        "Set-up: Wednesday, December 9, 2026, 13:00 – 20:00\nExhibition days:\n"
        "- Thursday, December 10, 2026: 08:00–17:30\n- Friday, December 11, 2026: 08:00–17:30",
        "Price: 5,000,000 VND · Payment pending\nPayment is handled directly with the organisers.",
        f"Name your booth staff to get their passes:\n{URL}/me/exhibitions/{application.id}/staff",
        f"Your application: {URL}/me/exhibitions/{application.id}",
        "The Techfest Việt Nam team",
    ]
    assert "<strong>Your booth:</strong> A-12 · Hall A" in message.body_html


def test_approved_mail_in_vietnamese(vietnamese):
    application = submit(vietnamese)
    services.approve_application(application, by=vietnamese.organiser, booth=vietnamese.booths["A-12"])
    message = first_to(vietnamese.member.email, "exhibition.application_approved")
    text = paragraphs(message)

    assert message.locale == "vi"
    assert text[2].startswith("Gian hàng của bạn: A-12 · Khu A\nLoại gian hàng: Gian tiêu chuẩn (3 × 3 m)")
    assert text[3].splitlines()[0].endswith("Thứ Tư, 9 tháng 12, 2026, 13:00 – 20:00")
    assert text[3].splitlines()[2:] == ["- Thứ Năm, 10 tháng 12, 2026: 08:00–17:30",
                                        "- Thứ Sáu, 11 tháng 12, 2026: 08:00–17:30"]
    assert "5.000.000 VND" in text[4]


def test_approved_mail_without_a_booth_says_who_assigns_it(world):
    application = submit(world)
    services.approve_application(application, by=world.organiser)

    assert paragraphs(first_to(world.member.email, "exhibition.application_approved"))[2].splitlines()[0] == (
        "Your booth has not been assigned yet: the organisers will email you when it is.")


def test_approved_mail_links_to_the_plan_when_exhibitors_pick(world):
    world.exhibition.exhibitors_pick_booths = True
    db.session.commit()
    application = submit(world)
    services.approve_application(application, by=world.organiser)

    assert paragraphs(first_to(world.member.email, "exhibition.application_approved"))[2].splitlines()[0] == (
        f"Pick your booth on the floor plan: {URL}/me/exhibitions/{application.id}")


def test_approved_mail_for_a_free_booth_and_unknown_days(world):
    world.exhibition.days.clear()
    world.exhibition.setup_starts_at = world.exhibition.setup_ends_at = None
    world.standard.price_vnd = 0
    db.session.commit()
    application = submit(world)
    services.approve_application(application, by=world.organiser)
    text = paragraphs(first_to(world.member.email, "exhibition.application_approved"))

    assert (text[3], text[4]) == ("The exhibition days and opening hours will be announced.",
                                  "Price: free of charge")


def test_approved_mail_for_several_booths(world):
    application = submit(world)
    services.approve_application(application, by=world.organiser, booth=world.booths["A-12"], booths_allowed=2)
    services.assign_booth(application, world.booths["A-13"], by=world.organiser)
    message = outbox_rows("exhibition.booth_assigned")[0]

    assert paragraphs(message)[2].splitlines()[0] == "Your booths: A-12 · Hall A; A-13 · Hall A"


# --- rejected ---------------------------------------------------------------------------------------

def test_rejected_mail_gives_the_reason(world):
    application = submit(world)
    services.reject_application(application, by=world.organiser, reason="Sản phẩm chưa phù hợp chủ đề.\nHẹn năm sau.")
    message = first_to(world.member.email, "exhibition.application_rejected")

    assert message.subject == "Your booth application was not accepted: Nông Nghiệp Xanh"
    assert paragraphs(message) == [
        "Hello Phạm Thị Thành Viên,",
        "We are sorry: the organisers of Techfest Haiphong 2026 could not accept the booth application of "
        "Nông Nghiệp Xanh.",
        "Their reason:\nSản phẩm chưa phù hợp chủ đề.\nHẹn năm sau.",
        f"Your application: {URL}/me/exhibitions/{application.id}",
        "The Techfest Việt Nam team",
    ]


def test_rejected_mail_escapes_the_reason_in_html(vietnamese):
    application = submit(vietnamese)
    services.reject_application(application, by=vietnamese.organiser, reason="<script>alert(1)</script>")
    message = first_to(vietnamese.member.email, "exhibition.application_rejected")

    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in message.body_html and "<script>" not in message.body_html
    assert paragraphs(message)[0] == "Xin chào Phạm Thị Thành Viên,"


# --- booth assigned and changed ------------------------------------------------------------------------

def test_booth_assigned_mail(world):
    application = submit(world)
    services.approve_application(application, by=world.organiser)
    services.assign_booth(application, world.booths["A-12"], by=world.organiser)
    message = first_to(world.member.email, "exhibition.booth_assigned")

    assert message.subject == "Your booth: A-12"
    assert paragraphs(message)[1] == "Booth A-12 (Hall A) is now reserved for Nông Nghiệp Xanh at Techfest Haiphong 2026."
    assert paragraphs(message)[2].splitlines()[0] == "Your booth: A-12 · Hall A"


def test_booth_changed_mail_says_old_and_new(world):
    application = submit(world)
    services.approve_application(application, by=world.organiser, booth=world.booths["A-12"])
    services.move_booking(application.bookings[0], world.booths["A-20"], by=world.organiser)
    message = first_to(world.member.email, "exhibition.booth_changed")

    assert message.subject == "Your booth has changed: A-12 → A-20"
    assert paragraphs(message)[1:3] == [
        "The organisers of Techfest Haiphong 2026 have moved Nông Nghiệp Xanh to another booth:\n"
        "A-12 (Hall A) → A-20 (Hall A)",
        "Your booth: A-20 · Hall A\nBooth type: Standard booth (3 × 3 m)\nIncluded: A table, two chairs, one socket",
    ]
    assert "<strong>A-12 (Hall A) → A-20 (Hall A)</strong>" in message.body_html


def test_booth_changed_mail_in_vietnamese(vietnamese):
    application = submit(vietnamese)
    services.approve_application(application, by=vietnamese.organiser, booth=vietnamese.booths["A-12"])
    services.move_booking(application.bookings[0], vietnamese.booths["A-13"], by=vietnamese.organiser)
    message = first_to(vietnamese.member.email, "exhibition.booth_changed")

    assert (message.locale, paragraphs(message)[1].splitlines()[1]) == ("vi", "A-12 (Khu A) → A-13 (Khu A)")


# --- staff pass ----------------------------------------------------------------------------------------

def test_staff_pass_mail(world):
    application = submit(world)
    services.approve_application(application, by=world.organiser, booth=world.booths["A-12"])
    staff_pass = passes.add_staff_pass(application, name="Đỗ Minh Khoa", email="khoa@example.vn", by=world.member)
    [message] = outbox_rows("exhibition.staff_pass")

    assert (message.subject, message.locale) == ("Your exhibitor staff pass: Nông Nghiệp Xanh", "en")
    assert paragraphs(message)[:3] == [
        "Hello Đỗ Minh Khoa,",
        "Here is your staff pass for the booth of Nông Nghiệp Xanh at Techfest Haiphong 2026.",
        f"Your pass code: {staff_pass.display_code}\nAt the exhibition entrance, show the QR code attached to this "
        "email (staff-pass-qr.png), or tell the code.",
    ]
    assert [a.filename for a in message.attachments] == ["staff-pass-qr.png"]


def test_staff_pass_mail_in_vietnamese(vietnamese):
    application = submit(vietnamese)
    services.approve_application(application, by=vietnamese.organiser)
    make_user(email="khoa@example.vn", locale="vi", name="Đỗ Minh Khoa")
    passes.add_staff_pass(application, name="Đỗ Minh Khoa", email="khoa@example.vn", by=vietnamese.member)
    [message] = outbox_rows("exhibition.staff_pass")

    assert message.locale == "vi"
    assert paragraphs(message)[0] == "Xin chào Đỗ Minh Khoa,"
    assert "- Thứ Năm, 10 tháng 12, 2026: 08:00–17:30" in message.body_text
