"""Leads: the contact form on a stall and the stall owner's inbox."""
from flask import Blueprint, Response, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.core.errors import DomainError
from app.core.forms import render_form
from app.core.permissions import public, require, signed_in
from app.core.time import utcnow
from app.core.urls import safe_next_url
from app.extensions import db, limiter
from app.leads import permissions, queries, services
from app.leads.forms import LeadFilterForm, LeadForm, LeadStatusForm
from app.leads.models import Lead
from app.registrations.exports import CSV_TYPE, to_csv
from app.stalls.models import Stall
from app.stalls.routes import owned_stall, visible_stall

bp = Blueprint("leads", __name__)

INBOX_PAGE_SIZE = 25


def _lead_limit() -> str:
    """Per IP address, on sending only (``RATELIMIT_LEAD``)."""
    return current_app.config["RATELIMIT_LEAD"]


@bp.route("/e/<slug>/stalls/<int:stall_id>/contact", methods=["GET", "POST"])
@public
@limiter.limit(_lead_limit, methods=["POST"])
def contact(slug: str, stall_id: int):
    stall = visible_stall(slug, stall_id)
    visitor = current_user if current_user.is_authenticated else None
    form = LeadForm(signed_in=visitor is not None)
    if form.is_spam():
        return redirect(url_for(".sent", slug=slug, stall_id=stall.id))
    if not form.validate_on_submit():
        return render_form("leads/contact.html", form, stall=stall,
                           refusal=queries.lead_refusal(stall, visitor, utcnow()))
    try:
        services.send_lead(stall, user=visitor, locale=str(get_locale()), **form.lead_data())
    except DomainError as error:
        db.session.rollback()
        return render_form("leads/contact.html", form, error=error, stall=stall, refusal=None)
    return redirect(url_for(".sent", slug=slug, stall_id=stall.id))


@bp.get("/e/<slug>/stalls/<int:stall_id>/contact/sent")
@public
def sent(slug: str, stall_id: int):
    return render_template("leads/sent.html", stall=visible_stall(slug, stall_id))


@bp.get("/me/stalls/<int:stall_id>/leads")
@signed_in
def inbox(stall_id: int):
    stall = owned_stall(stall_id, permissions.can_read_leads)
    form = LeadFilterForm(request.args)
    status = form.status.data if form.validate() else ""
    page = db.paginate(queries.stall_leads_query(stall, status), per_page=INBOX_PAGE_SIZE, error_out=False)
    status_forms = {lead.id: LeadStatusForm(formdata=None, status=lead.status, next=request.full_path)
                    for lead in page.items}
    return render_template("leads/inbox.html", stall=stall, form=form, status=status, page=page,
                           counts=queries.lead_counts(stall), status_forms=status_forms)


@bp.post("/me/leads/<int:lead_id>/status")
@signed_in
def set_status(lead_id: int):
    lead = db.get_or_404(Lead, lead_id)
    require(permissions.can_read_leads(current_user, lead.stall))
    form = LeadStatusForm()
    if not form.validate_on_submit():
        raise DomainError(_l("Choose a status from the list."))
    services.set_lead_status(lead, form.status.data, by=current_user)
    flash(_("The request from %(name)s is marked “%(status)s”.", name=lead.name, status=lead.status_label), "success")
    return redirect(safe_next_url(form.next.data) or url_for(".inbox", stall_id=lead.stall_id))


@bp.get("/me/stalls/<int:stall_id>/leads.csv")
@signed_in
def export(stall_id: int):
    stall = owned_stall(stall_id, permissions.can_read_leads)
    form = LeadFilterForm(request.args)
    status = form.status.data if form.validate() else ""
    response = Response(to_csv(*_export_table(stall, status)), content_type=CSV_TYPE)
    response.headers["Content-Disposition"] = f'attachment; filename="{stall.edition.slug}-stall-{stall.id}-leads.csv"'
    return response


def _export_table(stall: Stall, status: str) -> tuple[list[str], list[list]]:
    header = [_("Received at"), _("Name"), _("Email"), _("Phone"), _("Company"), _("Interest"), _("Message"),
              _("Status"), _("Language")]
    zone = stall.edition.zone
    rows = [[lead.created_at.astimezone(zone), lead.name, lead.email, lead.phone, lead.company,
             str(lead.interest_label), lead.message, str(lead.status_label), lead.locale]
            for lead in db.session.scalars(queries.stall_leads_query(stall, status))]
    return header, rows
