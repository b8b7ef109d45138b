"""Who may send leads to a stall and who reads them."""
from __future__ import annotations

from app.stalls.models import Stall
from app.stalls.permissions import can_edit_stall, can_view_stall, is_stall_owner


def can_read_leads(user, stall: Stall) -> bool:
    """The stall's team and the edition's organisers read its leads, change their status and export them."""
    return can_edit_stall(user, stall)


def can_contact_stall(user, stall: Stall) -> bool:
    """Anyone who sees the stall, signed in or not, may write to it, except its own team."""
    return can_view_stall(user, stall) and not is_stall_owner(user, stall)
