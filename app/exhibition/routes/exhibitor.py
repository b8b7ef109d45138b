"""The exhibitor's pages: apply for a booth, follow the application, pick a booth, staff passes."""
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.core.errors import DomainError
from app.core.forms import ActionForm, render_form
from app.core.permissions import require, signed_in
from app.events.routes import visible_edition
from app.exhibition import permissions
from app.exhibition.forms.applications import ApplicationForm, PickForm, StaffPassForm
from app.exhibition.models import Booth, BoothApplication, BoothType, Hall, StaffPass
from app.exhibition.notifications import staff_pass_url
from app.exhibition.queries import applications as queries
from app.exhibition.queries.plan import hall_plans
from app.exhibition.queries.settings import exhibition_of
from app.exhibition.services import applications as services
from app.exhibition.services import passes
from app.extensions import db
from app.registrations.codes import qr_svg
from app.registrations.forms import CheckInForm
from app.teams.models import Organisation

bp = Blueprint("exhibitor", __name__)


def _refused(template: str, form, error: DomainError, **context):
    """A service's refusal next to the field it names (or on top), the typed values kept, its 4xx status."""
    db.session.rollback()
    field = getattr(error, "field", None)
    return render_form(template, form, error=error, field=field if field and hasattr(form, field) else None,
                       **context)


def _my_application(application_id: int, predicate=permissions.can_view_application) -> BoothApplication:
    application = queries.application_details(application_id) or abort(404)
    require(predicate(current_user, application))
    return application


# Applying ----------------------------------------------------------------------------------

def _application_form(edition, applied: dict) -> ApplicationForm:
    """The form, offering only my organisations that have no live application at ``edition``."""
    halls, booth_types = queries.halls_and_types(edition)
    organisations = [m.organisation for m in current_user.memberships
                     if m.organisation_id not in applied or applied[m.organisation_id].status == "withdrawn"]
    return ApplicationForm(organisations=organisations, halls=halls, booth_types=booth_types,
                           booth_groups=queries.booth_choices(edition, include_held=False))


def _chosen(form: ApplicationForm) -> dict:
    """The objects the form's selects point at (their choices only offer this edition's)."""
    return {"booth_type": db.session.get(BoothType, form.booth_type_id.data),
            "preferred_hall": db.session.get(Hall, form.preferred_hall_id.data) if form.preferred_hall_id.data else None,
            "preferred_booth": db.session.get(Booth, form.preferred_booth_id.data) if form.preferred_booth_id.data
            else None}


@bp.route("/e/<slug>/exhibition/apply", methods=["GET", "POST"])
@signed_in
def apply(slug: str):
    edition = visible_edition(slug)
    applied = queries.applications_at(current_user, edition)
    form = _application_form(edition, applied)
    context = {"edition": edition, "exhibition": exhibition_of(edition), "applied": list(applied.values())}
    if not form.validate_on_submit():
        return render_form("exhibition/apply.html", form, **context)
    organisation = db.session.get(Organisation, form.organisation_id.data)
    require(permissions.can_apply_for_booth(current_user, organisation))
    try:
        application = services.submit_application(
            organisation, edition=edition, applicant=current_user, products=form.products.data,
            staff_count=form.staff_count.data, note=form.note.data, **_chosen(form))
    except DomainError as error:
        return _refused("exhibition/apply.html", form, error, **context)
    flash(_("The application of %(name)s has been sent. The organisers will email you their decision.",
            name=organisation.name), "success")
    return redirect(url_for(".application", application_id=application.id))


@bp.get("/me/exhibitions")
@signed_in
def my_applications():
    return render_template("exhibition/my_applications.html", applications=queries.my_applications(current_user))


def _application_page(application: BoothApplication, error: DomainError | None = None):
    exhibition = exhibition_of(application.edition)
    picking = bool(exhibition and exhibition.exhibitors_pick_booths and application.has_booth_to_fill
                   and permissions.can_pick_booth(current_user, application))
    return render_template(
        "exhibition/application.html", application=application, edition=application.edition, exhibition=exhibition,
        price=queries.application_price(application), plans=hall_plans(application.edition) if picking else [],
        picking=picking, action_form=ActionForm(),
        can_withdraw=application.status in services.WITHDRAWABLE
        and permissions.can_withdraw_application(current_user, application),
        can_manage_passes=application.is_approved and permissions.can_manage_staff_passes(current_user, application),
        form_error=str(error) if error is not None else None,
    ), error.status_code if error is not None else 200


@bp.get("/me/exhibitions/<int:application_id>")
@signed_in
def application(application_id: int):
    return _application_page(_my_application(application_id))


