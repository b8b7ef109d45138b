"""Staff passes: named once approved, emailed with a QR code, checked in at the entrance once per exhibition day,
on the same check-in page as sessions."""
import html
import re
from datetime import UTC, datetime, timedelta
from io import BytesIO

import pytest
from PIL import Image

from app.core.errors import Conflict, DomainError
from app.exhibition.models import StaffCheckIn, StaffPass
from app.exhibition.services import passes
from app.extensions import db
from app.registrations import services as registrations
from app.registrations.services import SESSION_TICKET, STAFF_PASS, UnknownCode, WrongDesk, scan_code
from tests.exhibition.application_helpers import in_english  # noqa: F401 - a fixture, used by name
from tests.exhibition.application_helpers import approved_application, english, exhibition_world, outbox_rows
from tests.factories import (make_booth_application, make_edition, make_exhibition, make_organisation,
                             make_registration, make_session, make_user)
from tests.registrations.helpers import element_text, page_text

OPENING_MORNING = datetime(2026, 12, 10, 1, 30, tzinfo=UTC)  # 08:30 in Hải Phòng on the first exhibition day


@pytest.fixture
def world(frozen_time):
    return exhibition_world()


@pytest.fixture
def exhibitor(world):
    return approved_application(world, world.startup, staff_count=2)


def add(application, by, name="Đỗ Minh Khoa", email=None, phone=None):
    return passes.add_staff_pass(application, name=name, email=email, phone=phone, by=by)


def pass_count() -> int:
    return db.session.query(StaffPass).count()


# --- naming the staff -----------------------------------------------------------------------------

@pytest.mark.usefixtures("in_english")
class TestNaming:
    def test_add_staff_pass_gives_a_code(self, world, exhibitor):
        staff_pass = add(exhibitor, world.owner, name="  Đỗ   Minh Khoa ", phone="0912 345 678")

        assert (staff_pass.name, staff_pass.phone, staff_pass.email, len(staff_pass.check_in_code)) == (
            "Đỗ Minh Khoa", "0912 345 678", None, 8)
        assert scan_code(staff_pass.display_code) == (staff_pass.check_in_code, STAFF_PASS, staff_pass)
        assert outbox_rows() == []  # no email address: nothing to send

    def test_add_staff_pass_with_an_email_sends_it_with_the_qr_code(self, world, exhibitor):
        staff_pass = add(exhibitor, world.owner, email=" Khoa@Example.VN ")

        [message] = outbox_rows()
        assert (staff_pass.email, message.kind, message.recipient_email, message.recipient_name) == (
            "khoa@example.vn", "exhibition.staff_pass", "khoa@example.vn", "Đỗ Minh Khoa")
        [attachment] = message.attachments
        assert (attachment.filename, attachment.content_type) == ("staff-pass-qr.png", "image/png")
        with Image.open(BytesIO(attachment.content)) as image:
            assert image.format == "PNG"

    def test_add_staff_pass_up_to_the_staff_count(self, world, exhibitor):
        add(exhibitor, world.owner, name="Một")
        add(exhibitor, world.owner, name="Hai")

        with pytest.raises(Conflict) as refused:
            add(exhibitor, world.owner, name="Ba")

        assert english(refused.value) == ("All 2 staff passes of Nông Nghiệp Xanh are named: remove one first, "
                                          "or ask the organisers for more.")
        assert pass_count() == 2

    def test_removing_a_pass_frees_its_place(self, world, exhibitor):
        first = add(exhibitor, world.owner, name="Một")
        add(exhibitor, world.owner, name="Hai")

        passes.remove_staff_pass(first)
        add(exhibitor, world.owner, name="Ba")

        assert sorted(db.session.scalars(db.select(StaffPass.name))) == ["Ba", "Hai"]

    @pytest.mark.parametrize("status", ["submitted", "waitlisted", "rejected", "withdrawn"])
    def test_add_staff_pass_only_once_approved(self, world, status):
        application = make_booth_application(world.edition, organisation=world.startup, booth_type=world.standard,
                                             status=status)

        with pytest.raises(Conflict) as refused:
            add(application, world.owner)

        assert english(refused.value) == "Staff passes are given once the application is approved."
        assert pass_count() == 0

    def test_add_staff_pass_needs_a_name(self, world, exhibitor):
        with pytest.raises(DomainError) as refused:
            add(exhibitor, world.owner, name="   ")

        assert (english(refused.value), refused.value.field) == ("Give the staff member's name.", "name")

    def test_email_staff_pass_needs_an_address(self, world, exhibitor):
        staff_pass = add(exhibitor, world.owner)

        with pytest.raises(Conflict) as refused:
            passes.email_staff_pass(staff_pass, by=world.owner)

        assert english(refused.value) == "Đỗ Minh Khoa has no email address on the pass."

    def test_email_staff_pass_again(self, world, exhibitor):
        staff_pass = add(exhibitor, world.owner, email="khoa@example.vn")

        passes.email_staff_pass(staff_pass, by=world.owner)

        assert [m.kind for m in outbox_rows()] == ["exhibition.staff_pass"] * 2

    def test_staff_pass_email_is_in_the_language_of_the_account_with_that_address(self, world, exhibitor):
        make_user(email="khoa@example.vn", locale="vi")
        add(exhibitor, world.owner, email="khoa@example.vn")
        add(exhibitor, world.owner, name="Sarah Johnson", email="sarah@example.com")

        assert [m.locale for m in outbox_rows()] == ["vi", "en"]  # the second has no account: the sender's (en)


