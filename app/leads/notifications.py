"""Mail about leads: the stall's contacts hear of a new request, the visitor gets a copy."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.core.urls import external_url
from app.leads.models import Lead
from app.leads.queries import stall_recipients
from app.notifications.outbox import queue_email


def notify_lead(lead: Lead) -> None:
    """Tell the stall's contacts (each in their language) about a new request; send the visitor a copy."""
    stall = lead.stall
    context = dict(lead=lead, stall=stall, edition=stall.edition, visitor=lead.name, stall_name=stall.name,
                   stall_url=external_url("stalls.stall", slug=stall.edition.slug, stall_id=stall.id))
    inbox_url = external_url("leads.inbox", stall_id=stall.id)
    for recipient in stall_recipients(stall):
        queue_email(recipient.email, recipient_name=recipient.name, locale=recipient.locale, kind="leads.received",
                    subject=_l("New contact request from %(visitor)s"), template="leads/emails/received",
                    inbox_url=inbox_url, **context)
    queue_email(lead.email, recipient_name=lead.name, locale=lead.locale, kind="leads.copy",
                subject=_l("Your message to %(stall_name)s"), template="leads/emails/copy", **context)
