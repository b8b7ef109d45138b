"""Mail to competing teams: the receipt of every submission, the screening decision."""
from __future__ import annotations

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from app.competitions.models import Eligibility, Entry
from app.competitions.queries import entry_window
from app.core.time import utcnow
from app.core.urls import external_url
from app.notifications.outbox import queue_email


def _to_team(entry: Entry, *, kind: str, subject, template: str, **context) -> None:
    """One message per team member, each in their own language."""
    competition = entry.competition
    for membership in entry.organisation.memberships:
        user = membership.user
        if not user.active:
            continue
        with force_locale(user.locale):
            competition_name = competition.name  # for the subject line, in the recipient's language
        queue_email(
            user.email, recipient_name=user.name, locale=user.locale, kind=kind, subject=subject,
            template=template, entry=entry, competition=competition, edition=competition.edition,
            team=entry.organisation.name, project=entry.project_name, competition_name=competition_name,
            entry_url=external_url("competitions.entry", entry_id=entry.id), **context,
        )


def notify_entry_received(entry: Entry) -> None:
    """Every submission (the first and each resubmission) sends the whole team a receipt."""
    _to_team(entry, kind="competitions.entry_received", subject=_l("Entry received: %(project)s"),
             template="competitions/emails/entry_received", deadline=entry_window(entry).closes_at,
             image_count=len(entry.images), received_at=utcnow())


def notify_screening_decision(entry: Entry, *, reason: str | None) -> None:
    """Tell the team whether its entry is eligible, with the organisers' reason."""
    eligible = entry.eligibility == Eligibility.ELIGIBLE
    subject = (_l("Your entry %(project)s is eligible") if eligible
               else _l("Your entry %(project)s is not eligible"))
    _to_team(entry, kind="competitions.screening_decision", subject=subject,
             template="competitions/emails/screening_decision", eligible=eligible, reason=reason)
