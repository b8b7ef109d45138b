"""A stall's figures per day: which days to show and how events group into them.

Pure functions over plain values (no queries), tested without a database.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Iterable
from zoneinfo import ZoneInfo

FALLBACK_DAYS = 31  # without an online window: the last month
MAX_DAYS = 92  # a window longer than a quarter shows its last 92 days


@dataclass(frozen=True)
class DayFigures:
    day: date | None  # None for the totals row
    views: int = 0
    leads: int = 0
    meetings: int = 0


def report_days(*, opens_at: datetime | None, closes_at: datetime | None, now: datetime, zone: ZoneInfo) -> list[date]:
    """The edition-zone days to report: the online window up to today, else the last 31 days (oldest first)."""
    if opens_at is not None and now < opens_at:
        return []
    last_moment = min(now, closes_at - timedelta(microseconds=1)) if closes_at is not None else now
    last = last_moment.astimezone(zone).date()
    first = opens_at.astimezone(zone).date() if opens_at is not None else last - timedelta(days=FALLBACK_DAYS - 1)
    first = max(first, last - timedelta(days=MAX_DAYS - 1))
    return [first + timedelta(days=offset) for offset in range((last - first).days + 1)]


def utc_bounds(days: list[date], zone: ZoneInfo) -> tuple[datetime, datetime]:
    """From the start of the first day to the end of the last day (exclusive), in UTC."""
    start = datetime.combine(days[0], time.min, tzinfo=zone).astimezone(UTC)
    end = datetime.combine(days[-1] + timedelta(days=1), time.min, tzinfo=zone).astimezone(UTC)
    return start, end


def count_by_day(moments: Iterable[datetime], zone: ZoneInfo) -> Counter:
    """How many of ``moments`` (aware, any zone) fall on each calendar day of ``zone``."""
    return Counter(moment.astimezone(zone).date() for moment in moments)


def daily_figures(days: list[date], *, views: dict[date, int], leads: Iterable[datetime],
                  meetings: Iterable[datetime], zone: ZoneInfo) -> list[DayFigures]:
    """One row per day of ``days``: views (already per day), leads and meetings grouped by local day."""
    leads_per_day, meetings_per_day = count_by_day(leads, zone), count_by_day(meetings, zone)
    return [DayFigures(day, views.get(day, 0), leads_per_day[day], meetings_per_day[day]) for day in days]


def totals(rows: list[DayFigures]) -> DayFigures:
    """The sum of every column."""
    return DayFigures(None, sum(r.views for r in rows), sum(r.leads for r in rows), sum(r.meetings for r in rows))
