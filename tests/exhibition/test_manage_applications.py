"""Organiser pages for booth applications: who may use them, decisions, booths, payment, lists and export."""
import csv
import io
from urllib.parse import quote

import pytest

from app.accounts.models import RoleGrant
from app.exhibition.models import Booth, BoothApplication
from app.exhibition.services import applications as services
from app.extensions import db
from tests.core.pages import Page
from tests.exhibition.application_helpers import (approved_application, booking_count, exhibition_world,
                                                  outbox_rows, reloaded)
from tests.factories import make_booth, make_booth_application, make_edition, make_organisation, make_user
from tests.registrations.helpers import element_text, page_text


@pytest.fixture
def world(frozen_time):
    world = exhibition_world()
    world.application = make_booth_application(world.edition, organisation=world.startup, booth_type=world.standard,
                                               preferred_hall=world.hall, staff_count=4)
    world.other_organiser = make_user(locale="en")
    make_edition(organisers=(world.other_organiser,))
    return world


def base(world) -> str:
    return f"/manage/e/{world.edition.slug}/exhibition"


def application_url(world, application=None) -> str:
    return f"{base(world)}/applications/{(application or world.application).id}"


def person(world, who):
    return {"exhibitor": world.owner, "stranger": make_user(), "organiser": world.organiser,
            "other_organiser": world.other_organiser, "admin": world.admin, "anonymous": None}[who]


# --- who may do what --------------------------------------------------------------------------------

PEOPLE = [("exhibitor", 403), ("stranger", 403), ("organiser", 200), ("other_organiser", 403), ("admin", 200),
          ("anonymous", 302)]


@pytest.mark.parametrize(("who", "status"), PEOPLE)
def test_organiser_pages_access(client, login, world, who, status):
    user = person(world, who)
    if user is not None:
        login(user)

    for url in [f"{base(world)}/applications", f"{base(world)}/applications.csv", application_url(world),
                f"{base(world)}/overview", f"{base(world)}/check-in"]:
        response = client.get(url)
        assert (url, response.status_code) == (url, status)
        if status == 302:
            assert response.location == "/account/login?next=" + quote(url, safe="/")


@pytest.mark.parametrize(("who", "status"), [(who, 302 if status == 200 else status) for who, status in PEOPLE])
def test_decisions_access(client, login, world, who, status):
    user = person(world, who)
    if user is not None:
        login(user)

    response = client.post(f"{application_url(world)}/approve", data={"booth_id": world.booths["A-12"].id})

    allowed = who in ("organiser", "admin")
    assert response.status_code == status
    assert reloaded(world.application).status == ("approved" if allowed else "submitted")
    assert booking_count() == (1 if allowed else 0)


def test_application_of_another_edition_is_404(client, login, world):
    login(world.organiser)
    elsewhere = make_booth_application(make_edition(organisers=(world.organiser,)))

    assert client.get(application_url(world, elsewhere)).status_code == 404
    assert client.post(f"{application_url(world, elsewhere)}/approve").status_code == 404
    assert client.get(f"{base(world)}/applications/999999").status_code == 404


# --- the application page and decisions ------------------------------------------------------------------

def test_application_page_shows_the_facts_and_decision_forms(client, login, world):
    login(world.organiser)

    response = client.get(application_url(world))

    page = Page(response)
    assert response.status_code == 200
    assert page.by_id["application-facts"].startswith("Status Received Booth type Standard booth · 3 × 3 m")
    assert "Preferred hall or zone Hall A" in page.by_id["application-facts"]
    assert {"approve-form", "reject-form"} <= set(page.by_id)
    body = response.get_data(as_text=True)
    assert '<optgroup label="A · Hall A">' in body and "A-20 · Corner booth" in body


def test_held_booths_are_offered_to_organisers_marked(client, login, world):
    world.booths["A-13"].is_held = True
    db.session.commit()
    login(world.organiser)

    assert "A-13 · Standard booth · held" in client.get(application_url(world)).get_data(as_text=True)


def test_approve_with_a_booth(client, login, world):
    login(world.organiser)

    response = client.post(f"{application_url(world)}/approve",
                           data={"booth_id": world.booths["A-12"].id, "booths_allowed": "2"})

    assert (response.status_code, response.location) == (302, application_url(world))
    stored = reloaded(world.application)
    assert (stored.status, [b.code for b in stored.booths], stored.booths_allowed) == ("approved", ["A-12"], 2)
    assert "Nông Nghiệp Xanh is approved and has been emailed." in page_text(client.get(response.location))
    assert {m.kind for m in outbox_rows()} == {"exhibition.application_approved"}


