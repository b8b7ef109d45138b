"""Reads about leads: whether a stall takes them, who is told, the inbox of a stall."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, select

from app.accounts.models import User
from app.core.errors import DomainError, NotAllowed
from app.exhibition.queries.settings import exhibition_of
from app.extensions import db
from app.leads.models import Lead, LeadStatus
from app.stalls.models import Stall
from app.stalls.permissions import is_stall_owner
from app.teams.models import MemberRole, Membership


@dataclass(frozen=True)
class Recipient:
    """Someone who gets a stall's mail, in their own language."""

    email: str
    name: str
    locale: str


class StallClosed(DomainError):
    """The stall is outside the edition's online window."""

    status_code = 409


def stall_window_refusal(stall: Stall, now: datetime) -> DomainError | None:
    """Why the stall takes no requests from visitors right now (taken down, not open yet, closed), or ``None``."""
    if stall.is_hidden:
        return NotAllowed(_l("This stall has been taken down by the organisers."))
    exhibition = exhibition_of(stall.edition)
    state = "open" if exhibition is None else exhibition.online_state(now)
    if state == "not_yet":
        opens = exhibition.online_opens_at.astimezone(stall.edition.zone).strftime("%d/%m/%Y %H:%M")
        return StallClosed(_l("The online exhibition opens on %(when)s; this stall takes requests from then on."),
                           when=opens)
    if state == "closed":
        return StallClosed(_l("The online exhibition has closed; this stall no longer takes requests."))
    return None


def lead_refusal(stall: Stall, user, now: datetime) -> DomainError | None:
    """Why ``user`` (``None`` when anonymous) cannot send a lead to ``stall`` now, or ``None``."""
    if user is not None and is_stall_owner(user, stall):
        return NotAllowed(_l("This is your own stall: contact requests come from visitors."))
    return stall_window_refusal(stall, now)


def stall_recipients(stall: Stall) -> list[Recipient]:
    """Who hears from a stall's visitors: its contact email if set, else every active member of its team.

    The contact address is written in the language of the member who uses it, else the owner's.
    """
    members = db.session.execute(
        select(User.email, User.name, User.locale, Membership.role).join(Membership, Membership.user_id == User.id)
        .where(Membership.organisation_id == stall.organisation_id, User.active.is_(True))
        .order_by(Membership.role != MemberRole.OWNER, User.id)
    ).all()
    if stall.contact_email:
        same = [m for m in members if m.email.lower() == stall.contact_email.lower()]
        chosen = same[0] if same else (members[0] if members else None)
        locale = chosen.locale if chosen else "vi"
        return [Recipient(stall.contact_email, stall.contact_name or stall.name, locale)]
    unique: dict[str, Recipient] = {}
    for member in members:
        unique.setdefault(member.email.lower(), Recipient(member.email, member.name, member.locale))
    return list(unique.values())


def stall_leads_query(stall: Stall, status: str | None) -> Select:
    """A stall's leads, newest first, optionally of one status."""
    query = select(Lead).where(Lead.stall_id == stall.id)
    if status:
        query = query.where(Lead.status == status)
    return query.order_by(Lead.created_at.desc(), Lead.id.desc())


def lead_counts(stall: Stall) -> dict[str, int]:
    """How many leads of each status the stall has (every status present, zero included)."""
    rows = db.session.execute(
        select(Lead.status, func.count()).where(Lead.stall_id == stall.id).group_by(Lead.status)
    ).all()
    counts = {str(status): 0 for status in LeadStatus}
    counts.update({status: count for status, count in rows})
    counts["all"] = sum(count for _, count in rows)
    return counts
