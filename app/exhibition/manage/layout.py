"""Organiser pages to set up the exhibition: settings, days, halls, booth types and floor plans."""
from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user

from app.core.errors import DomainError
from app.core.forms import ActionForm, render_form
from app.core.permissions import guard_blueprint, require
from app.core.uploads import InvalidUpload
from app.events.manage import managed_edition
from app.events.models import Edition
from app.events.organiser_queries import edition_venues
from app.events.permissions import can_manage_any_edition
from app.events.queries import edition_villages
from app.events.services import to_utc
from app.exhibition.forms.layout import (
    BoothForm, BoothImportForm, BoothTypeForm, ExhibitionDayForm, ExhibitionSettingsForm, HallForm, HoldForm,
)
from app.exhibition.models import Booth, BoothType, ExhibitionDay, Hall
from app.exhibition.permissions import can_manage_exhibition
from app.exhibition.queries.plan import booth_table, hall_plans, template_table
from app.exhibition.queries.settings import booth_type_usage, booth_types_of, exhibition_of
from app.exhibition.services import layout as services
from app.extensions import db
from app.registrations.exports import CSV_TYPE, to_csv

bp = Blueprint("exhibition_layout", __name__, url_prefix="/manage")
guard_blueprint(bp, can_manage_any_edition, "organiser")

SETTINGS_PAGE = "exhibition/manage/settings.html"
BOOTH_TYPES_PAGE = "exhibition/manage/booth_types.html"
BOOTH_TYPE_PAGE = "exhibition/manage/layout_booth_type_form.html"
HALLS_PAGE = "exhibition/manage/halls.html"
HALL_FORM_PAGE = "exhibition/manage/layout_hall_form.html"
HALL_PAGE = "exhibition/manage/hall.html"


def _edition(slug: str) -> Edition:
    """The edition at ``slug`` if the current user may set up its exhibition (404 unknown, 403 otherwise)."""
    edition = managed_edition(slug)
    require(can_manage_exhibition(current_user, edition))
    return edition


def _of_edition(model, object_id: int, edition: Edition):
    """A hall or booth type of ``edition``: 404 if it belongs to another one."""
    item = db.get_or_404(model, object_id)
    if item.edition_id != edition.id:
        abort(404)
    return item


def _of_hall(booth_id: int, hall: Hall) -> Booth:
    booth = db.get_or_404(Booth, booth_id)
    if booth.hall_id != hall.id:
        abort(404)
    return booth


def _forget_refused(error: DomainError | None) -> None:
    """After a refusal, drop whatever the session holds before the page reads the data again."""
    if error is not None:
        db.session.rollback()


def _render(template: str, submitted=None, error: DomainError | None = None, **context):
    """A page; with a ``submitted`` form, its errors (and a service's refusal) next to the fields, with a 4xx."""
    if submitted is None:
        return render_template(template, **context)
    _forget_refused(error)
    field = "csv_file" if isinstance(error, InvalidUpload) else getattr(error, "field", None)
    return render_form(template, submitted, error=error, field=field if field and hasattr(submitted, field) else None,
                       **context)


# Settings and days ------------------------------------------------------------------------

def _settings_page(edition: Edition, *, settings_form=None, day_form=None, error=None):
    _forget_refused(error)
    exhibition = exhibition_of(edition)
    context = dict(
        edition=edition, exhibition=exhibition, action_form=ActionForm(),
        settings_form=settings_form or ExhibitionSettingsForm(
            formdata=None, data=ExhibitionSettingsForm.data_of(exhibition, edition.zone)),
        day_form=day_form or ExhibitionDayForm(formdata=None))
    return _render(SETTINGS_PAGE, settings_form or day_form, error, **context)


@bp.route("/e/<slug>/exhibition/settings", methods=["GET", "POST"])
def settings(slug: str):
    edition = _edition(slug)
    if request.method == "GET":
        return _settings_page(edition)
    form = ExhibitionSettingsForm()
    if not form.validate_on_submit():
        return _settings_page(edition, settings_form=form)
    fields = form.settings_fields()
    fields.update({name: to_utc(edition, fields[name]) if fields[name] else None for name in form.LOCAL_TIMES})
    try:
        services.save_exhibition_settings(edition, **fields)
    except DomainError as error:
        return _settings_page(edition, settings_form=form, error=error)
    flash(_("The exhibition settings have been saved."), "success")
    return redirect(url_for(".settings", slug=slug))


