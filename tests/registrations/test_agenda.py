"""The agenda as plain data: clashes, grouping by day in the edition's timezone, readable times."""
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from flask_babel import force_locale

from app.registrations.agenda import by_edition_and_day, clashes, local_time, registration_clashes, session_time


def at(hour, minute=0, day=10):
    return datetime(2026, 12, day, hour, minute, tzinfo=UTC)


def test_clashes_pairs_overlapping_intervals():
    found = clashes([("a", at(2), at(4)), ("b", at(3), at(5)), ("c", at(5), at(6)), ("d", at(1), at(7))])

    assert found == {"d": ["a", "b", "c"], "a": ["d", "b"], "b": ["d", "a"], "c": ["d"]}


def test_clashes_ignores_sessions_that_only_touch():
    assert clashes([("a", at(2), at(4)), ("b", at(4), at(5))]) == {"a": [], "b": []}


def test_clashes_of_nothing_is_empty():
    assert clashes([]) == {}


class FakeEdition(SimpleNamespace):
    @property
    def zone(self):
        return ZoneInfo(self.timezone)


def fake_registration(number, edition, starts_at, hours=2, cancelled=False):
    session = SimpleNamespace(
        id=number, edition=edition, edition_id=edition.id, starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=hours), is_cancelled=cancelled, title=f"Session {number}",
        local_start=lambda: starts_at.astimezone(edition.zone),
        local_end=lambda: (starts_at + timedelta(hours=hours)).astimezone(edition.zone),
    )
    return SimpleNamespace(id=number, session=session)


def test_by_edition_and_day_uses_the_editions_timezone():
    hanoi = FakeEdition(id=1, timezone="Asia/Ho_Chi_Minh")
    # 23:30 UTC on the 9th is already 06:30 on the 10th in Viet Nam.
    early = fake_registration(1, hanoi, datetime(2026, 12, 9, 23, 30, tzinfo=UTC))
    late = fake_registration(2, hanoi, at(10))
    next_day = fake_registration(3, hanoi, at(18))  # 01:00 on the 11th

    groups = by_edition_and_day([early, late, next_day])

    assert [(g.edition.id, [(d.day.isoformat(), [r.id for r in d.registrations]) for d in g.days])
            for g in groups] == [(1, [("2026-12-10", [1, 2]), ("2026-12-11", [3])])]


def test_by_edition_and_day_keeps_editions_apart():
    hanoi, seoul = FakeEdition(id=1, timezone="Asia/Ho_Chi_Minh"), FakeEdition(id=2, timezone="Asia/Seoul")
    registrations = [fake_registration(1, hanoi, at(1)), fake_registration(2, seoul, at(2)),
                     fake_registration(3, hanoi, at(5))]

    groups = by_edition_and_day(registrations)

    assert [(g.edition.id, [[r.id for r in d.registrations] for d in g.days]) for g in groups] == [
        (1, [[1, 3]]), (2, [[2]])]


def test_registration_clashes_ignores_cancelled_sessions():
    edition = FakeEdition(id=1, timezone="Asia/Ho_Chi_Minh")
    first, second = fake_registration(1, edition, at(2)), fake_registration(2, edition, at(3))
    cancelled = fake_registration(3, edition, at(2), cancelled=True)

    found = registration_clashes([first, second, cancelled])

    assert {key: [r.id for r in others] for key, others in found.items()} == {1: [2], 2: [1]}


def test_session_time_in_english_and_vietnamese(app):
    edition = FakeEdition(id=1, timezone="Asia/Ho_Chi_Minh")
    session = fake_registration(1, edition, at(2)).session

    with app.test_request_context(), force_locale("en"):
        english = session_time(session)
    with app.test_request_context(), force_locale("vi"):
        vietnamese = session_time(session)

    assert english == "Thursday, December 10, 2026, 9:00\u202fAM – 11:00\u202fAM (GMT+07:00)"
    assert vietnamese.startswith("Thứ Năm, 10 tháng 12, 2026, 09:00 – 11:00")


def test_session_time_over_two_days_names_the_end_date(app):
    edition = FakeEdition(id=1, timezone="Asia/Ho_Chi_Minh")
    session = fake_registration(1, edition, at(14), hours=12).session  # 21:00 → 09:00 next day

    with app.test_request_context(), force_locale("en"):
        text = session_time(session)

    assert text.startswith("Thursday, December 10, 2026, 9:00\u202fPM – 12/11/26, 9:00\u202fAM")


def test_local_time_shows_the_editions_clock(app):
    edition = FakeEdition(id=1, timezone="Asia/Ho_Chi_Minh")

    with app.test_request_context(), force_locale("en"):
        assert local_time(at(3), edition, "HH:mm") == "10:00"
        assert local_time(None, edition) == ""
