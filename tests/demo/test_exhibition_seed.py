"""The demo exhibition of Techfest Vietnam 2026: halls, booths, exhibitors, stalls, leads, meetings, visits."""
import re
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from itertools import combinations

import pytest
from sqlalchemy import func, select

from app.accounts.models import User
from app.core.text import fold
from app.demo.exhibition import HALL_DEPTH, HALL_WIDTH, booth_layout
from app.demo.exhibitors import EXHIBITORS
from app.demo.seed import DEMO_PASSWORD, seed_demo
from app.events.models import Edition, Village
from app.exhibition.models import (Booth, BoothApplication, BoothBooking, BoothType, Exhibition, ExhibitionDay, Hall,
                                   StaffPass)
from app.extensions import db
from app.leads.models import Lead
from app.meetings.models import Meeting, MeetingSlot
from app.stalls.models import Product, Stall, StallVisit
from app.stalls.services import search_text_for
from app.teams.models import Organisation

MODELS = (User, Organisation, Village, Exhibition, ExhibitionDay, Hall, BoothType, Booth, BoothApplication,
          BoothBooking, StaffPass, Stall, Product, Lead, MeetingSlot, Meeting, StallVisit)
SUMMARY = ("exhibition techfest-vietnam-2026: 2 halls, 60 booths (28 taken, 3 held), 40 exhibitors, 42 stalls, "
           "21 leads, 112 meeting slots (9 booked), {visits} stall visits")


@pytest.fixture
def seeded(app, frozen_time):
    return seed_demo()


def _counts() -> dict[str, int]:
    return {model.__name__: db.session.scalar(select(func.count()).select_from(model)) for model in MODELS}


def _booth(code: str) -> Booth:
    return db.session.scalar(select(Booth).where(Booth.code == code))


def _exhibitor_stalls() -> list[Stall]:
    applicants = select(BoothApplication.organisation_id)
    return list(db.session.scalars(select(Stall).where(Stall.organisation_id.in_(applicants))))


def test_seeding_twice_adds_nothing_the_second_time(seeded):
    counts = _counts()
    visits = counts["StallVisit"]
    assert seeded[3] == SUMMARY.format(visits=visits)
    assert (counts["Exhibition"], counts["Hall"], counts["BoothType"], counts["Booth"], counts["BoothApplication"],
            counts["BoothBooking"], counts["Stall"], counts["Lead"], counts["MeetingSlot"], counts["Meeting"]) == (
        1, 2, 4, 60, 40, 28, 42, 21, 112, 11)
    assert visits > 500
    again = seed_demo()
    assert again[3] == "exhibition techfest-vietnam-2026: already there"
    assert _counts() == counts


def test_exhibition_is_on_the_upcoming_edition_with_two_days_set_up_and_a_two_month_online_window(seeded):
    exhibition = db.session.scalar(select(Exhibition))
    assert exhibition.edition.slug == "techfest-vietnam-2026"
    assert (exhibition.applications_open, exhibition.exhibitors_pick_booths, exhibition.booths_per_exhibitor) == (
        True, True, 1)
    assert [(d.day, d.opens_at, d.closes_at) for d in exhibition.days] == [
        (date(2026, 12, 10), time(8, 0), time(17, 30)), (date(2026, 12, 11), time(8, 0), time(17, 30))]
    # Stored in UTC: Viet Nam is UTC+7.
    assert (exhibition.setup_starts_at, exhibition.setup_ends_at) == (
        datetime(2026, 12, 9, 6, 0, tzinfo=UTC), datetime(2026, 12, 9, 13, 0, tzinfo=UTC))
    assert (exhibition.online_opens_at, exhibition.online_closes_at) == (
        datetime(2026, 10, 31, 17, 0, tzinfo=UTC), datetime(2026, 12, 31, 17, 0, tzinfo=UTC))
    assert exhibition.online_state(datetime(2026, 11, 23, 3, 0, tzinfo=UTC)) == "open"


