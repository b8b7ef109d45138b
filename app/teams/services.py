"""Every change to organisations, their teams and invitations."""
from __future__ import annotations

from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from app.accounts.models import User, normalise_email
from app.core.tokens import new_link_token, token_hash
from app.core.errors import Conflict, DomainError, NotAllowed
from app.core.text import blank_to_none, fold
from app.core.time import utcnow
from app.core.uploads import delete_upload, save_image
from app.extensions import db
from app.teams import notifications
from app.teams.models import Invitation, MemberRole, Membership, Organisation, Province
from app.teams.permissions import can_leave, membership_of

PROFILE_FIELDS = (
    "kind", "sector", "stage", "country_code", "province_id", "founded_year", "website",
    "pitch_vi", "pitch_en", "description_vi", "description_en",
)


class InvalidInvitation(DomainError):
    status_code = 404


def _apply_profile(organisation: Organisation, name: str, fields: dict) -> None:
    organisation.set_name(name)
    for field in PROFILE_FIELDS:
        if field in fields:
            setattr(organisation, field, blank_to_none(fields[field]))
    organisation.country_code = (organisation.country_code or "VN").upper()
    if organisation.country_code != "VN":
        organisation.province_id = None  # a province only makes sense inside Viet Nam
    elif organisation.province_id is not None and db.session.get(Province, organisation.province_id) is None:
        raise DomainError(_l("Choose a province from the list."))


def create_organisation(owner: User, *, name: str, logo=None, **fields) -> Organisation:
    """Create a profile owned by ``owner``, who becomes the team's first member."""
    organisation = Organisation()
    _apply_profile(organisation, name, fields)
    if logo:
        organisation.logo_path = _save_logo(logo)
    organisation.memberships.append(Membership(user=owner, role=MemberRole.OWNER))
    db.session.add(organisation)
    db.session.commit()
    return organisation


def update_organisation(organisation: Organisation, *, name: str, logo=None, remove_logo: bool = False, **fields) -> None:
    """Change the profile; a new logo replaces the old file."""
    _apply_profile(organisation, name, fields)
    if logo or remove_logo:
        old_logo = organisation.logo_path
        organisation.logo_path = _save_logo(logo) if logo else None
        db.session.commit()
        delete_upload(old_logo)
    else:
        db.session.commit()


def _save_logo(file_storage) -> str:
    return save_image(
        file_storage, folder="logos",
        max_bytes=current_app.config["LOGO_MAX_BYTES"], max_pixels=current_app.config["LOGO_MAX_PIXELS"],
    )


def invite_member(organisation: Organisation, *, email: str, invited_by: User) -> Invitation:
    """Email a single-use link to join the team; inviting again replaces the earlier link."""
    email = normalise_email(email)
    if any(m.user.email == email for m in organisation.memberships):
        raise Conflict(_l("%(email)s is already a member of this team."), email=email)
    now = utcnow()
    for earlier in organisation.invitations:
        if earlier.email == email and earlier.is_pending:
            earlier.revoked_at = now
    token = new_link_token()
    invitation = Invitation(
        organisation=organisation, email=email, token_hash=token_hash(token), invited_by=invited_by,
        expires_at=now + timedelta(days=current_app.config["INVITATION_MAX_AGE_DAYS"]),
    )
    db.session.add(invitation)
    db.session.flush()
    invitee = db.session.scalar(select(User).where(User.email == email))
    notifications.notify_team_invitation(invitation, token, locale=invitee.locale if invitee else invited_by.locale)
    db.session.commit()
    return invitation


def invitation_for_token(token: str) -> Invitation:
    """The pending invitation behind a link; refuse unknown, used, revoked or expired links."""
    invitation = db.session.scalar(select(Invitation).where(Invitation.token_hash == token_hash(token)))
    if invitation is None:
        raise InvalidInvitation(_l("This invitation link is not valid."))
    if invitation.accepted_at is not None:
        raise InvalidInvitation(_l("This invitation has already been used."))
    if invitation.revoked_at is not None:
        raise InvalidInvitation(_l("This invitation has been withdrawn or replaced by a newer one."))
    if invitation.expires_at <= utcnow():
        raise InvalidInvitation(_l("This invitation has expired. Ask the team owner for a new one."))
    return invitation


def accept_invitation(token: str, user: User) -> Membership:
    """Join the team with a valid link; the link then stops working."""
    invitation = invitation_for_token(token)
    organisation = invitation.organisation
    if membership_of(user, organisation) is not None:
        raise Conflict(_l("You are already a member of %(team)s."), team=organisation.name)
    membership = Membership(organisation=organisation, user=user, role=MemberRole.MEMBER)
    invitation.accepted_at = utcnow()
    invitation.accepted_by_id = user.id
    db.session.add(membership)
    try:
        db.session.commit()
    except IntegrityError:  # the same person accepted twice at once
        db.session.rollback()
        raise Conflict(_l("You are already a member of %(team)s."), team=organisation.name) from None
    return membership


def revoke_invitation(invitation: Invitation) -> None:
    """Withdraw a pending invitation so its link stops working."""
    if invitation.is_pending:
        invitation.revoked_at = utcnow()
        db.session.commit()


def leave_organisation(organisation: Organisation, user: User) -> None:
    """A member leaves the team; the owner must hand over ownership first."""
    if not can_leave(user, organisation):
        raise NotAllowed(_l("As the owner, transfer ownership to another member before leaving."))
    organisation.memberships.remove(membership_of(user, organisation))
    db.session.commit()


def remove_member(organisation: Organisation, membership: Membership) -> None:
    """The owner removes a member; the owner cannot be removed."""
    if membership.organisation_id != organisation.id:
        raise DomainError(_l("This person is not in the team."))
    if membership.role == MemberRole.OWNER:
        raise NotAllowed(_l("The owner cannot be removed. Transfer ownership first."))
    organisation.memberships.remove(membership)
    db.session.commit()


def transfer_ownership(organisation: Organisation, new_owner: Membership) -> None:
    """Make another member the owner; the previous owner stays as a member."""
    if new_owner.organisation_id != organisation.id:
        raise DomainError(_l("Choose a member of the team."))
    if new_owner.role == MemberRole.OWNER:
        return
    for membership in organisation.memberships:
        if membership.role == MemberRole.OWNER:
            membership.role = MemberRole.MEMBER
    # Flush the demotion first: the database allows one owner per organisation at any instant.
    db.session.flush()
    new_owner.role = MemberRole.OWNER
    db.session.commit()


def organisations_query(*, text: str | None = None, kind: str | None = None, province_id: int | None = None):
    """Public directory: organisations by name (diacritics ignored), type and province."""
    # The directory shows each organisation's province: load them together, not one query each.
    query = (select(Organisation).options(selectinload(Organisation.province))
             .order_by(Organisation.name_folded, Organisation.id))
    if text:
        # autoescape: a "%" or "_" typed in the search box is a character, not a wildcard
        query = query.where(Organisation.name_folded.contains(fold(text), autoescape=True))
    if kind:
        query = query.where(Organisation.kind == kind)
    if province_id:
        query = query.where(Organisation.province_id == province_id)
    return query


def provinces() -> list[Province]:
    return list(db.session.scalars(select(Province).where(Province.is_current).order_by(Province.name_vi)))