@bp.post("/e/<slug>/exhibition/days")
def add_day(slug: str):
    edition = _edition(slug)
    form = ExhibitionDayForm()
    if not form.validate_on_submit():
        return _settings_page(edition, day_form=form)
    try:
        services.add_exhibition_day(edition, day=form.day.data, opens_at=form.opens_at.data,
                                    closes_at=form.closes_at.data)
    except DomainError as error:
        return _settings_page(edition, day_form=form, error=error)
    flash(_("The exhibition opens on %(day)s.", day=format_date(form.day.data, "full")), "success")
    return redirect(url_for(".settings", slug=slug, _anchor="days"))


@bp.post("/e/<slug>/exhibition/days/<int:day_id>/remove")
def remove_day(slug: str, day_id: int):
    edition = _edition(slug)
    day = db.get_or_404(ExhibitionDay, day_id)
    if day.exhibition.edition_id != edition.id:
        abort(404)
    if ActionForm().validate_on_submit():
        services.remove_exhibition_day(day)
        flash(_("The day has been removed."), "info")
    return redirect(url_for(".settings", slug=slug, _anchor="days"))


# Booth types ------------------------------------------------------------------------------

def _booth_types_page(edition: Edition, form=None, error=None, *, action_error=None):
    _forget_refused(error or action_error)
    context = dict(edition=edition, booth_types=booth_types_of(edition), usage=booth_type_usage(edition),
                   action_form=ActionForm(), new_form=form or BoothTypeForm(formdata=None))
    if action_error is not None:
        return render_template(BOOTH_TYPES_PAGE, form_error=str(action_error), **context), action_error.status_code
    return _render(BOOTH_TYPES_PAGE, form, error, **context)


@bp.route("/e/<slug>/exhibition/booth-types", methods=["GET", "POST"])
def booth_types(slug: str):
    edition = _edition(slug)
    form = BoothTypeForm()
    if not form.validate_on_submit():
        return _booth_types_page(edition, form if request.method == "POST" else None)
    try:
        services.save_booth_type(edition, **form.booth_type_fields())
    except DomainError as error:
        return _booth_types_page(edition, form, error)
    flash(_("The booth type has been saved."), "success")
    return redirect(url_for(".booth_types", slug=slug))


@bp.route("/e/<slug>/exhibition/booth-types/<int:booth_type_id>/edit", methods=["GET", "POST"])
def booth_type_form(slug: str, booth_type_id: int):
    edition = _edition(slug)
    booth_type = _of_edition(BoothType, booth_type_id, edition)
    form = BoothTypeForm(obj=booth_type)
    if not form.validate_on_submit():
        return render_form(BOOTH_TYPE_PAGE, form, edition=edition,
                           booth_type=booth_type)
    try:
        services.save_booth_type(edition, booth_type, **form.booth_type_fields())
    except DomainError as error:
        return _render(BOOTH_TYPE_PAGE, form, error, edition=edition,
                       booth_type=booth_type)
    flash(_("The booth type has been saved."), "success")
    return redirect(url_for(".booth_types", slug=slug))


@bp.post("/e/<slug>/exhibition/booth-types/<int:booth_type_id>/delete")
def delete_booth_type(slug: str, booth_type_id: int):
    edition = _edition(slug)
    booth_type = _of_edition(BoothType, booth_type_id, edition)
    if ActionForm().validate_on_submit():
        try:
            services.delete_booth_type(booth_type)
        except DomainError as error:
            return _booth_types_page(edition, action_error=error)
        flash(_("The booth type has been deleted."), "info")
    return redirect(url_for(".booth_types", slug=slug))


# Halls ------------------------------------------------------------------------------------

