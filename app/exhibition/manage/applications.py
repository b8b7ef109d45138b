"""Organiser pages to run the exhibition: applications, decisions, booths, payments, passes, overview."""
from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.core.errors import DomainError
from app.core.forms import ActionForm, render_form
from app.core.permissions import guard_blueprint, require
from app.core.time import utcnow
from app.events.manage import managed_edition
from app.events.permissions import can_manage_any_edition
from app.exhibition import permissions
from app.exhibition.forms.applications import (
    AllowanceForm, ApplicationFilterForm, ApproveForm, BoothForm, PaymentForm, RejectForm,
)
from app.exhibition.models import BoothApplication, BoothBooking
from app.exhibition.queries import applications as queries
from app.exhibition.queries.settings import exhibition_of
from app.exhibition.services import applications as services
from app.exhibition.services import passes
from app.extensions import db
from app.registrations import exports
from app.registrations.forms import CheckInForm
from app.registrations.manage import other_desk

bp = Blueprint("exhibition_manage", __name__, url_prefix="/manage")
guard_blueprint(bp, can_manage_any_edition, "organiser")

PAGE_SIZE = 50
BASE = "/e/<slug>/exhibition/applications/<int:application_id>"


def managed_application(slug: str, application_id: int) -> BoothApplication:
    """An application of an edition the current user organises: 404 if unknown or elsewhere, 403 if not theirs."""
    edition = managed_edition(slug)
    application = queries.application_details(application_id)
    if application is None or application.edition_id != edition.id:
        abort(404)
    require(permissions.can_decide_application(current_user, application))
    return application


def _status_filter() -> tuple[ApplicationFilterForm, str]:
    form = ApplicationFilterForm(request.args)
    return form, form.status.data if form.validate() and form.status.data else ""


# Lists -------------------------------------------------------------------------------------

@bp.get("/e/<slug>/exhibition/applications")
def applications(slug: str):
    edition = managed_edition(slug)
    form, status = _status_filter()
    page = db.paginate(queries.applications_query(edition, status), per_page=PAGE_SIZE, error_out=False)
    return render_template("exhibition/manage/applications.html", edition=edition, form=form, status=status,
                           page=page, counts=queries.status_counts(edition), price_of=queries.application_price)


@bp.get("/e/<slug>/exhibition/applications.csv")
def export_applications(slug: str):
    edition = managed_edition(slug)
    _form, status = _status_filter()
    header = [_("Exhibitor"), _("Kind"), _("Applicant"), _("Email"), _("Status"), _("Booth type"), _("Booths"),
              _("Preferred hall"), _("Staff"), _("Price (VND)"), _("Payment"), _("Products"), _("Applied at")]
    rows = [[a.organisation.name, str(a.organisation.kind_label), a.applicant.name if a.applicant else "",
             a.applicant.email if a.applicant else "", str(a.status_label), a.booth_type.name,
             ", ".join(booth.code for booth in a.booths), a.preferred_hall.name if a.preferred_hall else "",
             a.staff_count, queries.application_price(a), str(a.payment_status_label), a.products,
             a.created_at.astimezone(edition.zone)] for a in queries.export_rows(edition, status)]
    response = Response(exports.to_csv(header, rows), content_type=exports.CSV_TYPE)
    response.headers["Content-Disposition"] = f'attachment; filename="{edition.slug}-booth-applications.csv"'
    return response


@bp.get("/e/<slug>/exhibition/overview")
def overview(slug: str):
    edition = managed_edition(slug)
    return render_template(
        "exhibition/manage/overview.html", edition=edition, exhibition=exhibition_of(edition),
        halls=queries.hall_counts(edition), counts=queries.status_counts(edition),
        payments=queries.payment_totals(edition), top_stalls=queries.top_stalls(edition),
    )


# One application ---------------------------------------------------------------------------