def test_halls_have_booths_a01_to_a30_and_b01_to_b30_with_types_and_prices(seeded):
    halls = db.session.scalars(select(Hall).order_by(Hall.position)).all()
    assert [(h.code, h.name_en, h.village.slug, h.width, h.depth) for h in halls] == [
        ("A", "Hall A – Agritech & Environment", "nong-nghiep", 27.0, 24.0),
        ("B", "Hall B – Digital transformation", "chuyen-doi-so", 27.0, 24.0)]
    codes = db.session.scalars(select(Booth.code).order_by(Booth.code)).all()
    assert codes == [f"{hall}-{n:02d}" for hall in "AB" for n in range(1, 31)]
    types = db.session.scalars(select(BoothType).order_by(BoothType.position)).all()
    assert [(t.name_en, t.width, t.depth, t.price_vnd, t.for_startups) for t in types] == [
        ("Standard shell scheme 3×3 m", 3.0, 3.0, 12_000_000, False),
        ("Double booth 6×3 m", 6.0, 3.0, 24_000_000, False),
        ("Corner booth 3×3 m (open on two sides)", 3.0, 3.0, 15_000_000, False),
        ("Startup pod 2×2 m", 2.0, 2.0, 0, True)]
    assert types[0].includes_en == ("Walls, a name board with the booth code, carpet, 1 table(s), 2 chairs, "
                                    "2 spotlights, 1 × 500 W socket(s).")
    per_type = Counter(booth.booth_type.name_en for booth in db.session.scalars(select(Booth)))
    assert per_type == {"Standard shell scheme 3×3 m": 40, "Corner booth 3×3 m (open on two sides)": 8,
                        "Double booth 6×3 m": 4, "Startup pod 2×2 m": 8}


def _overlap(a, b) -> bool:
    return a.x < b.x + b.width and b.x < a.x + a.width and a.y < b.y + b.depth and b.y < a.y + a.depth


def test_no_two_booths_of_a_hall_overlap_and_all_lie_inside_their_hall(seeded):
    for hall in db.session.scalars(select(Hall)):
        assert len(hall.booths) == 30
        for booth in hall.booths:
            assert 0 <= booth.x and booth.x + booth.width <= hall.width, booth.code
            assert 0 <= booth.y and booth.y + booth.depth <= hall.depth, booth.code
            assert (booth.width, booth.depth) == (booth.booth_type.width, booth.booth_type.depth)
        assert [(a.code, b.code) for a, b in combinations(hall.booths, 2) if _overlap(a, b)] == []


def test_layout_leaves_three_metre_aisles_between_blocks():
    places = booth_layout()
    assert len(places) == 30
    rows = sorted({y for _kind, _x, y in places})
    assert rows == [3.0, 6.0, 12.0, 15.0, 21.0]
    assert all(3.0 <= x and x + 6.0 <= HALL_WIDTH for kind, x, _y in places if kind == "large")
    assert max(y for *_rest, y in places) + 2.0 <= HALL_DEPTH


def test_a12_is_taken_by_the_demo_exhibitor_accounts_company(seeded):
    booth = _booth("A-12")
    application = booth.booking.application
    assert (application.organisation.name, application.organisation.kind, application.status,
            application.payment_status) == ("Rồng Xanh Drone", "company", "approved", "paid")
    assert application.organisation.owner.email == "exhibitor@techfest.example"
    assert [p.name for p in application.staff_passes] == ["Lê Hoàng Nam", "Nguyễn Thị Thanh Thủy"]
    stall = db.session.scalar(select(Stall).where(Stall.organisation_id == application.organisation_id))
    assert (stall.is_featured, stall.featured_position, stall.video_url) == (
        True, 1, "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ")
    assert "gian **A-12**" in stall.description_vi and "booth **A-12**" in stall.description_en


