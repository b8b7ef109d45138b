"""The organisers' exhibition overview: booths per hall, applications by status, payments, top stalls."""
import re
from datetime import date

import pytest

from app.exhibition.queries import applications as queries
from app.extensions import db
from app.stalls.models import StallVisit
from tests.core.pages import Page
from tests.exhibition.application_helpers import approved_application, exhibition_world
from tests.factories import (make_booth, make_booth_application, make_hall, make_lead, make_meeting,
                             make_meeting_slot, make_organisation, make_stall, make_user)
from tests.registrations.helpers import element_text


@pytest.fixture
def world(frozen_time):
    world = exhibition_world()
    hall_b = make_hall(world.edition, code="B", name_en="Hall B", position=1)
    world.booths["B-01"] = make_booth(hall_b, code="B-01", booth_type=world.standard, is_held=True)
    world.booths["B-02"] = make_booth(hall_b, code="B-02", booth_type=world.standard)
    world.hall_b = hall_b
    return world


def visits(stall, count: int) -> None:
    for number in range(count):
        db.session.add(StallVisit(stall_id=stall.id, day=date(2026, 12, 10), visitor_key=f"v{number}"))
    db.session.commit()


@pytest.fixture
def busy(world):
    """Hall A: A-12 and A-20 taken; hall B: B-01 held, B-02 taken. Five applications, stalls with traffic."""
    paid = approved_application(world, make_organisation(name="Drone Việt"), booth=world.booths["A-12"],
                                payment_status="paid")
    corner = approved_application(world, make_organisation(name="Edu Plus"), booth=world.booths["A-20"])
    waived = approved_application(world, make_organisation(name="Fin Xanh"), booth=world.booths["B-02"],
                                  payment_status="waived")
    approved_application(world, make_organisation(name="Chưa có gian"), booths_allowed=2)  # 2 × 5,000,000 due
    make_booth_application(world.edition, booth_type=world.standard)
    make_booth_application(world.edition, booth_type=world.standard, status="rejected")
    drone, edu, fin = (make_stall(world.edition, organisation=a.organisation) for a in (paid, corner, waived))
    visits(drone, 3)
    visits(edu, 5)
    make_lead(drone)
    make_lead(drone)
    slot = make_meeting_slot(fin)
    make_meeting(slot)
    cancelled = make_meeting(make_meeting_slot(drone, starts_at=slot.starts_at.replace(hour=5)))
    cancelled.cancelled_at = cancelled.created_at
    db.session.commit()
    return world


def test_hall_counts(busy):
    assert [(hall.code, numbers) for hall, numbers in queries.hall_counts(busy.edition)] == [
        ("A", {"total": 3, "taken": 2, "held": 0, "free": 1}),
        ("B", {"total": 2, "taken": 1, "held": 1, "free": 0}),
    ]


def test_a_held_booth_once_taken_counts_as_taken(world):
    approved_application(world, booth=world.booths["B-01"])

    assert dict((hall.code, numbers) for hall, numbers in queries.hall_counts(world.edition))["B"] == {
        "total": 2, "taken": 1, "held": 0, "free": 1}


def test_status_counts(busy):
    assert queries.status_counts(busy.edition) == {
        "submitted": 1, "approved": 4, "waitlisted": 0, "rejected": 1, "withdrawn": 0, "total": 6}


def test_payment_totals(busy):
    assert queries.payment_totals(busy.edition) == {
        "pending": {"count": 2, "vnd": 9_000_000 + 2 * 5_000_000},
        "paid": {"count": 1, "vnd": 5_000_000},
        "waived": {"count": 1, "vnd": 5_000_000},
        "expected": 9_000_000 + 2 * 5_000_000 + 5_000_000,
    }


def test_payment_totals_match_each_applications_price(busy):
    from app.exhibition.models import BoothApplication

    approved = db.session.scalars(db.select(BoothApplication).where(BoothApplication.status == "approved")).all()
    by_status = {}
    for application in approved:
        by_status[application.payment_status] = by_status.get(application.payment_status, 0) + (
            queries.application_price(application))
    totals = queries.payment_totals(busy.edition)
    assert {status: totals[status]["vnd"] for status in by_status} == by_status


def test_top_stalls(busy):
    rows = queries.top_stalls(busy.edition)

    assert [(stall.organisation.name, views, leads, meetings) for stall, views, leads, meetings in rows] == [
        ("Edu Plus", 5, 0, 0), ("Drone Việt", 3, 2, 0), ("Fin Xanh", 0, 0, 1)]


def test_overview_page(client, login, busy):
    login(busy.organiser)

    response = client.get(f"/manage/e/{busy.edition.slug}/exhibition/overview")

    page = Page(response)
    assert response.status_code == 200
    assert element_text(response, "per-hall") == ("Hall or zone Taken Held Free Total A · Hall A 2 0 1 3 B · Hall B 1 1 0 2")
    assert element_text(response, "payments") == (
        "Status Exhibitors VND Payment pending 2 19,000,000 Paid 1 5,000,000 Waived 1 5,000,000 "
        "Expected (without waived) 24,000,000 Paid 5,000,000")
    assert element_text(response, "top-stalls") == (
        "Stall Views Leads Meetings Edu Plus 5 0 0 Drone Việt 3 2 0 Fin Xanh 0 0 1")
    assert element_text(response, "per-status").startswith("Received 1 Approved 4 On the waitlist 0 Not accepted 1")
    assert re.findall(r'data-total="(\w+)">([^<]*)<', response.get_data(as_text=True)) == [
        ("booths", "5"), ("taken", "3"), ("approved", "4"), ("to_decide", "1")]
    assert "Booths per hall" in page.text


def test_overview_of_an_empty_exhibition(client, login, frozen_time):
    world = exhibition_world()
    login(world.organiser)

    response = client.get(f"/manage/e/{world.edition.slug}/exhibition/overview")

    assert element_text(response, "top-stalls") == "Stall Views Leads Meetings No virtual stall yet."
    assert element_text(response, "payments").startswith("Status Exhibitors VND Payment pending 0 0 Paid 0 0 Waived 0 0")


def test_overview_query_count_does_not_grow(client, login, world, count_queries):
    login(world.organiser)
    url = f"/manage/e/{world.edition.slug}/exhibition/overview"

    def queries_run() -> int:
        db.session.expire_all()  # every request reads afresh, whatever the test loaded before
        with count_queries() as counter:
            assert client.get(url).status_code == 200
        return counter["n"]

    stall = make_stall(world.edition, organisation=approved_application(world, booth=world.booths["A-12"]).organisation)
    visits(stall, 1)
    small = queries_run()
    for number in range(12):
        hall = make_hall(world.edition, code=f"H{number}")
        application = approved_application(world, make_organisation(members=(make_user(),)),
                                           booth=make_booth(hall, code=f"H{number}-1", booth_type=world.standard))
        other = make_stall(world.edition, organisation=application.organisation)
        visits(other, number)
        make_lead(other)
        make_meeting(make_meeting_slot(other))
    assert queries_run() == small
