"""The public festival pages run the same number of SQL statements for 10 sessions as for 500."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from app.events.models import Room, Session, Speaker, Venue, Village
from app.extensions import db
from app.registrations.codes import new_code
from app.registrations.models import Registration
from tests.factories import make_edition, make_user

pytestmark = pytest.mark.usefixtures("frozen_time")

KINDS = ("conference", "workshop", "talk_show", "training", "pitching")


def build_festival():
    """An edition with two venues of three rooms, four villages with heads and twenty speakers."""
    edition = make_edition(slug="national-2026", starts_on=date(2026, 12, 10), ends_on=date(2026, 12, 12))
    heads = [make_user() for _ in range(4)]
    venues = [Venue(edition=edition, name=f"Venue {v}") for v in range(2)]
    rooms = [Room(venue=venue, name=f"Room {r}", capacity=200) for venue in venues for r in range(3)]
    villages = [Village(edition=edition, slug=f"village-{n}", name_vi=f"Làng {n}", name_en=f"Village {n}",
                        head=heads[n], position=n) for n in range(4)]
    speakers = [Speaker(edition=edition, name=f"Speaker {n:02d}", title="CEO", organisation="Startup")
                for n in range(20)]
    db.session.add_all([*venues, *rooms, *villages, *speakers])
    db.session.commit()
    return edition, rooms, villages, speakers


def add_sessions(edition, rooms, villages, speakers, *, first: int, count: int) -> None:
    """Bulk-add ``count`` sessions sharing rooms, villages and speakers; a few registrations on some."""
    people = [make_user() for _ in range(3)]
    sessions = []
    for n in range(first, first + count):
        starts_at = datetime(2026, 12, 10, 1, tzinfo=UTC) + timedelta(days=n % 3, minutes=15 * (n % 40))
        sessions.append(Session(
            edition=edition, kind=KINDS[n % len(KINDS)], title_vi=f"Phiên {n}", title_en=f"Session {n}",
            starts_at=starts_at, ends_at=starts_at + timedelta(hours=1), room=rooms[n % len(rooms)],
            village=villages[n % len(villages)], speakers=[speakers[n % 20], speakers[(n + 7) % 20]],
            online_url="https://meet.example.vn/s" if n % 4 == 0 else None, requires_registration=n % 2 == 0,
            capacity=50 if n % 2 == 0 else None, confirmed_seats=0,
            status="cancelled" if n % 10 == 9 else "scheduled", language="vi"))
    db.session.add_all(sessions)
    db.session.flush()
    db.session.add_all(Registration(session_id=session.id, user=person, status="confirmed", seats=1,
                                    check_in_code=new_code()) for session in sessions[:2] for person in people)
    db.session.commit()


def page_queries(client, count_queries, url: str) -> int:
    with count_queries() as counter:
        response = client.get(url)
    assert response.status_code == 200
    return counter["n"]


def measure(client, count_queries, village) -> dict[str, int]:
    pages = {
        "landing": "/e/national-2026/",
        "program": "/e/national-2026/program",
        "program filtered": f"/e/national-2026/program?day=2026-12-11&village={village.id}",
        "speakers": "/e/national-2026/speakers",
    }
    return {name: page_queries(client, count_queries, url) for name, url in pages.items()}


def test_public_pages_query_count_does_not_grow_with_sessions(client, count_queries, record_property):
    edition, rooms, villages, speakers = build_festival()
    add_sessions(edition, rooms, villages, speakers, first=0, count=10)
    small = measure(client, count_queries, villages[1])

    add_sessions(edition, rooms, villages, speakers, first=10, count=490)
    assert db.session.query(Session).count() == 500
    large = measure(client, count_queries, villages[1])

    record_property("queries_10_sessions", small)
    record_property("queries_500_sessions", large)
    print(f"\nSQL statements per page, 10 sessions: {small}\nSQL statements per page, 500 sessions: {large}")
    assert large == small
    assert small == {"landing": 6, "program": 5, "program filtered": 5, "speakers": 3}


def test_session_page_query_count_does_not_depend_on_the_program(client, login, count_queries):
    login(make_user())  # the registration panel asks about the visitor's own registration
    edition, rooms, villages, speakers = build_festival()
    add_sessions(edition, rooms, villages, speakers, first=0, count=10)
    first = db.session.scalars(db.select(Session.id).order_by(Session.id)).first()
    url = f"/e/national-2026/sessions/{first}"
    small = page_queries(client, count_queries, url)

    add_sessions(edition, rooms, villages, speakers, first=10, count=190)

    assert page_queries(client, count_queries, url) == small