def test_every_approved_application_has_a_booth_of_its_type_and_a_stall(seeded):
    applications = db.session.scalars(select(BoothApplication)).all()
    assert Counter(a.status for a in applications) == {"approved": 28, "submitted": 5, "waitlisted": 4,
                                                       "rejected": 3}
    stall_orgs = set(db.session.scalars(select(Stall.organisation_id)))
    for application in applications:
        assert application.booths_taken == len(application.bookings)
        if application.status == "approved":
            assert len(application.bookings) == 1, application.organisation.name
            assert application.bookings[0].booth.booth_type_id == application.booth_type_id
            assert application.organisation_id in stall_orgs
            assert application.decided_by.email == "organiser@techfest.example"
        else:
            assert application.bookings == []
        assert bool(application.rejection_reason) == (application.status == "rejected")
    approved = [a for a in applications if a.status == "approved"]
    assert Counter(a.payment_status for a in approved) == {"paid": 13, "waived": 9, "pending": 6}
    assert all(a.payment_status == "waived" for a in approved if a.booth_type.is_free)


def test_held_booths_are_not_booked(seeded):
    held = db.session.scalars(select(Booth).where(Booth.is_held.is_(True)).order_by(Booth.code)).all()
    assert [(b.code, b.booking) for b in held] == [("A-01", None), ("B-01", None), ("B-17", None)]
    assert all(b.hold_note for b in held)


def test_forty_exhibitor_stalls_with_bilingual_products_and_search_text(seeded):
    stalls = _exhibitor_stalls()
    assert len(stalls) == 40
    for stall in stalls:
        assert stall.tagline_vi and stall.tagline_en and stall.description_vi and stall.description_en
        assert stall.village is not None and stall.sector == stall.organisation.sector
        assert stall.contact_email == stall.organisation.owner.email
        assert 2 <= len(stall.products) <= 4, stall.name
        for product in stall.products:
            assert all((product.name_vi, product.name_en, product.description_vi, product.description_en))
        assert stall.search_text == search_text_for(stall)
    products = [p for s in stalls for p in s.products]
    assert {p.price_vnd is None for p in products} == {True, False}
    featured = db.session.scalars(select(Stall).where(Stall.is_featured.is_(True))
                                  .order_by(Stall.featured_position)).all()
    assert [s.featured_position for s in featured] == [1, 2, 3, 4, 5, 6]
    videos = [s.video_url for s in db.session.scalars(select(Stall).where(Stall.video_url.is_not(None)))]
    assert len(videos) == 4 and all(v.startswith("https://www.youtube-nocookie.com/embed/") for v in videos)
    hidden = db.session.scalars(select(Stall).where(Stall.is_hidden.is_(True))).all()
    assert [s.name for s in hidden] == ["CoinX Việt"]


def test_searching_can_tho_without_diacritics_finds_the_stalls_from_can_tho(seeded):
    query = fold("can tho")
    found = {s.name for s in db.session.scalars(select(Stall)) if query in s.search_text}
    assert found == {"MekoFarm", "Viện Công nghệ Sinh học – Trường Đại học Cần Thơ", "PayQR Mekong",
                     "AgriSense Mekong"}


def test_leads_mix_statuses_and_interests_and_come_from_the_visitor_account_too(seeded, frozen_time):
    leads = db.session.scalars(select(Lead)).all()
    assert Counter(lead.status for lead in leads) == {"new": 12, "replied": 6, "closed": 3}
    assert set(lead.interest for lead in leads) == {"investment", "purchase", "partnership", "other"}
    visitor = db.session.scalar(select(User).where(User.email == "visitor@techfest.example"))
    from_visitor = [lead for lead in leads if lead.user_id == visitor.id]
    assert len(from_visitor) == 5 and all(lead.email == visitor.email for lead in from_visitor)
    assert all(lead.created_at <= frozen_time.start for lead in leads)
    assert all((lead.status_changed_at is None) == (lead.status == "new") for lead in leads)


