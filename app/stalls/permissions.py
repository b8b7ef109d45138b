"""Who may see, edit and follow a virtual stall."""
from __future__ import annotations

from app.events.permissions import can_manage_edition, can_view_edition
from app.stalls.models import Stall
from app.teams.permissions import is_member


def is_stall_owner(user, stall: Stall) -> bool:
    """The members of the stall's organisation run it."""
    return is_member(user, stall.organisation)


def can_edit_stall(user, stall: Stall) -> bool:
    """Owners edit their stall at any time, before, during and after the online window; organisers too."""
    return is_stall_owner(user, stall) or can_manage_edition(user, stall.edition)


def can_view_stall(user, stall: Stall) -> bool:
    """A stall's page exists for anyone who may see its edition, unless organisers took it down."""
    if not can_view_edition(user, stall.edition):
        return False
    return not stall.is_hidden or can_edit_stall(user, stall)