def _hall_form(edition: Edition, hall: Hall | None = None, **kwargs) -> HallForm:
    return HallForm(obj=hall, villages=edition_villages(edition), venues=edition_venues(edition), **kwargs)


def _halls_page(edition: Edition, form=None, error=None, *, action_error=None):
    _forget_refused(error or action_error)
    context = dict(edition=edition, plans=hall_plans(edition), action_form=ActionForm(),
                   new_form=form or _hall_form(edition, formdata=None))
    if action_error is not None:
        return render_template(HALLS_PAGE, form_error=str(action_error), **context), action_error.status_code
    return _render(HALLS_PAGE, form, error, **context)


@bp.route("/e/<slug>/exhibition/halls", methods=["GET", "POST"])
def halls(slug: str):
    edition = _edition(slug)
    form = _hall_form(edition)
    if not form.validate_on_submit():
        return _halls_page(edition, form if request.method == "POST" else None)
    try:
        hall = services.save_hall(edition, **form.hall_fields())
    except DomainError as error:
        return _halls_page(edition, form, error)
    flash(_("The hall has been saved. Now place its booths."), "success")
    return redirect(url_for(".hall", slug=slug, hall_id=hall.id))


@bp.route("/e/<slug>/exhibition/halls/<int:hall_id>/edit", methods=["GET", "POST"])
def hall_form(slug: str, hall_id: int):
    edition = _edition(slug)
    hall = _of_edition(Hall, hall_id, edition)
    form = _hall_form(edition, hall)
    if not form.validate_on_submit():
        return render_form(HALL_FORM_PAGE, form, edition=edition, hall=hall)
    try:
        services.save_hall(edition, hall, **form.hall_fields())
    except DomainError as error:
        return _render(HALL_FORM_PAGE, form, error, edition=edition, hall=hall)
    flash(_("The hall has been saved."), "success")
    return redirect(url_for(".hall", slug=slug, hall_id=hall.id))


@bp.post("/e/<slug>/exhibition/halls/<int:hall_id>/delete")
def delete_hall(slug: str, hall_id: int):
    edition = _edition(slug)
    hall = _of_edition(Hall, hall_id, edition)
    if ActionForm().validate_on_submit():
        try:
            services.delete_hall(hall)
        except DomainError as error:
            return _halls_page(edition, action_error=error)
        flash(_("The hall and its booths have been deleted."), "info")
    return redirect(url_for(".halls", slug=slug))


# One hall's plan and booths ----------------------------------------------------------------

def _hall_page(edition: Edition, hall: Hall, *, submitted=None, error=None, booth=None, **forms):
    _forget_refused(error)
    booth_types = booth_types_of(edition)
    booth_form = forms.get("booth_form") or BoothForm(formdata=None, obj=booth, booth_types=booth_types)
    context = dict(
        edition=edition, hall=hall, plan=hall_plans(edition, hall_id=hall.id)[0], booth=booth,
        booth_types=booth_types, booth_form=booth_form, action_form=ActionForm(),
        import_form=forms.get("import_form") or BoothImportForm(formdata=None),
        hold_form=forms.get("hold_form") or HoldForm(formdata=None),
        import_errors=getattr(error, "errors", None),
        form_error=str(error) if error is not None and submitted is None else None)
    if submitted is None and error is not None:
        return render_template(HALL_PAGE, **context), error.status_code
    return _render(HALL_PAGE, submitted, error, **context)


@bp.get("/e/<slug>/exhibition/halls/<int:hall_id>")
def hall(slug: str, hall_id: int):
    edition = _edition(slug)
    hall = _of_edition(Hall, hall_id, edition)
    booth_id = request.args.get("booth", type=int)
    return _hall_page(edition, hall, booth=_of_hall(booth_id, hall) if booth_id else None)


