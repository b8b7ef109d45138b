"""Who may do what to an organisation and its team."""
from __future__ import annotations

from app.accounts.permissions import is_admin
from app.teams.models import MemberRole, Organisation


def membership_of(user, organisation: Organisation):
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return next((m for m in organisation.memberships if m.user_id == user.id), None)


def is_member(user, organisation: Organisation) -> bool:
    """The user belongs to the organisation's team."""
    return membership_of(user, organisation) is not None


def is_owner(user, organisation: Organisation) -> bool:
    """The user owns the organisation's team."""
    membership = membership_of(user, organisation)
    return membership is not None and membership.role == MemberRole.OWNER


def can_create_organisation(user) -> bool:
    """Any signed-in, confirmed account may create a startup or organisation profile."""
    return getattr(user, "is_authenticated", False) and user.is_confirmed


def can_edit_organisation(user, organisation: Organisation) -> bool:
    """Team members edit their profile; administrators may correct any profile."""
    return is_member(user, organisation) or is_admin(user)


def can_see_team(user, organisation: Organisation) -> bool:
    """Member names and invitations are visible to the team and to administrators only."""
    return is_member(user, organisation) or is_admin(user)


def can_manage_members(user, organisation: Organisation) -> bool:
    """The owner invites and removes members and hands over ownership (administrators too)."""
    return is_owner(user, organisation) or is_admin(user)


def can_leave(user, organisation: Organisation) -> bool:
    """Members may leave; the owner must first transfer ownership."""
    membership = membership_of(user, organisation)
    return membership is not None and membership.role != MemberRole.OWNER
