"""Meeting slots as plain data: a series of slots in a day, overlaps, days, readable times, places.

Pure functions (no queries), tested without a database.
"""
from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from itertools import groupby
from typing import Hashable, Iterable
from zoneinfo import ZoneInfo

from flask_babel import format_date, format_datetime, format_time
from flask_babel import gettext as _

from app.meetings.models import MeetingMode

Interval = tuple[datetime, datetime]


def series(day: date, start: time, end: time, *, minutes: int, gap_minutes: int, zone: ZoneInfo) -> list[Interval]:
    """UTC ``(start, end)`` of each slot of ``minutes`` from ``start`` to ``end`` on ``day`` (local time in ``zone``),
    with ``gap_minutes`` between slots; a slot that would run past ``end`` is left out."""
    length, step = timedelta(minutes=minutes), timedelta(minutes=minutes + gap_minutes)
    moment, finish = datetime.combine(day, start, tzinfo=zone), datetime.combine(day, end, tzinfo=zone)
    intervals = []
    while moment + length <= finish:
        intervals.append((moment.astimezone(UTC), (moment + length).astimezone(UTC)))
        moment += step
    return intervals


def overlaps(first: Interval, second: Interval) -> bool:
    """Two intervals share some time; one ending when the other starts do not."""
    return first[0] < second[1] and second[0] < first[1]


def first_overlap(new: Iterable[Interval], existing: Iterable[tuple[Hashable, datetime, datetime]]):
    """The first new interval that overlaps an existing one, with that one's key; ``None`` if none does."""
    existing = list(existing)
    for interval in new:
        for key, starts_at, ends_at in existing:
            if overlaps(interval, (starts_at, ends_at)):
                return interval, key
    return None


def by_day(slots, zone: ZoneInfo) -> list[tuple[date, list]]:
    """Slots (sorted by start) grouped by their local day in ``zone``."""
    days = groupby(slots, key=lambda slot: slot.starts_at.astimezone(zone).date())
    return [(day, list(group)) for day, group in days]


def clock(moment: datetime, zone: ZoneInfo) -> str:
    """``HH:MM`` in ``zone``, the same in both languages (used inside translated messages)."""
    return moment.astimezone(zone).strftime("%H:%M")


def day_and_clock(moment: datetime, zone: ZoneInfo) -> str:
    """``dd/mm/yyyy HH:MM`` in ``zone`` (used inside translated messages)."""
    return moment.astimezone(zone).strftime("%d/%m/%Y %H:%M")


def span(starts_at: datetime, ends_at: datetime, zone: ZoneInfo) -> str:
    """``dd/mm/yyyy HH:MM–HH:MM`` in ``zone``; both days in full when the span runs past midnight."""
    if starts_at.astimezone(zone).date() != ends_at.astimezone(zone).date():
        return f"{day_and_clock(starts_at, zone)} – {day_and_clock(ends_at, zone)}"
    return f"{day_and_clock(starts_at, zone)}–{clock(ends_at, zone)}"


def opening_hours_on(day: date, days: Iterable):
    """The opening hours (``day``, ``opens_at``, ``closes_at``) listed for ``day``; ``None`` if it is not open."""
    return next((hours for hours in days if hours.day == day), None)


def fits_opening_hours(local_start: datetime, local_end: datetime, days: Iterable) -> bool:
    """A local time range lies within one day's opening hours (ends may touch opening and closing time)."""
    hours = opening_hours_on(local_start.date(), days)
    return (hours is not None and local_end.date() == local_start.date()
            and hours.opens_at <= local_start.time() and local_end.time() <= hours.closes_at)


def opening_hours_text(days: Iterable) -> str:
    """``dd/mm/yyyy: HH:MM–HH:MM`` per day, joined by "; " (used inside translated messages)."""
    return "; ".join(f"{hours.day.strftime('%d/%m/%Y')}: {hours.opens_at.strftime('%H:%M')}–"
                     f"{hours.closes_at.strftime('%H:%M')}" for hours in days)


def slot_time(slot) -> str:
    """When a slot happens, in its edition's time zone and the reader's language.

    For example "Thursday, December 10, 2026, 10:00 AM – 10:15 AM (GMT+07:00)".
    """
    zone = slot.stall.edition.zone
    start, end = slot.starts_at.astimezone(zone), slot.ends_at.astimezone(zone)
    offset = format_datetime(start, "ZZZZ", rebase=False)
    return (f"{format_date(start.date(), 'full')}, {format_time(start, 'short', rebase=False)} – "
            f"{format_time(end, 'short', rebase=False)} ({offset})")


def place_of(slot, booth) -> str:
    """Where a meeting happens, in the reader's language: the booth (and table), or the video link."""
    if slot.mode == MeetingMode.ONLINE:
        return slot.location or _("Online: the exhibitor will send the video link by email")
    parts = [_("Booth %(code)s, %(hall)s", code=booth.code, hall=booth.hall.name)] if booth is not None else []
    if slot.location:
        parts.append(slot.location)
    return " · ".join(parts) or _("At the exhibitor's booth (see the exhibition plan)")