@bp.post("/e/<slug>/exhibition/halls/<int:hall_id>/booths", defaults={"booth_id": None})
@bp.post("/e/<slug>/exhibition/halls/<int:hall_id>/booths/<int:booth_id>")
def save_booth(slug: str, hall_id: int, booth_id: int | None):
    edition = _edition(slug)
    hall = _of_edition(Hall, hall_id, edition)
    booth = _of_hall(booth_id, hall) if booth_id else None
    form = BoothForm(booth_types=booth_types_of(edition))
    if not form.validate_on_submit():
        return _hall_page(edition, hall, submitted=form, booth=booth, booth_form=form)
    try:
        saved = services.save_booth(hall, booth, **form.booth_fields())
    except DomainError as error:
        return _hall_page(edition, hall, submitted=form, error=error, booth=booth, booth_form=form)
    flash(_("Booth %(code)s has been saved.", code=saved.code), "success")
    return redirect(url_for(".hall", slug=slug, hall_id=hall.id))


@bp.post("/e/<slug>/exhibition/halls/<int:hall_id>/booths/<int:booth_id>/delete")
def delete_booth(slug: str, hall_id: int, booth_id: int):
    edition = _edition(slug)
    hall = _of_edition(Hall, hall_id, edition)
    booth = _of_hall(booth_id, hall)
    if ActionForm().validate_on_submit():
        code = booth.code
        try:
            services.delete_booth(booth)
        except DomainError as error:
            return _hall_page(edition, hall, error=error)
        flash(_("Booth %(code)s has been removed from the plan.", code=code), "info")
    return redirect(url_for(".hall", slug=slug, hall_id=hall.id))


@bp.post("/e/<slug>/exhibition/halls/<int:hall_id>/booths/<int:booth_id>/hold")
def hold_booth(slug: str, hall_id: int, booth_id: int):
    edition = _edition(slug)
    hall = _of_edition(Hall, hall_id, edition)
    booth = _of_hall(booth_id, hall)
    form = HoldForm()
    if not form.validate_on_submit():
        return _hall_page(edition, hall, submitted=form, hold_form=form)
    try:
        services.hold_booth(booth, note=form.note.data)
    except DomainError as error:
        return _hall_page(edition, hall, error=error)
    flash(_("Booth %(code)s is held: nobody can book it.", code=booth.code), "success")
    return redirect(url_for(".hall", slug=slug, hall_id=hall.id))


@bp.post("/e/<slug>/exhibition/halls/<int:hall_id>/booths/<int:booth_id>/release")
def release_booth(slug: str, hall_id: int, booth_id: int):
    edition = _edition(slug)
    hall = _of_edition(Hall, hall_id, edition)
    booth = _of_hall(booth_id, hall)
    if ActionForm().validate_on_submit():
        services.release_booth(booth)
        flash(_("Booth %(code)s is free again.", code=booth.code), "success")
    return redirect(url_for(".hall", slug=slug, hall_id=hall.id))


@bp.post("/e/<slug>/exhibition/halls/<int:hall_id>/import")
def import_booths(slug: str, hall_id: int):
    edition = _edition(slug)
    hall = _of_edition(Hall, hall_id, edition)
    form = BoothImportForm()
    if not form.validate_on_submit():
        return _hall_page(edition, hall, submitted=form, import_form=form)
    try:
        summary = services.import_booths(hall, csv_file=form.csv_file.data)
    except DomainError as error:
        return _hall_page(edition, hall, submitted=form, error=error, import_form=form)
    flash(_("%(created)d booths added and %(updated)d booths updated from the file.", created=summary.created,
            updated=summary.updated), "success")
    return redirect(url_for(".hall", slug=slug, hall_id=hall.id))


def _csv_download(header: list[str], rows: list[list], filename: str) -> Response:
    response = Response(to_csv(header, rows), content_type=CSV_TYPE)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.get("/e/<slug>/exhibition/halls/<int:hall_id>/booths.csv")
def export_booths(slug: str, hall_id: int):
    edition = _edition(slug)
    hall = _of_edition(Hall, hall_id, edition)
    header, rows = booth_table(hall_plans(edition, hall_id=hall.id))
    return _csv_download(header, rows, f"{edition.slug}-hall-{hall.code}-booths.csv")


@bp.get("/e/<slug>/exhibition/booths-template.csv")
def booths_template(slug: str):
    edition = _edition(slug)
    header, rows = template_table(booth_types_of(edition))
    return _csv_download(header, rows, "booths-template.csv")