def _application_page(application: BoothApplication, *, forms: dict | None = None, error: DomainError | None = None,
                      form_name: str | None = None):
    """The application with every organiser action; a refused action shows its form again with the input kept."""
    edition = application.edition
    groups = queries.booth_choices(edition, include_held=True)
    forms = {"approve": ApproveForm(formdata=None, booth_groups=groups, booths_allowed=application.booths_allowed),
             "reject": RejectForm(formdata=None),
             "booth": BoothForm(formdata=None, booth_groups=groups),
             "payment": PaymentForm(formdata=None, status=application.payment_status),
             "allowance": AllowanceForm(formdata=None, booths_allowed=application.booths_allowed), **(forms or {})}
    field = getattr(error, "field", None)
    if error is not None and form_name and field and hasattr(forms[form_name], field):
        getattr(forms[form_name], field).errors = [*getattr(forms[form_name], field).errors, str(error)]
    status = error.status_code if error is not None else (422 if any(f.errors for f in forms.values()) else 200)
    return render_template(
        "exhibition/manage/application.html", edition=edition, application=application, forms=forms,
        action_form=ActionForm(), price=queries.application_price(application), booth_groups=groups,
        form_error=str(error) if error is not None and not (form_name and field) else None,
        error_form=form_name,
    ), status


def _act(slug: str, application_id: int, form_name: str, make_form, action, message):
    """Validate the form ``make_form(application)`` builds, run ``action(application, form)``, then flash and
    redirect, or show the page again with the refusal next to the form."""
    application = managed_application(slug, application_id)
    form = make_form(application)
    if not form.validate_on_submit():
        return _application_page(application, forms={form_name: form})
    try:
        action(application, form)
    except DomainError as error:
        db.session.rollback()
        return _application_page(queries.application_details(application_id), forms={form_name: form}, error=error,
                                 form_name=form_name)
    flash(message(application) if callable(message) else message, "success")
    return redirect(url_for(".application", slug=slug, application_id=application_id))


def _with_booths(form_class):
    return lambda application: form_class(booth_groups=queries.booth_choices(application.edition, include_held=True))


def _booth(application: BoothApplication, booth_id: int | None):
    """The booth chosen in a form (``None`` if none was): refused when it is not one of the edition's."""
    if booth_id is None:
        return None
    booth = queries.booth_in(application.edition, booth_id)
    if booth is None:
        error = DomainError(_l("Choose a booth of this edition."))
        error.field = "booth_id"
        raise error
    return booth


@bp.get(BASE)
def application(slug: str, application_id: int):
    return _application_page(managed_application(slug, application_id))


@bp.post(f"{BASE}/approve")
def approve(slug: str, application_id: int):
    return _act(slug, application_id, "approve", _with_booths(ApproveForm),
                lambda a, f: services.approve_application(a, by=current_user, booth=_booth(a, f.booth_id.data),
                                                          booths_allowed=f.booths_allowed.data),
                lambda a: _("%(name)s is approved and has been emailed.", name=a.organisation.name))


@bp.post(f"{BASE}/reject")
def reject(slug: str, application_id: int):
    return _act(slug, application_id, "reject", lambda a: RejectForm(),
                lambda a, f: services.reject_application(a, by=current_user, reason=f.reason.data),
                lambda a: _("The application of %(name)s is rejected; the reason has been emailed.",
                            name=a.organisation.name))


@bp.post(f"{BASE}/waitlist")
def waitlist(slug: str, application_id: int):
    return _act(slug, application_id, "waitlist", lambda a: ActionForm(),
                lambda a, f: services.waitlist_application(a, by=current_user),
                lambda a: _("%(name)s is on the waitlist.", name=a.organisation.name))


@bp.post(f"{BASE}/booths")
def assign_booth(slug: str, application_id: int):
    return _act(slug, application_id, "booth", _with_booths(BoothForm),
                lambda a, f: services.assign_booth(a, _booth(a, f.booth_id.data), by=current_user),
                lambda a: _("The booth is assigned and %(name)s has been emailed.", name=a.organisation.name))


