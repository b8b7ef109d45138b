"""Leads: a visitor writes to a stall, the stall's team follows the request up."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.core.errors import DomainError, NotAllowed
from app.core.text import blank_to_none
from app.core.time import utcnow
from app.extensions import db
from app.leads import notifications
from app.leads.models import Interest, Lead, LeadStatus
from app.leads.permissions import can_read_leads
from app.leads.queries import StallClosed, lead_refusal  # noqa: F401 - StallClosed is part of the API
from app.stalls.models import Stall


def send_lead(stall: Stall, *, user=None, name: str | None, email: str | None, phone: str | None,
              company: str | None, interest: str, message: str, locale: str) -> Lead:
    """Record a visitor's contact request and email the stall's contacts and the visitor.

    Refused when the stall is taken down, outside the online window, or the sender's own stall.
    A signed-in visitor writes under their account's name and email.
    """
    refusal = lead_refusal(stall, user, utcnow())
    if refusal is not None:
        raise refusal
    if interest not in set(Interest):
        raise DomainError(_l("Choose what you are interested in."))
    if user is not None:
        name, email = user.name, user.email
    if not blank_to_none(name) or not blank_to_none(email):
        raise DomainError(_l("Give your name and email so that the exhibitor can answer you."))
    lead = Lead(stall=stall, user=user, name=name.strip(), email=email.strip(), phone=blank_to_none(phone),
                company=blank_to_none(company), interest=interest, message=message.strip(), locale=locale,
                status=LeadStatus.NEW)
    db.session.add(lead)
    db.session.flush()
    notifications.notify_lead(lead)
    db.session.commit()
    return lead


def set_lead_status(lead: Lead, status: str, *, by) -> Lead:
    """Mark a lead new, replied or closed; only the stall's team and organisers may."""
    if not can_read_leads(by, lead.stall):
        raise NotAllowed(_l("Only the stall's team can change the status of its leads."))
    if status not in set(LeadStatus):
        raise DomainError(_l("Choose a status from the list."))
    if lead.status != status:
        lead.status, lead.status_changed_at = status, utcnow()
    db.session.commit()
    return lead
