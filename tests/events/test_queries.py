"""Reads behind the public festival pages: grouping by the edition's days, counts, filters."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from app.events import queries
from tests.factories import (make_edition, make_registration, make_room, make_session, make_speaker, make_venue,
                             make_village)

pytestmark = pytest.mark.usefixtures("frozen_time")  # "now" is 2026-11-23 03:00 UTC


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def titles(sessions) -> list[str]:
    return [session.title_en for session in sessions]


def test_public_editions_splits_by_the_editions_own_today_and_hides_drafts():
    # At 03:00 UTC on 23 November it is already the 23rd in Ha Noi but still the 22nd in Honolulu.
    hanoi = make_edition(slug="hanoi", starts_on=date(2026, 11, 23), ends_on=date(2026, 11, 25))
    honolulu = make_edition(slug="honolulu", starts_on=date(2026, 11, 23), ends_on=date(2026, 11, 25),
                            timezone="Pacific/Honolulu")
    ended = make_edition(slug="ended", starts_on=date(2026, 11, 20), ends_on=date(2026, 11, 22))
    archived_early = make_edition(slug="archived", status="archived", starts_on=date(2026, 12, 1),
                                  ends_on=date(2026, 12, 2))
    make_edition(slug="draft", status="draft", starts_on=date(2026, 11, 23), ends_on=date(2026, 11, 25))

    groups = queries.public_editions()

    assert {key: [e.slug for e in editions] for key, editions in groups.items()} == {
        "current": [hanoi.slug], "upcoming": [honolulu.slug], "past": [archived_early.slug, ended.slug]}


def test_edition_numbers_count_in_one_statement(count_queries):
    edition = make_edition()
    make_venue(edition), make_village(edition), make_speaker(edition), make_speaker(edition)
    first = make_session(edition, starts_at=utc(2026, 12, 10, 1, 30))
    make_session(edition, starts_at=utc(2026, 12, 10, 0, 30), status="cancelled")
    make_session(edition, starts_at=utc(2026, 12, 11, 2))
    make_registration(first), make_registration(first, status="waitlisted"), make_registration(first, status="cancelled")
    assert edition.id  # load the edition the way a page has it, before counting

    with count_queries() as counter:
        numbers = queries.edition_numbers(edition)

    assert counter["n"] == 1
    assert numbers == queries.EditionNumbers(sessions=2, speakers=2, villages=1, venues=1, registrations=2,
                                             first_session_at=utc(2026, 12, 10, 1, 30))
    assert queries.edition_start(edition, numbers) == utc(2026, 12, 10, 1, 30)


def test_edition_start_without_sessions_is_midnight_of_the_first_day_in_the_editions_timezone():
    edition = make_edition(starts_on=date(2026, 12, 10), timezone="Asia/Ho_Chi_Minh")

    assert queries.edition_start(edition, queries.edition_numbers(edition)) == utc(2026, 12, 9, 17)


def test_local_day_bounds_follow_the_editions_timezone():
    assert queries.local_day_bounds(make_edition(timezone="Asia/Ho_Chi_Minh"), date(2026, 12, 10)) == (
        utc(2026, 12, 9, 17), utc(2026, 12, 10, 17))
    assert queries.local_day_bounds(make_edition(timezone="Asia/Seoul"), date(2026, 12, 10)) == (
        utc(2026, 12, 9, 15), utc(2026, 12, 10, 15))


def test_edition_days_run_from_first_to_last_day():
    edition = make_edition(starts_on=date(2026, 12, 30), ends_on=date(2027, 1, 1))

    assert queries.edition_days(edition) == [date(2026, 12, 30), date(2026, 12, 31), date(2027, 1, 1)]


def test_sessions_per_day_counts_scheduled_sessions_by_local_day():
    edition = make_edition()
    make_session(edition, starts_at=utc(2026, 12, 10, 2))
    make_session(edition, starts_at=utc(2026, 12, 10, 16, 59))  # 23:59 on the 10th in Ha Noi
    make_session(edition, starts_at=utc(2026, 12, 10, 17))  # midnight: the 11th
    make_session(edition, starts_at=utc(2026, 12, 12, 2), status="cancelled")

    assert queries.sessions_per_day(edition) == [(date(2026, 12, 10), 2), (date(2026, 12, 11), 1)]


def test_program_groups_by_local_day_and_keeps_cancelled_sessions():
    edition = make_edition()
    make_session(edition, title_en="B", starts_at=utc(2026, 12, 10, 17))
    make_session(edition, title_en="A", starts_at=utc(2026, 12, 10, 2), status="cancelled")
    make_session(make_edition(), title_en="Elsewhere", starts_at=utc(2026, 12, 10, 2))

    days = queries.program(edition)

    assert [(day.day, titles(day.sessions)) for day in days] == [
        (date(2026, 12, 10), ["A"]), (date(2026, 12, 11), ["B"])]


def test_program_filters_combine():
    edition = make_edition()
    room = make_room(make_venue(edition))
    village = make_village(edition)
    make_session(edition, title_en="Match", kind="training", room=room, village=village,
                 starts_at=utc(2026, 12, 11, 2))
    make_session(edition, title_en="Other day", kind="training", room=room, village=village,
                 starts_at=utc(2026, 12, 10, 2))
    make_session(edition, title_en="Other kind", kind="workshop", room=room, village=village,
                 starts_at=utc(2026, 12, 11, 4))
    make_session(edition, title_en="No room", kind="training", village=village, starts_at=utc(2026, 12, 11, 6))
    make_session(edition, title_en="No village", kind="training", room=room, starts_at=utc(2026, 12, 11, 8))

    days = queries.program(edition, day=date(2026, 12, 11), kind="training", village_id=village.id, room_id=room.id)

    assert [(day.day, titles(day.sessions)) for day in days] == [(date(2026, 12, 11), ["Match"])]


def test_upcoming_sessions_skip_ended_and_cancelled_sessions(frozen_time):
    edition = make_edition(starts_on=date(2026, 11, 23), ends_on=date(2026, 11, 24))
    make_session(edition, title_en="Over", starts_at=utc(2026, 11, 23, 0), duration=timedelta(hours=1))
    make_session(edition, title_en="Running", starts_at=utc(2026, 11, 23, 2))
    make_session(edition, title_en="Cancelled", starts_at=utc(2026, 11, 23, 5), status="cancelled")
    for hour in range(5, 12):
        make_session(edition, title_en=f"At {hour}", starts_at=utc(2026, 11, 24, hour))

    assert titles(queries.upcoming_sessions(edition)) == ["Running", "At 5", "At 6", "At 7", "At 8"]
    frozen_time(utc(2026, 11, 25))
    assert queries.upcoming_sessions(edition) == []


def test_edition_rooms_are_ordered_by_venue_then_room():
    edition = make_edition()
    university = make_venue(edition, name="Hội trường Thành phố")
    hotel = make_venue(edition, name="Khách sạn Mường Thanh")
    make_room(hotel, name="Sảnh B"), make_room(university, name="Phòng 2"), make_room(hotel, name="Sảnh A")
    make_room(make_venue(make_edition()), name="Elsewhere")

    assert [room.label for room in queries.edition_rooms(edition)] == [
        "Phòng 2 · Hội trường Thành phố", "Sảnh A · Khách sạn Mường Thanh", "Sảnh B · Khách sạn Mường Thanh"]


def test_session_details_only_for_a_session_of_the_edition():
    edition, other = make_edition(), make_edition()
    session = make_session(edition)

    assert queries.session_details(edition, session.id) is session
    assert queries.session_details(other, session.id) is None
