"""Who holds which platform role. The one module that answers "may this person ...?" for roles."""
from __future__ import annotations

from app.accounts.models import Role


def has_role(user, role: Role) -> bool:
    """True if ``user`` is signed in, active and holds ``role`` anywhere (administrators hold every role)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.active:
        return False
    names = user.role_names
    return role in names or Role.ADMIN in names


def platform_roles(user) -> set[str]:
    """Roles held platform-wide (not limited to one edition)."""
    return {grant.role for grant in user.role_grants if grant.edition_id is None}


def is_admin(user) -> bool:
    """Platform administrators run the back office."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.active:
        return False
    return Role.ADMIN in platform_roles(user)


def is_startup_member(user) -> bool:
    """Anyone who belongs to a startup team."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return any(m.organisation.kind == "startup" for m in user.memberships)


def can_manage_roles(user) -> bool:
    """Only platform administrators grant and revoke roles."""
    return is_admin(user)


def can_deactivate(actor, target) -> bool:
    """Administrators may deactivate any account except their own (so someone can always sign in)."""
    return is_admin(actor) and actor.id != target.id


def role_summary(user) -> list[str]:
    """Every role ``user`` holds, granted or derived, for display."""
    roles = [str(Role(name).label) for name in sorted(user.role_names)]
    if is_startup_member(user):
        from flask_babel import gettext

        roles.append(gettext("Startup member"))
    return roles
