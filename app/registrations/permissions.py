"""Who may see and change registrations, tickets and calendar files."""
from __future__ import annotations

from app.events.models import Session
from app.events.permissions import can_manage_edition
from app.registrations.models import Registration


def _is_registrant(user, registration: Registration) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.active and registration.user_id == user.id)


def can_cancel_registration(user, registration: Registration) -> bool:
    """Only the person who registered gives up their seat or waitlist place."""
    return _is_registrant(user, registration)


def can_view_ticket(user, registration: Registration) -> bool:
    """A ticket is seen by its registrant and by the organisers of the session's edition."""
    return _is_registrant(user, registration) or can_manage_edition(user, registration.session.edition)


def can_check_in(user, session: Session) -> bool:
    """The edition's organisers let people in at the door."""
    return can_manage_edition(user, session.edition)


def can_see_online_link(user, session: Session, registration: Registration | None) -> bool:
    """The online link goes to confirmed participants and organisers, or anyone if no registration is needed."""
    if session.online_url and not session.requires_registration:
        return True
    confirmed = registration is not None and registration.is_confirmed and _is_registrant(user, registration)
    return confirmed or can_manage_edition(user, session.edition)
