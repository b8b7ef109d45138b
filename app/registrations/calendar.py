"""iCalendar files: one per session, and a personal feed of a participant's agenda."""
from __future__ import annotations

from datetime import date

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
    return event


def to_ics(calendar: Calendar) -> bytes:
    calendar.add_missing_timezones(first_date=date(2000, 1, 1))
    return calendar.to_ical()