def test_meeting_slots_last_15_minutes_with_5_minute_gaps_during_opening_hours(seeded):
    slots = db.session.scalars(select(MeetingSlot).order_by(MeetingSlot.stall_id, MeetingSlot.starts_at)).all()
    assert len({s.stall_id for s in slots}) == 8
    zone = slots[0].stall.edition.zone
    for slot in slots:
        local = slot.starts_at.astimezone(zone)
        assert slot.ends_at - slot.starts_at == timedelta(minutes=15)
        assert local.date() in (date(2026, 12, 10), date(2026, 12, 11))
        assert time(8, 0) <= local.time() and slot.ends_at.astimezone(zone).time() <= time(17, 30)
        assert (slot.mode == "online") == slot.location.startswith("https://")
    for before, after in zip(slots, slots[1:]):
        if before.stall_id == after.stall_id and before.starts_at.date() == after.starts_at.date():
            assert after.starts_at - before.ends_at == timedelta(minutes=5)
    assert all(len([m for m in s.meetings if m.is_active]) <= 1 for s in slots)


def test_the_visitor_account_has_booked_meetings_and_one_was_cancelled(seeded):
    visitor = db.session.scalar(select(User).where(User.email == "visitor@techfest.example"))
    meetings = db.session.scalars(select(Meeting).where(Meeting.visitor_id == visitor.id)).all()
    assert sorted((m.slot.stall.name, m.is_active) for m in meetings) == [
        ("Bác Sĩ Nhà", False), ("K-Factory Solutions", True), ("MekoFarm", True), ("Rồng Xanh Drone", False),
        ("Rồng Xanh Drone", True)]
    cancelled = {m.slot.stall.name: m.cancelled_by.email for m in meetings if not m.is_active}
    assert cancelled == {"Bác Sĩ Nhà": "bacsinha@techfest.example", "Rồng Xanh Drone": "visitor@techfest.example"}


def test_stall_visits_cover_the_last_two_weeks_once_per_visitor_and_day(seeded):
    days = db.session.scalars(select(StallVisit.day).distinct().order_by(StallVisit.day)).all()
    assert (days[0], days[-1], len(days)) == (date(2026, 11, 10), date(2026, 11, 23), 14)
    keys = db.session.scalars(select(StallVisit.visitor_key)).all()
    assert all(len(key) == 64 and int(key, 16) >= 0 for key in keys)
    per_stall = Counter(db.session.scalars(select(StallVisit.stall_id)))
    a12 = db.session.scalar(select(Stall).join(Organisation).where(Organisation.name == "Rồng Xanh Drone"))
    assert per_stall[a12.id] > sorted(per_stall.values())[len(per_stall) // 2]


def test_new_exhibitor_accounts_sign_in_through_the_form(seeded, client):
    """They share the demo password's hash: four sign-ins through the form stand for all forty."""
    emails = [f"{exhibitor.key}@techfest.example" for exhibitor in EXHIBITORS]
    owners = db.session.scalars(select(User).where(User.email.in_(emails))).all()
    assert len(owners) == 40
    assert all(re.fullmatch(r"[a-z]+@techfest\.example", o.email) and o.active and o.email_confirmed_at for o in owners)
    assert len({o.password_hash for o in owners}) == 1
    for email in ("exhibitor@techfest.example", "daon@techfest.example", "dhct@techfest.example",
                  "nihongo@techfest.example"):
        response = client.post("/account/login", data={"email": email, "password": DEMO_PASSWORD})
        assert (email, response.status_code) == (email, 302)
        client.post("/account/logout")


def test_seed_exhibition_without_the_2026_edition_adds_nothing(app):
    from app.demo.exhibition import seed_exhibition

    assert seed_exhibition(DEMO_PASSWORD) == "exhibition techfest-vietnam-2026: no such edition"
    assert db.session.scalar(select(func.count()).select_from(Edition)) == 0
