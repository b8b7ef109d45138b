"""Who publishes meeting slots, who books them, who sees and cancels a meeting."""
from __future__ import annotations

from app.meetings.models import Meeting
from app.stalls.models import Stall
from app.stalls.permissions import can_edit_stall, can_view_stall, is_stall_owner


def _signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.active)


def can_manage_slots(user, stall: Stall) -> bool:
    """The stall's team and the edition's organisers publish and delete slots and see who booked them."""
    return can_edit_stall(user, stall)


def can_book_meeting(user, stall: Stall) -> bool:
    """Any signed-in visitor who sees the stall books a free slot, except the stall's own team."""
    return _signed_in(user) and can_view_stall(user, stall) and not is_stall_owner(user, stall)


def is_meeting_visitor(user, meeting: Meeting) -> bool:
    """The user booked this meeting."""
    return _signed_in(user) and meeting.visitor_id == user.id


def can_view_meeting(user, meeting: Meeting) -> bool:
    """A meeting (and its calendar file) is seen by its visitor and by the stall's team and organisers."""
    return is_meeting_visitor(user, meeting) or can_manage_slots(user, meeting.slot.stall)


def can_cancel_meeting(user, meeting: Meeting) -> bool:
    """Either side cancels: the visitor, or the stall's team and organisers."""
    return is_meeting_visitor(user, meeting) or can_manage_slots(user, meeting.slot.stall)
