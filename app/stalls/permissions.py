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


def can_see_stall_content(user, stall: Stall, online_state: str) -> bool:
    """Visitors see a stall's content during the online window; its team and the organisers always do."""
    return (online_state == "open" and not stall.is_hidden) or can_edit_stall(user, stall)


def can_open_stall(user, organisation) -> bool:
    """Any member of an organisation's team may open its virtual stall (eligibility is a service rule)."""
    return is_member(user, organisation)


def can_see_stall_analytics(user, stall: Stall, exhibition) -> bool:
    """Organisers always see a stall's figures; its team does when the exhibition settings allow it."""
    if can_manage_edition(user, stall.edition):
        return True
    owners_allowed = exhibition is None or exhibition.stall_owners_see_analytics
    return owners_allowed and is_stall_owner(user, stall)


def can_manage_stalls(user, edition) -> bool:
    """The edition's organisers feature stalls and take them down."""
    return can_manage_edition(user, edition)
