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


def test_span_within_a_day_and_past_midnight():
    assert slots.span(utc(2), utc(4), VIETNAM) == "10/12/2026 09:00–11:00"
    assert slots.span(utc(16), utc(18), VIETNAM) == "10/12/2026 23:00 – 11/12/2026 01:00"


# Opening hours ---------------------------------------------------------------------------------

def hours(day: int, opens: tuple[int, int] = (8, 0), closes: tuple[int, int] = (17, 30)) -> SimpleNamespace:
    return SimpleNamespace(day=date(2026, 12, day), opens_at=time(*opens), closes_at=time(*closes))


OPENING_HOURS = [hours(10), hours(11, (9, 0), (16, 0))]


def local(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=VIETNAM)


def test_a_range_inside_the_day_s_hours_fits():
    assert slots.fits_opening_hours(local(10, 9), local(10, 12), OPENING_HOURS) is True
    assert slots.fits_opening_hours(local(11, 9), local(11, 16), OPENING_HOURS) is True


def test_a_range_touching_opening_and_closing_time_fits():
    assert slots.fits_opening_hours(local(10, 8), local(10, 17, 30), OPENING_HOURS) is True


def test_a_range_starting_before_opening_or_ending_after_closing_does_not_fit():
    assert slots.fits_opening_hours(local(10, 7, 45), local(10, 9), OPENING_HOURS) is False
    assert slots.fits_opening_hours(local(10, 17), local(10, 17, 35), OPENING_HOURS) is False
    assert slots.fits_opening_hours(local(11, 8), local(11, 10), OPENING_HOURS) is False  # each day its own hours


def test_a_range_on_a_day_without_opening_hours_does_not_fit():
    assert slots.fits_opening_hours(local(12, 9), local(12, 10), OPENING_HOURS) is False
    assert slots.fits_opening_hours(local(10, 9), local(10, 10), []) is False


def test_a_range_running_into_the_next_day_does_not_fit():
    around_the_clock = [hours(10, (0, 0), (23, 59)), hours(11, (0, 0), (23, 59))]
    assert slots.fits_opening_hours(local(10, 23), local(11, 0, 30), around_the_clock) is False


def test_opening_hours_on_a_day():
    assert slots.opening_hours_on(date(2026, 12, 11), OPENING_HOURS) is OPENING_HOURS[1]
    assert slots.opening_hours_on(date(2026, 12, 12), OPENING_HOURS) is None


def test_opening_hours_text_lists_each_day():
    assert slots.opening_hours_text(OPENING_HOURS) == "10/12/2026: 08:00–17:30; 11/12/2026: 09:00–16:00"
    assert slots.opening_hours_text(OPENING_HOURS[:1]) == "10/12/2026: 08:00–17:30"
