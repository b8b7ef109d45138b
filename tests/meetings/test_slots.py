"""Meeting slots as plain data: series, overlaps, days, readable times and places."""
from datetime import UTC, date, datetime, time
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from flask_babel import force_locale

from app.meetings import slots

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def utc(hour: int, minute: int = 0, day: int = 10) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=UTC)


def test_series_of_15_minutes_with_5_minute_breaks_from_9_to_12():
    series = slots.series(date(2026, 12, 10), time(9, 0), time(12, 0), minutes=15, gap_minutes=5, zone=VIETNAM)

    assert [(start.astimezone(VIETNAM).strftime("%H:%M"), end.astimezone(VIETNAM).strftime("%H:%M"))
            for start, end in series] == [
        ("09:00", "09:15"), ("09:20", "09:35"), ("09:40", "09:55"), ("10:00", "10:15"), ("10:20", "10:35"),
        ("10:40", "10:55"), ("11:00", "11:15"), ("11:20", "11:35"), ("11:40", "11:55"),
    ]
    assert series[0] == (utc(2), utc(2, 15))
    assert all(start.tzinfo == UTC for start, _ in series)


def test_series_without_breaks_fills_the_time_exactly():
    series = slots.series(date(2026, 12, 10), time(14, 0), time(15, 0), minutes=30, gap_minutes=0, zone=VIETNAM)
    assert series == [(utc(7), utc(7, 30)), (utc(7, 30), utc(8))]


def test_series_leaves_out_a_slot_running_past_the_end():
    assert len(slots.series(date(2026, 12, 10), time(9, 0), time(9, 40), minutes=15, gap_minutes=5,
                            zone=VIETNAM)) == 2


def test_series_too_short_for_one_slot_is_empty():
    assert slots.series(date(2026, 12, 10), time(9, 0), time(9, 10), minutes=15, gap_minutes=0, zone=VIETNAM) == []
    assert slots.series(date(2026, 12, 10), time(12, 0), time(9, 0), minutes=15, gap_minutes=0, zone=VIETNAM) == []


def test_overlaps_ignores_touching_intervals():
    assert slots.overlaps((utc(2), utc(3)), (utc(3), utc(4))) is False
    assert slots.overlaps((utc(2), utc(3)), (utc(2, 59), utc(4))) is True
    assert slots.overlaps((utc(2), utc(5)), (utc(3), utc(4))) is True


def test_first_overlap_names_the_new_interval_and_the_existing_key():
    new = [(utc(2), utc(2, 15)), (utc(2, 20), utc(2, 35)), (utc(2, 40), utc(2, 55))]
    existing = [("a", utc(1), utc(2)), ("b", utc(2, 30), utc(3))]
    assert slots.first_overlap(new, existing) == ((utc(2, 20), utc(2, 35)), "b")
    assert slots.first_overlap(new[:1], existing) is None


def test_by_day_groups_by_local_day():
    late, early = SimpleNamespace(starts_at=utc(16, 30, day=9)), SimpleNamespace(starts_at=utc(17, 0, day=9))
    next_day = SimpleNamespace(starts_at=utc(2, 0, day=11))
    assert slots.by_day([late, early, next_day], VIETNAM) == [
        (date(2026, 12, 9), [late]), (date(2026, 12, 10), [early]), (date(2026, 12, 11), [next_day])]


def _slot(mode="booth", location=None):
    edition = SimpleNamespace(zone=VIETNAM)
    return SimpleNamespace(starts_at=utc(3), ends_at=utc(3, 15), mode=mode, location=location,
                           stall=SimpleNamespace(edition=edition))


def test_slot_time_in_english_and_vietnamese(app):
    with app.test_request_context(), force_locale("en"):
        assert slots.slot_time(_slot()) == "Thursday, December 10, 2026, 10:00\u202fAM – 10:15\u202fAM (GMT+07:00)"
    with app.test_request_context(), force_locale("vi"):
        assert slots.slot_time(_slot()).startswith("Thứ Năm, 10 tháng 12, 2026, 10:00 – 10:15")


def test_place_of_booth_with_table_and_hall(app):
    booth = SimpleNamespace(code="A-12", hall=SimpleNamespace(name="Hall A"))
    with app.test_request_context(), force_locale("en"):
        assert slots.place_of(_slot(location="Bàn 2"), booth) == "Booth A-12, Hall A · Bàn 2"
        assert slots.place_of(_slot(), booth) == "Booth A-12, Hall A"
        assert slots.place_of(_slot(), None) == "At the exhibitor's booth (see the exhibition plan)"


def test_place_of_online_meeting_is_the_link_or_a_promise(app):
    with app.test_request_context(), force_locale("en"):
        assert slots.place_of(_slot("online", "https://meet.example/abc"), None) == "https://meet.example/abc"
        assert slots.place_of(_slot("online"), None) == "Online: the exhibitor will send the video link by email"
