"""A person's agenda as plain data: sessions grouped by day, clashes between them, readable times.

Pure functions over registrations already loaded (no queries), tested without a database.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Hashable, Iterable

from flask_babel import format_date, format_datetime, format_time


def clashes(intervals: Iterable[tuple[Hashable, datetime, datetime]]) -> dict[Hashable, list[Hashable]]:
    """For each ``(key, start, end)``, the keys of the other intervals it overlaps, in start order.

    Touching intervals (one ends when the next starts) do not clash.
    """
    ordered = sorted(intervals, key=lambda item: (item[1], item[2]))
    result: dict[Hashable, list[Hashable]] = {key: [] for key, _, _ in ordered}
    running: list[tuple[Hashable, datetime, datetime]] = []
    for key, start, end in ordered:
        running = [item for item in running if item[2] > start]
        for other_key, _, _ in running:
            result[other_key].append(key)
            result[key].append(other_key)
        running.append((key, start, end))
    return result


@dataclass
class AgendaDay:
    day: date
    registrations: list = field(default_factory=list)


@dataclass
class AgendaEdition:
    edition: object
    days: list[AgendaDay] = field(default_factory=list)


def by_edition_and_day(registrations) -> list[AgendaEdition]:
    """Registrations (sorted by start) grouped by edition, then by day in the edition's own timezone."""
    groups: dict[int, AgendaEdition] = {}
    for registration in registrations:
        session = registration.session
        group = groups.setdefault(session.edition_id, AgendaEdition(session.edition))
        day = session.local_start().date()
        if not group.days or group.days[-1].day != day:
            group.days.append(AgendaDay(day))
        group.days[-1].registrations.append(registration)
    return list(groups.values())


def registration_clashes(registrations) -> dict[int, list]:
    """Registration id → the person's other registrations overlapping it (cancelled sessions ignored)."""
    by_id = {r.id: r for r in registrations if not r.session.is_cancelled}
    found = clashes((r.id, r.session.starts_at, r.session.ends_at) for r in by_id.values())
    return {key: [by_id[other] for other in others] for key, others in found.items() if others}


def session_time(session) -> str:
    """When a session happens, in its edition's timezone and the reader's language.

    For example "Thursday, December 10, 2026, 9:00 AM – 11:00 AM (GMT+07:00)".
    """
    start, end = session.local_start(), session.local_end()
    if start.date() == end.date():
        until = format_time(end, "short", rebase=False)
    else:
        until = format_datetime(end, "short", rebase=False)
    zone = format_datetime(start, "ZZZZ", rebase=False)
    return f"{format_date(start.date(), 'full')}, {format_time(start, 'short', rebase=False)} – {until} ({zone})"


def local_time(moment: datetime | None, edition, fmt: str = "short") -> str:
    """A moment (stored in UTC) shown in the edition's timezone."""
    if moment is None:
        return ""
    return format_datetime(moment.astimezone(edition.zone), fmt, rebase=False)
