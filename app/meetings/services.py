"""Meetings: stall owners publish slots, visitors book them, either side cancels.

A slot is never booked twice: the partial unique index ``uq_meetings_one_active_per_slot``
(one meeting without ``cancelled_at`` per slot) refuses the second booking even when two
visitors press "Book" at the same instant; the loser gets a ``Conflict``.
"""
from __future__ import annotations

from datetime import date, datetime, time
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from app.core.errors import Conflict, DomainError, NotAllowed
from app.core.text import blank_to_none
from app.core.time import utcnow
from app.exhibition.queries.settings import exhibition_of
from app.extensions import db
from app.meetings import notifications, queries, slots
from app.meetings.models import Meeting, MeetingMode, MeetingSlot
from app.stalls.models import Stall
from app.stalls.permissions import is_stall_owner

MAX_SLOTS_PER_SERIES = 100
MAX_REASON_LENGTH = 300
MAX_TOPIC_LENGTH = 500


class MeetingClosed(DomainError):
    """The slot or meeting is in the past."""

    status_code = 409


class OutsideOpeningHours(DomainError):
    """An in-person slot falls outside the exhibition's days or opening hours."""

    status_code = 422


# Publishing slots ----------------------------------------------------------------------------

def publish_slots(stall: Stall, *, day: date, start: time, end: time, minutes: int, gap_minutes: int = 0,
                  mode: str = MeetingMode.AT_BOOTH, location: str | None = None) -> list[MeetingSlot]:
    """Publish a series of slots of ``minutes`` (``gap_minutes`` apart) from ``start`` to ``end`` on ``day``,
    local time of the edition. Refused in the past, outside the festival (in person: outside the exhibition's
    opening hours, when it has days), or overlapping the stall's slots."""
    location = blank_to_none(location)
    _check_series_shape(start, end, minutes, gap_minutes, mode, location)
    zone = stall.edition.zone
    times = slots.series(day, start, end, minutes=minutes, gap_minutes=gap_minutes, zone=zone)
    if not times:
        raise DomainError(_l("No %(minutes)d-minute slot fits between %(start)s and %(end)s."), field="end",
                       minutes=minutes, start=start.strftime("%H:%M"), end=end.strftime("%H:%M"))
    if len(times) > MAX_SLOTS_PER_SERIES:
        raise DomainError(_l("That makes more than %(max)d slots at once: publish a shorter series."),
                       field="end", max=MAX_SLOTS_PER_SERIES)
    if times[0][0] <= utcnow():
        raise MeetingClosed(_l("%(time)s has already passed: slots must start later."), field="start",
                       time=slots.day_and_clock(times[0][0], zone))
    _check_when_it_may_happen(stall, times, mode)
    _check_no_overlap(stall, times)
    created = [MeetingSlot(stall=stall, starts_at=starts_at, ends_at=ends_at, mode=mode, location=location)
               for starts_at, ends_at in times]
    db.session.add_all(created)
    try:
        db.session.flush()
    except IntegrityError:  # the same series sent twice at the same instant
        db.session.rollback()
        raise Conflict(_l("These slots were published a moment ago. Reload the page to see them.")) from None
    db.session.commit()
    return created


def _check_series_shape(start: time, end: time, minutes: int, gap_minutes: int, mode: str, location) -> None:
    if end <= start:
        raise DomainError(_l("The end must be later than the start."), field="end")
    if not 5 <= minutes <= 240:
        raise DomainError(_l("A meeting lasts between 5 and 240 minutes."), field="minutes")
    if not 0 <= gap_minutes <= 120:
        raise DomainError(_l("The break between meetings is between 0 and 120 minutes."),
                       field="gap_minutes")
    if mode not in set(MeetingMode):
        raise DomainError(_l("Choose where the meetings take place."), field="mode")
    if mode == MeetingMode.ONLINE and location and not _is_web_address(location):
        raise DomainError(_l("Give the video link as a full address starting with https://, or leave it "
                                       "empty and send the link by email later."), field="location")


def _is_web_address(text: str) -> bool:
    parts = urlsplit(text)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _check_when_it_may_happen(stall: Stall, times: list[tuple[datetime, datetime]], mode: str) -> None:
    """In-person slots keep to the exhibition's opening hours when it has days set, else to the festival's days;
    online ones fall on the festival's days or in the online window."""
    exhibition = exhibition_of(stall.edition)
    if mode == MeetingMode.AT_BOOTH and exhibition is not None and exhibition.days:
        _check_opening_hours(stall.edition, times, exhibition.days)
    else:
        _check_within_festival(stall.edition, times, mode, exhibition)


def _check_opening_hours(edition, times: list[tuple[datetime, datetime]], days) -> None:
    local_start, local_end = times[0][0].astimezone(edition.zone), times[-1][1].astimezone(edition.zone)
    if slots.fits_opening_hours(local_start, local_end, days):
        return
    hours = slots.opening_hours_on(local_start.date(), days)
    field = "day" if hours is None else "start" if local_start.time() < hours.opens_at else "end"
    raise OutsideOpeningHours(_l("In-person meetings at the booth must be on an exhibition day between its "
                                           "opening hours (%(hours)s)."),
                   field=field, hours=slots.opening_hours_text([hours] if hours else days))