@bp.post("/me/exhibitions/<int:application_id>/withdraw")
@signed_in
def withdraw(application_id: int):
    application = _my_application(application_id, permissions.can_withdraw_application)
    if ActionForm().validate_on_submit():
        try:
            services.withdraw_application(application)
        except DomainError as error:
            db.session.rollback()
            return _application_page(queries.application_details(application_id), error)
        flash(_("The application of %(name)s is withdrawn.", name=application.organisation.name), "info")
    return redirect(url_for(".application", application_id=application.id))


# Picking a booth ---------------------------------------------------------------------------

@bp.route("/e/<slug>/exhibition/booths/<int:booth_id>/pick", methods=["GET", "POST"])
@signed_in
def pick_booth(slug: str, booth_id: int):
    edition = visible_edition(slug)
    booth = queries.booth_in(edition, booth_id) or abort(404)
    applications = queries.picking_applications(current_user, edition)
    form = PickForm(applications=applications)
    context = {"edition": edition, "booth": booth, "applications": applications,
               "holder": queries.booth_holder(booth.id)}
    if not applications:  # nothing to pick for: the page explains why
        return render_template("exhibition/pick_booth.html", form=form, **context), 409 if form.is_submitted() else 200
    if not form.validate_on_submit():
        return render_form("exhibition/pick_booth.html", form, **context)
    application = next(a for a in applications if a.id == form.application_id.data)
    require(permissions.can_pick_booth(current_user, application))
    try:
        services.pick_booth(application, booth, by=current_user)
    except DomainError as error:
        return _refused("exhibition/pick_booth.html", form, error, **context)
    flash(_("Booth %(code)s is yours.", code=booth.code), "success")
    return redirect(url_for(".application", application_id=application.id))


# Staff passes ------------------------------------------------------------------------------

def _passes_page(application: BoothApplication, form: StaffPassForm, error: DomainError | None = None):
    return render_form("exhibition/staff_passes.html", form, error=error,
                       field=getattr(error, "field", None) if error is not None else None,
                       application=application, edition=application.edition, action_form=ActionForm())


@bp.route("/me/exhibitions/<int:application_id>/staff", methods=["GET", "POST"])
@signed_in
def staff_passes(application_id: int):
    application = _my_application(application_id, permissions.can_manage_staff_passes)
    form = StaffPassForm()
    if not form.validate_on_submit():
        return _passes_page(application, form)
    try:
        staff_pass = passes.add_staff_pass(application, name=form.name.data, email=form.email.data,
                                           phone=form.phone.data, by=current_user)
    except DomainError as error:
        db.session.rollback()
        return _passes_page(queries.application_details(application_id), form, error)
    flash(_("%(name)s has a staff pass (%(code)s).", name=staff_pass.name, code=staff_pass.display_code)
          + (" " + _("It has been emailed.") if staff_pass.email else ""), "success")
    return redirect(url_for(".staff_passes", application_id=application_id))


def _pass_of(application_id: int, pass_id: int) -> StaffPass:
    staff_pass = db.get_or_404(StaffPass, pass_id)
    if staff_pass.application_id != application_id:
        abort(404)
    require(permissions.can_manage_staff_passes(current_user, staff_pass.application))
    return staff_pass


@bp.post("/me/exhibitions/<int:application_id>/staff/<int:pass_id>/remove")
@signed_in
def remove_staff_pass(application_id: int, pass_id: int):
    staff_pass = _pass_of(application_id, pass_id)
    if ActionForm().validate_on_submit():
        name = staff_pass.name
        passes.remove_staff_pass(staff_pass)
        flash(_("The staff pass of %(name)s is removed.", name=name), "info")
    return redirect(url_for(".staff_passes", application_id=application_id))


@bp.post("/me/exhibitions/<int:application_id>/staff/<int:pass_id>/send")
@signed_in
def send_staff_pass(application_id: int, pass_id: int):
    staff_pass = _pass_of(application_id, pass_id)
    if ActionForm().validate_on_submit():
        try:
            passes.email_staff_pass(staff_pass, by=current_user)
        except DomainError as error:
            db.session.rollback()
            return _passes_page(queries.application_details(application_id), StaffPassForm(formdata=None), error)
        flash(_("The pass has been emailed to %(email)s.", email=staff_pass.email), "success")
    return redirect(url_for(".staff_passes", application_id=application_id))


@bp.get("/exhibition/passes/<code>")
@signed_in
def staff_pass(code: str):
    staff_pass = queries.staff_pass_for_code(code)
    if staff_pass is None or not permissions.can_view_staff_pass(current_user, staff_pass):
        abort(404)  # passes are not listed anywhere: others learn nothing, not even that it exists
    edition = staff_pass.application.edition
    can_check_in = permissions.can_check_in_staff(current_user, edition)
    return render_template(
        "exhibition/staff_pass.html", staff_pass=staff_pass, application=staff_pass.application, edition=edition,
        qr=qr_svg(staff_pass_url(staff_pass)), can_check_in=can_check_in,
        check_in_form=CheckInForm(formdata=None, code=staff_pass.check_in_code) if can_check_in else None,
    )
