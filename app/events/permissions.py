"""Who may see and run a festival edition."""
from __future__ import annotations

from app.accounts.models import Role
from app.accounts.permissions import has_role, is_admin
from app.events.models import Edition


def is_edition_organiser(user, edition: Edition) -> bool:
    """Organisers are per edition; administrators and platform-wide organisers run every edition."""
    if is_admin(user):
        return True
    if not getattr(user, "is_authenticated", False) or not user.active:
        return False
    return any(
        grant.role == Role.ORGANISER and grant.edition_id in (None, edition.id) for grant in user.role_grants
    )


def can_create_edition(user) -> bool:
    """Administrators and platform-wide organisers (an organiser grant with no edition) create editions."""
    if is_admin(user):
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    return any(g.role == Role.ORGANISER and g.edition_id is None for g in user.role_grants)


def can_view_edition(user, edition: Edition) -> bool:
    """A draft is visible only to its organisers; published and archived editions to everyone."""
    return edition.is_published or is_edition_organiser(user, edition)


def can_manage_edition(user, edition: Edition) -> bool:
    """The edition's organisers build its agenda, venues, villages and registrations."""
    return is_edition_organiser(user, edition)


def can_manage_any_edition(user) -> bool:
    """Opens the organiser area: administrators and anyone holding an organiser grant."""
    return is_admin(user) or has_role(user, Role.ORGANISER)