def _check_within_festival(edition, times: list[tuple[datetime, datetime]], mode: str, exhibition) -> None:
    """Slots fall on the festival's days; online ones may also fall in the online window."""
    first_start, last_end = times[0][0], times[-1][1]
    local_days = {moment.astimezone(edition.zone).date() for moment in (first_start, last_end)}
    if all(edition.starts_on <= day <= edition.ends_on for day in local_days):
        return
    opens, closes = (exhibition.online_opens_at, exhibition.online_closes_at) if exhibition else (None, None)
    in_window = (opens or closes) and (opens is None or first_start >= opens) and (closes is None or last_end <= closes)
    if mode == MeetingMode.ONLINE and in_window:
        return
    message = (_l("Slots must fall within the festival (%(first)s – %(last)s) or its online window.")
               if mode == MeetingMode.ONLINE and (opens or closes)
               else _l("Slots must fall within the festival (%(first)s – %(last)s)."))
    raise DomainError(message, field="day", first=edition.starts_on.strftime("%d/%m/%Y"),
                   last=edition.ends_on.strftime("%d/%m/%Y"))


def _check_no_overlap(stall: Stall, times: list[tuple[datetime, datetime]]) -> None:
    existing = queries.overlapping_slots(stall, times[0][0], times[-1][1])
    clash = slots.first_overlap(times, [(slot, slot.starts_at, slot.ends_at) for slot in existing])
    if clash is not None:
        (starts_at, ends_at), slot = clash
        zone = stall.edition.zone
        raise Conflict(_l("The slot %(new)s overlaps the slot %(existing)s already published."),
                       field="start", new=slots.span(starts_at, ends_at, zone),
                       existing=slots.span(slot.starts_at, slot.ends_at, zone))


def delete_slot(slot: MeetingSlot) -> None:
    """Take back a slot nobody booked; a booked slot needs its meeting cancelled first."""
    meeting = slot.active_meeting
    if meeting is not None:
        raise Conflict(_l("%(name)s booked this slot: cancel the meeting first."), name=meeting.visitor.name)
    db.session.delete(slot)
    db.session.commit()


# Booking and cancelling ----------------------------------------------------------------------

def book_meeting(slot: MeetingSlot, *, visitor, topic: str | None = None) -> Meeting:
    """Book a free, future slot for ``visitor``, who has no other meeting and no session (attended or spoken at)
    at that time; mail both sides."""
    stall = slot.stall
    if is_stall_owner(visitor, stall):
        raise NotAllowed(_l("This is your own stall: meetings are booked by visitors."))
    if stall.is_hidden:
        raise NotAllowed(_l("This stall has been taken down by the organisers."))
    if slot.starts_at <= utcnow():
        raise MeetingClosed(_l("This slot has already started or passed: choose a later one."))
    if slot.active_meeting is not None:
        raise Conflict(_l("This slot is already booked: choose another one."))
    if topic and len(topic) > MAX_TOPIC_LENGTH:
        raise DomainError(_l("Keep the topic under %(max)d characters."), max=MAX_TOPIC_LENGTH)
    _check_visitor_is_free(visitor, slot)
    _check_no_session_clash(visitor, slot)
    meeting = Meeting(slot=slot, visitor=visitor, topic=blank_to_none(topic))
    db.session.add(meeting)
    try:
        db.session.flush()
    except IntegrityError:  # another visitor booked it in the same instant: the unique index decided
        db.session.rollback()
        raise Conflict(_l("Someone booked this slot a moment ago: choose another one.")) from None
    notifications.notify_meeting_booked(meeting)
    db.session.commit()
    return meeting


def _check_visitor_is_free(visitor, slot: MeetingSlot) -> None:
    """A person has at most one meeting at a time, whichever the stalls."""
    clash = queries.visitor_clash(visitor, slot)
    if clash is not None:
        zone = clash.slot.stall.edition.zone
        raise Conflict(_l("You already have a meeting with %(stall)s at that time (%(when)s). Cancel it first or "
                          "choose another slot."), stall=clash.slot.stall.name,
                       when=slots.span(clash.slot.starts_at, clash.slot.ends_at, zone))


def _check_no_session_clash(visitor, slot: MeetingSlot) -> None:
    """A meeting never takes the time of a session the visitor speaks at or has a confirmed place in."""
    clash = queries.session_clash(visitor, slot.starts_at, slot.ends_at)
    if clash is None:
        return
    session = clash.session
    message = (_l("You speak at “%(session)s” at that time (%(when)s). Choose another slot.") if clash.speaking
               else _l("You are registered for “%(session)s” at that time (%(when)s). Choose another slot, or "
                       "cancel your registration first."))
    raise Conflict(message, session=session.title,
                   when=slots.span(session.starts_at, session.ends_at, session.edition.zone))


def cancel_meeting(meeting: Meeting, *, by, reason: str | None = None) -> Meeting:
    """Cancel a meeting that has not ended yet (either side); the slot is free again and the other side is told."""
    if not meeting.is_active:
        raise Conflict(_l("This meeting is already cancelled."))
    if meeting.slot.ends_at <= utcnow():
        raise MeetingClosed(_l("This meeting has already ended; it can no longer be cancelled."))
    if reason and len(reason) > MAX_REASON_LENGTH:
        raise DomainError(_l("Keep the reason under %(max)d characters."), max=MAX_REASON_LENGTH)
    cancelled = db.session.execute(
        update(Meeting).where(Meeting.id == meeting.id, Meeting.cancelled_at.is_(None))
        .values(cancelled_at=utcnow(), cancelled_by_id=by.id, cancel_reason=blank_to_none(reason))
        .execution_options(synchronize_session=False)
    ).rowcount
    if cancelled != 1:  # the other side cancelled in the same instant
        db.session.rollback()
        raise Conflict(_l("This meeting is already cancelled."))
    db.session.refresh(meeting)
    notifications.notify_meeting_cancelled(meeting)
    db.session.commit()
    return meeting