# --- the shared code lookup -------------------------------------------------------------------------

def test_scan_code_tells_a_session_ticket_from_a_staff_pass(world, exhibitor):
    ticket = make_registration(make_session(world.edition), check_in_code="7K3QX9MB")
    staff_pass = add(exhibitor, world.owner)

    assert scan_code("http://localhost/r/7K3QX9MB") == ("7K3QX9MB", SESSION_TICKET, ticket)
    assert scan_code(f"https://techfest.vn/exhibition/passes/{staff_pass.check_in_code}/") == (
        staff_pass.check_in_code, STAFF_PASS, staff_pass)
    assert scan_code("zzzz-zzzz") == ("ZZZZZZZZ", None, None)
    assert scan_code("  ") == ("", None, None)


# --- check-in at the entrance -----------------------------------------------------------------------

@pytest.fixture
def staff(world, exhibitor, frozen_time):
    staff_pass = add(exhibitor, world.owner, name="Đỗ Minh Khoa")
    frozen_time(OPENING_MORNING)
    return staff_pass


@pytest.mark.usefixtures("in_english")
class TestCheckIn:
    def test_check_in_staff_records_the_day_and_who_let_them_in(self, world, staff):
        arrival = passes.check_in_staff(world.edition, staff.display_code.lower(), by=world.organiser)

        assert (arrival.staff_pass_id, arrival.day, arrival.checked_in_at, arrival.checked_in_by_id) == (
            staff.id, datetime(2026, 12, 10).date(), OPENING_MORNING, world.organiser.id)

    def test_check_in_staff_twice_the_same_day_names_the_time(self, world, staff, frozen_time):
        passes.check_in_staff(world.edition, staff.check_in_code, by=world.organiser)
        frozen_time(OPENING_MORNING + timedelta(hours=3))

        with pytest.raises(Conflict) as refused:
            passes.check_in_staff(world.edition, staff.check_in_code, by=world.organiser)

        assert (english(refused.value), refused.value.status_code) == (
            f"Pass {staff.display_code} was already used today: Đỗ Minh Khoa came in at 08:30.", 409)
        assert db.session.query(StaffCheckIn).count() == 1

    def test_check_in_staff_again_the_next_exhibition_day(self, world, staff, frozen_time):
        passes.check_in_staff(world.edition, staff.check_in_code, by=world.organiser)
        frozen_time(OPENING_MORNING + timedelta(days=1))

        passes.check_in_staff(world.edition, staff.check_in_code, by=world.organiser)

        assert [c.day.isoformat() for c in db.session.query(StaffCheckIn).order_by(StaffCheckIn.day)] == [
            "2026-12-10", "2026-12-11"]

    def test_the_day_is_the_editions_local_day(self, world, staff, frozen_time):
        """23:30 UTC on 9 December is already 06:30 on the 10th in Viet Nam."""
        frozen_time(datetime(2026, 12, 9, 23, 30, tzinfo=UTC))

        assert passes.check_in_staff(world.edition, staff.check_in_code, by=world.organiser).day.isoformat() == (
            "2026-12-10")

    @pytest.mark.parametrize("moment", [datetime(2026, 12, 9, 3, 0, tzinfo=UTC), datetime(2026, 12, 12, 3, 0, tzinfo=UTC)])
    def test_check_in_staff_refused_on_a_day_without_exhibition(self, world, staff, frozen_time, moment):
        frozen_time(moment)

        with pytest.raises(Conflict) as refused:
            passes.check_in_staff(world.edition, staff.check_in_code, by=world.organiser)

        day = moment.strftime("%d/%m/%Y")
        assert english(refused.value) == (
            f"Today ({day}) is not an exhibition day: staff passes are checked in on exhibition days only.")
        assert db.session.query(StaffCheckIn).count() == 0

    def test_check_in_staff_refuses_a_session_ticket(self, world, staff):
        ticket = make_registration(make_session(world.edition, title_en="Pitching night"),
                                   make_user(name="Lê Thị Hoa"), check_in_code="7K3QX9MB")

        with pytest.raises(WrongDesk) as refused:
            passes.check_in_staff(world.edition, "7K3Q-X9MB", by=world.organiser)

        assert (english(refused.value), refused.value.status_code, refused.value.owner) == (
            "This is a session ticket (Lê Thị Hoa, Pitching night): check it in at the session's door.", 409, ticket)

    def test_check_in_staff_refuses_an_unknown_code(self, world, staff):
        with pytest.raises(UnknownCode) as refused:
            passes.check_in_staff(world.edition, "zzzz-zzzz", by=world.organiser)

        assert (english(refused.value), refused.value.status_code) == ("No staff pass has the code ZZZZZZZZ.", 404)

    def test_check_in_staff_refuses_a_pass_of_another_edition(self, world, staff):
        other = make_edition(name_en="Techfest Mekong")
        make_exhibition(other, days=(datetime(2026, 12, 10).date(),))

        with pytest.raises(Conflict) as refused:
            passes.check_in_staff(other, staff.check_in_code, by=world.organiser)

        assert english(refused.value) == "This staff pass is for another edition: Techfest Haiphong 2026."

    def test_check_in_staff_refuses_a_pass_of_a_withdrawn_exhibitor(self, world, staff, exhibitor):
        exhibitor.status = "withdrawn"
        db.session.commit()

        with pytest.raises(Conflict) as refused:
            passes.check_in_staff(world.edition, staff.check_in_code, by=world.organiser)

        assert english(refused.value) == (
            "The pass of Đỗ Minh Khoa is not valid: the application of Nông Nghiệp Xanh is Withdrawn.")


