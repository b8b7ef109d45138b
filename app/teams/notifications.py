"""Mail sent by the teams domain."""
from flask import current_app
from flask_babel import lazy_gettext as _l

from app.core.urls import external_url
from app.notifications.outbox import queue_email
from app.teams.models import Invitation


def notify_team_invitation(invitation: Invitation, token: str, *, locale: str) -> None:
    """Invite someone (with or without an account) to join a team by a single-use link."""
    inviter = invitation.invited_by
    queue_email(
        invitation.email, recipient_name="", locale=locale, kind="teams.invitation",
        subject=_l("%(inviter)s invites you to join %(team)s on %(festival_name)s"),
        template="teams/emails/invitation",
        inviter=inviter.name if inviter else current_app.config["FESTIVAL_NAME"],
        team=invitation.organisation.name,
        join_url=external_url("teams.invitation", token=token),
        expires_at=invitation.expires_at,
    )
