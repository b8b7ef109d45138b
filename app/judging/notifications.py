"""Mail sent by the judging domain: invitations to judge and reminders to judges."""
from __future__ import annotations

from flask import current_app
from flask_babel import force_locale, format_date, format_time
from flask_babel import lazy_gettext as _l

from app.core.urls import external_url
from app.judging.models import Assignment, Judge, JudgeInvitation
from app.notifications.outbox import queue_email


def deadline(moment, edition) -> str | None:
    """A closing time in the edition's timezone: "Monday, November 30, 2026, 5:00 PM (Asia/Ho_Chi_Minh)"."""
    if moment is None:
        return None
    local = moment.astimezone(edition.zone)
    return f"{format_date(local.date(), 'full')}, {format_time(local, 'short', rebase=False)} ({edition.timezone})"


def notify_judge_invitation(invitation: JudgeInvitation, token: str, *, locale: str) -> None:
    """Invite someone (with or without an account) to judge a competition by a single-use link."""
    competition = invitation.competition
    inviter = invitation.invited_by
    with force_locale(locale):
        competition_name, edition_name = competition.name, competition.edition.name
    queue_email(
        invitation.email, recipient_name=invitation.name or "", locale=locale, kind="judging.invitation",
        subject=_l("You are invited to judge %(competition)s"), template="judging/emails/invitation",
        inviter=inviter.name if inviter else current_app.config["FESTIVAL_NAME"], competition=competition_name,
        edition=edition_name, accept_url=external_url("judging.invitation", token=token),
        expires_at=invitation.expires_at,
    )


def notify_judging_reminder(judge: Judge, round_, assignments: list[Assignment]) -> None:
    """Remind a judge of their sheets not yet submitted, in their language, with a link to each."""
    user, competition = judge.user, round_.competition
    with force_locale(user.locale):
        competition_name, round_name = competition.name, round_.name
        closes_at = deadline(round_.judging_closes_at, competition.edition)
    sheets = [(a.entry.project_name, external_url("judging.score", assignment_id=a.id))
              for a in sorted(assignments, key=lambda a: (a.entry.project_name, a.id))]
    queue_email(
        user.email, recipient_name=user.name, locale=user.locale, kind="judging.reminder",
        subject=_l("Reminder: entries are waiting for your scores in %(competition)s"),
        template="judging/emails/reminder",
        count=len(sheets), competition=competition_name, round_name=round_name, closes_at=closes_at,
        sheets=sheets, dashboard_url=external_url("judging.dashboard"),
    )