def _booking(application: BoothApplication, booking_id: int) -> BoothBooking:
    booking = db.get_or_404(BoothBooking, booking_id)
    if booking.application_id != application.id:
        abort(404)
    return booking


@bp.post(f"{BASE}/bookings/<int:booking_id>/move")
def move_booking(slug: str, application_id: int, booking_id: int):
    return _act(slug, application_id, "booth", _with_booths(BoothForm),
                lambda a, f: services.move_booking(_booking(a, booking_id), _booth(a, f.booth_id.data),
                                                   by=current_user),
                lambda a: _("The booth has changed and %(name)s has been emailed.", name=a.organisation.name))


@bp.post(f"{BASE}/bookings/<int:booking_id>/release")
def release_booking(slug: str, application_id: int, booking_id: int):
    return _act(slug, application_id, "release", lambda a: ActionForm(),
                lambda a, f: services.release_booth(_booking(a, booking_id)),
                _("The booth is free again."))


@bp.post(f"{BASE}/allowance")
def allowance(slug: str, application_id: int):
    return _act(slug, application_id, "allowance", lambda a: AllowanceForm(),
                lambda a, f: services.set_booths_allowed(a, f.booths_allowed.data, by=current_user),
                lambda a: _("%(name)s may hold %(count)d booth(s).", name=a.organisation.name,
                            count=a.booths_allowed))


@bp.post(f"{BASE}/payment")
def payment(slug: str, application_id: int):
    return _act(slug, application_id, "payment", lambda a: PaymentForm(),
                lambda a, f: services.set_payment_status(a, f.status.data, by=current_user),
                lambda a: _("Payment of %(name)s: %(status)s.", name=a.organisation.name,
                            status=a.payment_status_label))


# The exhibition entrance -------------------------------------------------------------------

def _entrance_page(edition, form: CheckInForm, *, error: DomainError | None = None):
    """The sessions' check-in desk, serving the exhibition entrance: staff passes, once per exhibition day."""
    if error is not None:
        form.code.data = ""
    today = utcnow().astimezone(edition.zone).date()
    counts = queries.entrance_counts(edition, today)
    desk = {
        "title": _("Exhibition entrance: %(edition)s", edition=edition.name), "subject": _("Exhibition entrance"),
        "breadcrumbs": [(edition.name, url_for("events_manage.edition", slug=edition.slug)),
                        (_("Exhibition"), url_for(".overview", slug=edition.slug))],
        "count": _("%(arrived)s of %(passes)s staff passes checked in today.",
                   arrived=format_decimal(counts["arrived"]), passes=format_decimal(counts["passes"])),
        "arrivals": [{"name": c.staff_pass.name, "detail": c.staff_pass.application.organisation.name,
                      "at": c.checked_in_at} for c in queries.entrance_arrivals(edition, today)],
        "other_desk": other_desk(error),
    }
    return render_form("registrations/manage/check_in.html", form, error=error, field="code", edition=edition,
                       desk=desk)


@bp.route("/e/<slug>/exhibition/check-in", methods=["GET", "POST"])
def check_in(slug: str):
    edition = managed_edition(slug)
    require(permissions.can_check_in_staff(current_user, edition))
    form = CheckInForm()
    if form.validate_on_submit():
        try:
            arrival = passes.check_in_staff(edition, form.code.data, by=current_user)
        except DomainError as error:
            db.session.rollback()
            return _entrance_page(edition, form, error=error)
        flash(_("%(name)s (%(exhibitor)s) is checked in (%(code)s).", name=arrival.staff_pass.name,
                exhibitor=arrival.staff_pass.application.organisation.name, code=arrival.staff_pass.display_code),
              "success")
        return redirect(url_for(".check_in", slug=slug))
    return _entrance_page(edition, form)
