"""Calendar files for meetings: one event per meeting, its UID stable so a cancellation replaces it."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from icalendar import Event

from app.core.time import utcnow
from app.core.urls import external_url
from app.meetings.models import Meeting
from app.meetings.slots import place_of
from app.registrations.calendar import new_calendar, to_ics

VISITOR, STALL = "visitor", "stall"


@dataclass(frozen=True)
class SideView:
    """A meeting as one side sees it, in the current language: its title, its page, its place."""

    summary: str
    url: str
    place: str


def side_view(meeting: Meeting, *, side: str, booth) -> SideView:
    """The visitor sees "Meeting with <stall>" and their meetings; the stall sees the visitor and its slots."""
    stall = meeting.slot.stall
    if side == VISITOR:
        return SideView(_("Meeting with %(stall)s", stall=stall.name), external_url("meetings.my_meetings"),
                        place_of(meeting.slot, booth))
    return SideView(_("Meeting with %(visitor)s", visitor=meeting.visitor.name),
                    external_url("meetings.owner_slots", stall_id=stall.id), place_of(meeting.slot, booth))


def meeting_uid(meeting: Meeting) -> str:
    return f"meeting-{meeting.id}@techfest-platform"


def meeting_ics(meeting: Meeting, view: SideView) -> bytes:
    """The meeting as an iCalendar file (times in UTC); a cancelled meeting gives METHOD:CANCEL with the same UID."""
    slot, cancelled = meeting.slot, not meeting.is_active
    calendar = new_calendar(slot.stall.edition.name)
    calendar.add("method", "CANCEL" if cancelled else "PUBLISH")
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("dtstamp", utcnow())
    event.add("dtstart", slot.starts_at)
    event.add("dtend", slot.ends_at)
    event.add("summary", view.summary)
    event.add("description", f"{meeting.topic}\n\n{view.url}" if meeting.topic else view.url)
    event.add("location", view.place)
    event.add("url", view.url)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    # Calendar programs apply a cancellation only when its sequence is higher than the booking's.
    event.add("sequence", 1 if cancelled else 0)
    calendar.add_component(event)
    return to_ics(calendar)