def test_session_check_in_refuses_a_staff_pass(world, staff):
    session = make_session(world.edition)

    with pytest.raises(WrongDesk) as refused:
        registrations.check_in(session, staff.check_in_code, by=world.organiser)

    assert (english(refused.value), refused.value.owner) == (
        "This is an exhibitor's staff pass (Đỗ Minh Khoa, Nông Nghiệp Xanh): check it in at the exhibition entrance.",
        staff)


# --- the shared check-in page ------------------------------------------------------------------------

def entrance(world) -> str:
    return f"/manage/e/{world.edition.slug}/exhibition/check-in"


def field_error(response) -> str | None:
    match = re.search(r'<div id="code-error" class="invalid-feedback d-block">([^<]*)</div>',
                      response.get_data(as_text=True))
    return " ".join(html.unescape(match.group(1)).split()) if match else None


def test_entrance_uses_the_session_check_in_page(client, login, world, staff):
    login(world.organiser)

    response = client.get(entrance(world))

    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="check-in-form"' in body and 'name="code"' in body and 'src="/static/checkin.js"' in body
    assert 'data-unsupported="This browser cannot read QR codes itself.' in body
    assert element_text(response, "arrival-count") == "0 of 1 staff passes checked in today."
    assert element_text(response, "arrivals") == "Nobody has arrived yet."
    assert "Exhibition entrance: Techfest Haiphong 2026" in page_text(response)


def test_entrance_check_in_by_scanned_pass(client, login, world, staff):
    login(world.organiser)

    response = client.post(entrance(world), data={"code": f"http://localhost/exhibition/passes/{staff.check_in_code}"})

    assert (response.status_code, response.location) == (302, entrance(world))
    page = client.get(entrance(world))
    assert f"Đỗ Minh Khoa (Nông Nghiệp Xanh) is checked in ({staff.display_code})." in page_text(page)
    assert element_text(page, "arrivals") == "Đỗ Minh Khoa · Nông Nghiệp Xanh 08:30"
    assert element_text(page, "arrival-count") == "1 of 1 staff passes checked in today."


