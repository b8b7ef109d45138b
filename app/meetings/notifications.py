"""Mail about meetings: booked and cancelled, to the visitor and the stall's contacts, with a calendar file."""
from __future__ import annotations

from flask_babel import force_locale, format_date
from flask_babel import lazy_gettext as _l

from app.core.urls import external_url
from app.leads.queries import Recipient, stall_recipients
from app.meetings.calendar import STALL, VISITOR, meeting_ics, side_view
from app.meetings.models import Meeting
from app.meetings.queries import booth_of
from app.meetings.slots import clock, slot_time
from app.notifications.outbox import queue_email
from app.stalls.permissions import is_stall_owner


def _short_time(slot) -> str:
    zone = slot.stall.edition.zone
    return f"{format_date(slot.starts_at.astimezone(zone).date(), 'medium')} {clock(slot.starts_at, zone)}"


def _queue(meeting: Meeting, recipient: Recipient, *, side: str, kind: str, subject, template: str, booth) -> None:
    """One message to one side, with everything written in the recipient's language and a calendar file."""
    slot, stall, visitor = meeting.slot, meeting.slot.stall, meeting.visitor
    with force_locale(recipient.locale):
        when, short_when, view = slot_time(slot), _short_time(slot), side_view(meeting, side=side, booth=booth)
        ics = meeting_ics(meeting, view)
    queue_email(recipient.email, recipient_name=recipient.name, locale=recipient.locale, kind=kind, subject=subject,
                template=template, attachments=[("meeting.ics", "text/calendar", ics)], meeting=meeting, slot=slot,
                stall=stall, edition=stall.edition, stall_name=stall.name, visitor=visitor, visitor_name=visitor.name,
                when=when, short_when=short_when, place=view.place, url=view.url, side=side,
                slots_url=external_url("meetings.stall_slots", slug=stall.edition.slug, stall_id=stall.id))


def _visitor_recipient(meeting: Meeting) -> Recipient:
    visitor = meeting.visitor
    return Recipient(visitor.email, visitor.name, visitor.locale)


def notify_meeting_booked(meeting: Meeting) -> None:
    """Confirm a booking to the visitor and tell the stall's contacts, each with the meeting's calendar file."""
    booth = booth_of(meeting.slot.stall)
    _queue(meeting, _visitor_recipient(meeting), side=VISITOR, kind="meetings.booked", booth=booth,
           subject=_l("Meeting booked: %(stall_name)s, %(short_when)s"), template="meetings/emails/booked_visitor")
    for recipient in stall_recipients(meeting.slot.stall):
        _queue(meeting, recipient, side=STALL, kind="meetings.booked_stall", booth=booth,
               subject=_l("New meeting: %(visitor_name)s, %(short_when)s"), template="meetings/emails/booked_stall")


def notify_meeting_cancelled(meeting: Meeting) -> None:
    """Tell the other side (both when an organiser cancels) with the reason and a cancelling calendar file."""
    by, stall = meeting.cancelled_by, meeting.slot.stall
    booth = booth_of(stall)
    if by is None or by.id != meeting.visitor_id:
        _queue(meeting, _visitor_recipient(meeting), side=VISITOR, kind="meetings.cancelled", booth=booth,
               subject=_l("Meeting cancelled: %(stall_name)s, %(short_when)s"), template="meetings/emails/cancelled")
    if by is None or not is_stall_owner(by, stall):
        for recipient in stall_recipients(stall):
            _queue(meeting, recipient, side=STALL, kind="meetings.cancelled", booth=booth,
                   subject=_l("Meeting cancelled: %(visitor_name)s, %(short_when)s"),
                   template="meetings/emails/cancelled")