def test_approve_with_an_allowance_out_of_range_is_422_and_keeps_input(client, login, world):
    login(world.organiser)

    response = client.post(f"{application_url(world)}/approve",
                           data={"booth_id": world.booths["A-13"].id, "booths_allowed": "0"})

    page = Page(response)
    assert response.status_code == 422
    assert page.value("booths_allowed") == "0"
    assert f'<option selected value="{world.booths["A-13"].id}">' in response.get_data(as_text=True)
    assert element_text(response, "booths_allowed-error") == "Enter a number between 1 and 20."
    assert reloaded(world.application).status == "submitted"


def test_approve_with_a_taken_booth_is_409_next_to_the_booth(client, login, world):
    approved_application(world, make_organisation(name="Drone Việt"), booth=world.booths["A-12"])
    login(world.organiser)

    response = client.post(f"{application_url(world)}/approve", data={"booth_id": world.booths["A-12"].id})

    assert response.status_code == 409
    assert element_text(response, "booth_id-error") == "Booth A-12 is already taken by Drone Việt."
    assert reloaded(world.application).status == "submitted"


def test_reject_with_a_reason(client, login, world):
    login(world.organiser)

    response = client.post(f"{application_url(world)}/reject", data={"reason": "Hết chỗ."})

    assert response.status_code == 302
    assert (reloaded(world.application).status, reloaded(world.application).rejection_reason) == (
        "rejected", "Hết chỗ.")


def test_reject_without_a_reason_is_422(client, login, world):
    login(world.organiser)

    response = client.post(f"{application_url(world)}/reject", data={"reason": ""})

    assert (response.status_code, element_text(response, "reason-error")) == (422, "This field is required.")
    assert reloaded(world.application).status == "submitted"


def test_waitlist(client, login, world):
    login(world.organiser)

    assert client.post(f"{application_url(world)}/waitlist").status_code == 302
    assert reloaded(world.application).status == "waitlisted"


def test_waitlist_twice_is_409_with_the_reason_on_top(client, login, world):
    login(world.organiser)
    client.post(f"{application_url(world)}/waitlist")

    response = client.post(f"{application_url(world)}/waitlist")

    assert response.status_code == 409
    assert ("alert alert-danger", "This application is On the waitlist: it cannot become On the waitlist.") in (
        Page(response).alerts)


# --- booths and payment ---------------------------------------------------------------------------------

@pytest.fixture
def approved(world):
    world.application.status = "approved"
    db.session.commit()
    return world


def test_assign_then_move_then_release(client, login, approved):
    login(approved.organiser)
    url = application_url(approved)

    assert client.post(f"{url}/booths", data={"booth_id": approved.booths["A-12"].id}).status_code == 302
    booking = reloaded(approved.application).bookings[0]
    assert client.post(f"{url}/bookings/{booking.id}/move",
                       data={"booth_id": approved.booths["A-20"].id}).status_code == 302
    assert [b.code for b in reloaded(approved.application).booths] == ["A-20"]
    assert [m.kind for m in outbox_rows() if m.recipient_email == approved.owner.email] == [
        "exhibition.booth_assigned", "exhibition.booth_changed"]
    assert client.post(f"{url}/bookings/{booking.id}/release").status_code == 302
    assert (reloaded(approved.application).booths, reloaded(approved.application).booths_taken) == ([], 0)


def test_assign_a_taken_booth_is_409_with_the_translated_reason(client, login, approved):
    approved_application(approved, make_organisation(name="Drone Việt"), booth=approved.booths["A-12"])
    login(approved.organiser)

    response = client.post(f"{application_url(approved)}/booths", data={"booth_id": approved.booths["A-12"].id})

    assert response.status_code == 409
    assert element_text(response, "booth-error") == "Booth A-12 is already taken by Drone Việt."


def test_assign_without_choosing_is_422(client, login, approved):
    login(approved.organiser)

    response = client.post(f"{application_url(approved)}/booths", data={"booth_id": ""})

    assert (response.status_code, element_text(response, "booth-error")) == (422, "This field is required.")


def test_move_a_booking_of_another_application_is_404(client, login, approved):
    other = approved_application(approved, booth=approved.booths["A-12"])
    login(approved.organiser)

    response = client.post(f"{application_url(approved)}/bookings/{other.bookings[0].id}/move",
                           data={"booth_id": approved.booths["A-13"].id})

    assert response.status_code == 404
    assert [b.code for b in reloaded(other).booths] == ["A-12"]