def test_entrance_second_scan_the_same_day_is_409(client, login, world, staff, frozen_time):
    login(world.organiser)
    client.post(entrance(world), data={"code": staff.check_in_code})
    frozen_time(OPENING_MORNING + timedelta(minutes=40))

    response = client.post(entrance(world), data={"code": staff.check_in_code})

    assert (response.status_code, field_error(response)) == (
        409, f"Pass {staff.display_code} was already used today: Đỗ Minh Khoa came in at 08:30.")


def test_entrance_on_a_day_without_exhibition_is_409(client, login, world, staff, frozen_time):
    login(world.organiser)
    frozen_time(datetime(2026, 12, 12, 2, 0, tzinfo=UTC))

    response = client.post(entrance(world), data={"code": staff.check_in_code})

    assert (response.status_code, field_error(response)) == (
        409, "Today (12/12/2026) is not an exhibition day: staff passes are checked in on exhibition days only.")


def test_entrance_points_a_session_ticket_to_its_door(client, login, world, staff):
    login(world.organiser)
    session = make_session(world.edition, title_en="Pitching night")
    make_registration(session, make_user(name="Lê Thị Hoa"), check_in_code="7K3QX9MB")

    response = client.post(entrance(world), data={"code": "7K3QX9MB"})

    assert (response.status_code, field_error(response)) == (
        409, "This is a session ticket (Lê Thị Hoa, Pitching night): check it in at the session's door.")
    assert element_text(response, "other-desk") == "Open the check-in of Pitching night"
    assert f'href="/manage/e/{world.edition.slug}/sessions/{session.id}/check-in"' in response.get_data(as_text=True)


def test_session_desk_points_a_staff_pass_to_the_entrance(client, login, world, staff):
    login(world.organiser)
    session = make_session(world.edition)

    response = client.post(f"/manage/e/{world.edition.slug}/sessions/{session.id}/check-in",
                           data={"code": staff.check_in_code})

    assert (response.status_code, field_error(response)) == (
        409, "This is an exhibitor's staff pass (Đỗ Minh Khoa, Nông Nghiệp Xanh): check it in at the exhibition "
             "entrance.")
    assert element_text(response, "other-desk") == "Open the exhibition entrance check-in"
    assert f'href="{entrance(world)}"' in response.get_data(as_text=True)


@pytest.mark.parametrize(("who", "status"), [("owner", 403), ("organiser", 200), ("admin", 200), ("anonymous", 302)])
def test_entrance_access(client, login, world, staff, who, status):
    if who != "anonymous":
        login(getattr(world, who))

    assert client.get(entrance(world)).status_code == status
    assert client.post(entrance(world), data={"code": staff.check_in_code}).status_code == (
        302 if who != "owner" else 403)
    assert db.session.query(StaffCheckIn).count() == (1 if who in ("organiser", "admin") else 0)


def test_other_editions_organiser_gets_403(client, login, world, staff):
    stranger = make_user(locale="en")
    make_edition(organisers=(stranger,))
    login(stranger)

    assert client.get(entrance(world)).status_code == 403


# --- the pass page ----------------------------------------------------------------------------------

def test_staff_pass_page_shows_the_qr_code_to_the_team(client, login, world, staff):
    login(world.member)

    response = client.get(f"/exhibition/passes/{staff.check_in_code}")

    assert response.status_code == 200
    assert element_text(response, "pass-person") == "Đỗ Minh Khoa"
    assert element_text(response, "pass-code") == staff.display_code
    assert "<svg" in response.get_data(as_text=True) and "check-in-button" not in response.get_data(as_text=True)


def test_staff_pass_page_gives_organisers_a_check_in_button(client, login, world, staff):
    login(world.organiser)

    response = client.get(f"/exhibition/passes/{staff.check_in_code.lower()}")

    assert element_text(response, "check-in-button") == "Check in Đỗ Minh Khoa"
    assert f'action="{entrance(world)}"' in response.get_data(as_text=True)


@pytest.mark.parametrize("who", ["stranger", "other_exhibitor"])
def test_staff_pass_page_is_404_for_others(client, login, world, staff, who):
    person = make_user()
    if who == "other_exhibitor":
        approved_application(world, make_organisation(person))
    login(person)

    assert client.get(f"/exhibition/passes/{staff.check_in_code}").status_code == 404
    assert client.get("/exhibition/passes/ZZZZZZZZ").status_code == 404
