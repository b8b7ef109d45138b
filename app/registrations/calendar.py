"""iCalendar files: one per session, and a personal feed of a participant's agenda."""
from __future__ import annotations

from datetime import date, timedelta
from typing import Iterable

from icalendar import Calendar, Event

from app.core.time import utcnow

PRODUCT_ID = "-//Techfest Platform//Agenda//VI"


def new_calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    return calendar


def session_event(session, *, url: str, location: str | None, tentative: bool = False) -> Event:
    """One session as an event, with times in the edition's own timezone."""
    event = Event()
    event.add("uid", f"session-{session.id}@techfest-platform")
    event.add("dtstamp", utcnow())
    event.add("dtstart", session.local_start())
    event.add("dtend", session.local_end())
    event.add("summary", session.title)
    if session.description:
        event.add("description", f"{session.description}\n\n{url}")
    else:
        event.add("description", url)
    event.add("url", url)
    if location:
        event.add("location", location)
    event.add("status", "CANCELLED" if session.is_cancelled else ("TENTATIVE" if tentative else "CONFIRMED"))
    event.add("last-modified", session.updated_at)
    # Calendar programs replace an event they already have only when its sequence grows.
    event.add("sequence", int(session.updated_at.timestamp()) // 60)
    return event


def to_ics(calendar: Calendar) -> bytes:
    calendar.add_missing_timezones(first_date=date(2000, 1, 1))
    return calendar.to_ical()


def calendar_file(name: str, events: Iterable[Event], *, refresh_hours: int | None = None) -> bytes:
    """A whole calendar (with a VTIMEZONE for each zone used); feeds say how often to refresh."""
    calendar = new_calendar(name)
    if refresh_hours:
        calendar.add("refresh-interval", timedelta(hours=refresh_hours), parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", f"PT{refresh_hours}H")
    for event in events:
        calendar.add_component(event)
    return to_ics(calendar)