def test_allowance_and_payment(client, login, approved):
    login(approved.organiser)
    url = application_url(approved)

    assert client.post(f"{url}/allowance", data={"booths_allowed": "3"}).status_code == 302
    assert client.post(f"{url}/payment", data={"status": "paid"}).status_code == 302

    stored = reloaded(approved.application)
    assert (stored.booths_allowed, stored.payment_status) == (3, "paid")


def test_unknown_payment_status_is_422(client, login, approved):
    login(approved.organiser)

    response = client.post(f"{application_url(approved)}/payment", data={"status": "refunded"})

    assert (response.status_code, element_text(response, "status-error")) == (422, "Not a valid choice.")


# --- the list and the export -----------------------------------------------------------------------------

def test_list_counts_and_filters_by_status(client, login, world):
    approved_application(world, make_organisation(name="Drone Việt"), booth=world.booths["A-12"])
    make_booth_application(world.edition, organisation=make_organisation(name="Edu Plus"),
                           booth_type=world.standard, status="rejected")
    login(world.organiser)

    response = client.get(f"{base(world)}/applications?status=approved")

    page = Page(response)
    assert "Drone Việt" in page.by_id["applications"]
    assert "Nông Nghiệp Xanh" not in page.by_id["applications"]
    body = response.get_data(as_text=True)
    for key, number in (("total", 3), ("submitted", 1), ("approved", 1), ("rejected", 1), ("withdrawn", 0)):
        assert f'data-count="{key}">{number}<' in body
    assert "5,000,000 VND · Payment pending" in page.by_id["applications"]


def test_export_csv(client, login, world):
    approved_application(world, make_organisation(name="=Drone Việt"), booth=world.booths["A-12"])
    login(world.organiser)

    response = client.get(f"{base(world)}/applications.csv")

    assert response.headers["Content-Disposition"] == 'attachment; filename="techfest-hai-phong-booth-applications.csv"'
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0] == ["Exhibitor", "Kind", "Applicant", "Email", "Status", "Booth type", "Booths", "Preferred hall",
                       "Staff", "Price (VND)", "Payment", "Products", "Applied at"]
    assert [row[0] for row in rows[1:]] == ["Nông Nghiệp Xanh", "'=Drone Việt"]  # no formula injection
    assert rows[2][4:11] == ["Approved", "Standard booth", "A-12", "", "2", "5000000", "Payment pending"]


def test_export_follows_the_status_filter(client, login, world):
    approved_application(world, make_organisation(name="Drone Việt"))
    login(world.organiser)

    response = client.get(f"{base(world)}/applications.csv?status=submitted")

    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert [row[0] for row in rows[1:]] == ["Nông Nghiệp Xanh"]


def test_list_query_count_does_not_grow(client, login, world, count_queries):
    login(world.organiser)

    url = f"{base(world)}/applications"

    def queries() -> int:
        db.session.expire_all()  # every request reads afresh, whatever the test loaded before
        with count_queries() as counter:
            assert client.get(url).status_code == 200
        return counter["n"]

    approved_application(world, booth=world.booths["A-12"])
    booth_ids = [world.booths["A-13"].id, world.booths["A-20"].id]
    small = queries()
    for number in range(25):
        application = approved_application(world, make_organisation(members=(make_user(),)))
        if number < 2:
            services.assign_booth(application, db.session.get(Booth, booth_ids[number]), by=world.organiser)
    assert queries() == small


def test_application_page_query_count_does_not_grow_with_booths(client, login, approved, count_queries):
    login(approved.organiser)

    url = application_url(approved)

    def queries() -> int:
        db.session.expire_all()  # every request reads afresh, whatever the test loaded before
        with count_queries() as counter:
            assert client.get(url).status_code == 200
        return counter["n"]

    small = queries()
    for number in range(30):
        make_booth(approved.hall, code=f"A-{100 + number}", booth_type=approved.standard)
    assert queries() == small


def test_pages_render_in_vietnamese(client, login, approved):
    organiser = make_user(locale="vi")
    db.session.add(RoleGrant(user=organiser, role="organiser", edition_id=approved.edition.id))
    db.session.commit()
    login(organiser)

    for url in [f"{base(approved)}/applications", application_url(approved), f"{base(approved)}/overview",
                f"{base(approved)}/check-in"]:
        response = client.get(url)
        assert (url, response.status_code, Page(response).lang) == (url, 200, "vi")
    assert db.session.get(BoothApplication, approved.application.id).status == "approved"
