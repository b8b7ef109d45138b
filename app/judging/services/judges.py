"""Judges: invitations, profiles and declared conflicts of interest."""
from __future__ import annotations

from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.accounts.models import Role, RoleGrant, User, normalise_email
from app.competitions.models import Competition
from app.core.errors import Conflict, DomainError, NotAllowed
from app.core.tokens import new_link_token, token_hash
from app.core.time import utcnow
from app.extensions import db
from app.judging import notifications, queries
from app.judging.models import DeclaredConflict, Judge, JudgeInvitation
from app.judging.services.errors import FieldRefused, InvalidJudgeInvitation
from app.teams.choices import SECTORS
from app.teams.models import Organisation


def invite_judge(competition: Competition, *, email: str, name: str | None, invited_by: User) -> JudgeInvitation:
    """Email a single-use link to judge the competition; inviting again replaces the earlier link."""
    email = normalise_email(email)
    invitee = db.session.scalar(select(User).where(User.email == email))
    if invitee is not None and db.session.scalar(select(Judge.id).where(
            Judge.competition_id == competition.id, Judge.user_id == invitee.id, Judge.active)):
        raise Conflict(_l("%(email)s already judges this competition."), email=email)
    now = utcnow()
    for earlier in db.session.scalars(select(JudgeInvitation).where(
            JudgeInvitation.competition_id == competition.id, JudgeInvitation.email == email)):
        if earlier.is_pending:
            earlier.revoked_at = now
    token = new_link_token()
    invitation = JudgeInvitation(
        competition=competition, email=email, name=(name or "").strip() or None, token_hash=token_hash(token),
        invited_by=invited_by, expires_at=now + timedelta(days=current_app.config["INVITATION_MAX_AGE_DAYS"]))
    db.session.add(invitation)
    db.session.flush()
    notifications.notify_judge_invitation(invitation, token, locale=invitee.locale if invitee else invited_by.locale)
    db.session.commit()
    return invitation


def judge_invitation_for_token(token: str) -> JudgeInvitation:
    """The pending invitation behind a link; refuse unknown, used, revoked or expired links."""
    invitation = db.session.scalar(select(JudgeInvitation).where(JudgeInvitation.token_hash == token_hash(token)))
    if invitation is None:
        raise InvalidJudgeInvitation(_l("This invitation link is not valid."))
    if invitation.accepted_at is not None:
        raise InvalidJudgeInvitation(_l("This invitation has already been used."))
    if invitation.revoked_at is not None:
        raise InvalidJudgeInvitation(_l("This invitation has been withdrawn or replaced by a newer one."))
    if invitation.expires_at <= utcnow():
        raise InvalidJudgeInvitation(_l("This invitation has expired. Ask the organisers for a new one."))
    return invitation


def accept_judge_invitation(token: str, user: User) -> Judge:
    """Become a judge of the competition with a valid link (the platform's judge role comes with it)."""
    invitation = judge_invitation_for_token(token)
    judge = db.session.scalar(select(Judge).where(Judge.competition_id == invitation.competition_id,
                                                  Judge.user_id == user.id))
    if judge is not None and judge.active:
        raise Conflict(_l("You already judge %(competition)s."), competition=invitation.competition.name)
    if judge is None:
        judge = Judge(competition=invitation.competition, user=user)
        db.session.add(judge)
    judge.active = True
    if not any(g.role == Role.JUDGE and g.edition_id is None for g in user.role_grants):
        db.session.add(RoleGrant(user=user, role=str(Role.JUDGE), granted_by_id=invitation.invited_by_id))
    invitation.accepted_at = utcnow()
    try:
        db.session.commit()
    except IntegrityError:  # the same person accepted twice at once
        db.session.rollback()
        raise Conflict(_l("You already judge %(competition)s."), competition=invitation.competition.name) from None
    return judge


def revoke_judge_invitation(invitation: JudgeInvitation) -> None:
    """Withdraw a pending invitation so its link stops working."""
    if invitation.is_pending:
        invitation.revoked_at = utcnow()
        db.session.commit()


def set_judge_active(judge: Judge, *, active: bool) -> None:
    """Deactivate a judge who drops out (their sheets stay) or bring them back."""
    judge.active = active
    db.session.commit()


def update_judge_profile(judge: Judge, *, organisation_name: str | None, title: str | None,
                         sectors: list[str], village_ids: list[int]) -> None:
    """The judge states where they work and what they know; expertise guides the assignment."""
    known_villages = {v.id for v in judge.competition.edition.villages}
    if any(code not in SECTORS for code in sectors):
        raise FieldRefused(_l("Choose sectors from the list."), field="sectors")
    if any(v not in known_villages for v in village_ids):
        raise FieldRefused(_l("Choose villages of this edition."), field="village_ids")
    judge.organisation_name = " ".join((organisation_name or "").split()) or None
    judge.title = " ".join((title or "").split()) or None
    judge.expertise_sectors = ",".join(code for code in SECTORS if code in sectors)
    judge.expertise_village_ids = ",".join(str(v) for v in sorted(set(village_ids)))
    db.session.commit()


def declare_conflict(judge: Judge, organisation: Organisation, *, reason: str | None = None) -> DeclaredConflict:
    """The judge declares a conflict of interest with an organisation entered in the competition."""
    if not queries.has_entered(judge.competition, organisation):
        raise DomainError(_l("Choose an organisation that entered this competition."))
    if any(c.organisation_id == organisation.id for c in judge.conflicts):
        raise Conflict(_l("You have already declared a conflict with %(name)s."), name=organisation.name)
    conflict = DeclaredConflict(organisation=organisation, reason=(reason or "").strip() or None)
    judge.conflicts.append(conflict)
    db.session.commit()
    return conflict


def withdraw_conflict(judge: Judge, conflict: DeclaredConflict) -> None:
    """The judge takes back a declared conflict."""
    if conflict.judge_id != judge.id:
        raise NotAllowed(_l("This conflict belongs to another judge."))
    judge.conflicts.remove(conflict)
    db.session.commit()
