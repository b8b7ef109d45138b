"""Who may set up the exhibition, apply for booths, pick them, and handle staff passes."""
from __future__ import annotations

from app.events.permissions import can_manage_edition
from app.exhibition.models import BoothApplication, StaffPass
from app.teams.permissions import is_member


def can_manage_exhibition(user, edition) -> bool:
    """The edition's organisers lay out halls and booths and decide on applications."""
    return can_manage_edition(user, edition)


def can_apply_for_booth(user, organisation) -> bool:
    """Any member of an organisation's team may apply for a booth on its behalf."""
    return is_member(user, organisation)


def can_view_application(user, application: BoothApplication) -> bool:
    """An application is seen by the exhibitor's team and by the edition's organisers."""
    return is_member(user, application.organisation) or can_manage_edition(user, application.edition)


def can_pick_booth(user, application: BoothApplication) -> bool:
    """The exhibitor's team picks its own booth (whether picking is open is a service rule)."""
    return is_member(user, application.organisation)


def can_manage_staff_passes(user, application: BoothApplication) -> bool:
    """The exhibitor's team names its booth staff; organisers may correct the list."""
    return is_member(user, application.organisation) or can_manage_edition(user, application.edition)


def can_view_staff_pass(user, staff_pass: StaffPass) -> bool:
    """A staff pass is seen by the exhibitor's team and the organisers (others get 404)."""
    return can_manage_staff_passes(user, staff_pass.application)


def can_check_in_staff(user, edition) -> bool:
    """The edition's organisers let booth staff in at the exhibition entrance."""
    return can_manage_edition(user, edition)


def can_withdraw_application(user, application: BoothApplication) -> bool:
    """The exhibitor's team may withdraw its own application."""
    return is_member(user, application.organisation)


def can_decide_application(user, application: BoothApplication) -> bool:
    """The edition's organisers approve, reject, waitlist, assign booths and record payment."""
    return can_manage_edition(user, application.edition)
