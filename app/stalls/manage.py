"""Organiser pages for virtual stalls: featured stalls, taking a stall down."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.core.errors import DomainError
from app.core.forms import ActionForm
from app.core.permissions import guard_blueprint, require
from app.events.manage import managed_edition
from app.events.permissions import can_manage_any_edition
from app.extensions import db
from app.stalls import queries, services
from app.stalls.forms import FeatureForm, HideForm, SearchForm
from app.stalls.models import Stall
from app.stalls.permissions import can_manage_stalls

bp = Blueprint("stalls_manage", __name__, url_prefix="/manage")
guard_blueprint(bp, can_manage_any_edition, "organiser")

PAGE_SIZE = 50


def _managed_stall(slug: str, stall_id: int) -> Stall:
    edition = managed_edition(slug)
    require(can_manage_stalls(current_user, edition))
    stall = db.get_or_404(Stall, stall_id)
    if stall.edition_id != edition.id:
        abort(404)
    return stall


def _stalls_page(slug: str, error: DomainError | None = None):
    if error is not None:
        db.session.rollback()
    edition = managed_edition(slug)
    require(can_manage_stalls(current_user, edition))
    search = SearchForm(request.args)
    search.validate()
    page = db.paginate(queries.managed_stalls_query(edition, text=None if search.q.errors else search.q.data),
                       per_page=PAGE_SIZE, error_out=False)
    ids = [stall.id for stall in page.items]
    body = render_template("stalls/manage/stalls.html", edition=edition, search=search, page=page,
                           views=queries.view_counts(ids), leads=queries.lead_counts(ids), action_form=ActionForm(),
                           feature_form=FeatureForm(formdata=None), hide_form=HideForm(formdata=None),
                           form_error=str(error) if error else None)
    return body, error.status_code if error else 200


@bp.get("/e/<slug>/stalls")
def stalls(slug: str):
    return _stalls_page(slug)


def _invalid(form) -> DomainError:
    """A form that did not validate, as a refusal shown on top of the list (422)."""
    error = DomainError(" ".join(str(errors[0]) for errors in form.errors.values()))
    error.status_code = 422
    return error


def _back(slug: str):
    return redirect(url_for(".stalls", slug=slug, **request.args))


@bp.post("/e/<slug>/stalls/<int:stall_id>/feature")
def feature(slug: str, stall_id: int):
    stall = _managed_stall(slug, stall_id)
    form = FeatureForm()
    if not form.validate_on_submit():
        return _stalls_page(slug, _invalid(form))
    try:
        services.feature_stall(stall, position=form.position.data or 0)
    except DomainError as error:
        return _stalls_page(slug, error)
    flash(_("%(name)s is featured in the directory.", name=stall.name), "success")
    return _back(slug)


@bp.post("/e/<slug>/stalls/<int:stall_id>/unfeature")
def unfeature(slug: str, stall_id: int):
    stall = _managed_stall(slug, stall_id)
    if ActionForm().validate_on_submit():
        services.unfeature_stall(stall)
        flash(_("%(name)s is no longer featured.", name=stall.name), "info")
    return _back(slug)


@bp.post("/e/<slug>/stalls/<int:stall_id>/hide")
def hide(slug: str, stall_id: int):
    stall = _managed_stall(slug, stall_id)
    form = HideForm()
    if not form.validate_on_submit():
        return _stalls_page(slug, _invalid(form))
    try:
        services.hide_stall(stall, reason=form.reason.data)
    except DomainError as error:
        return _stalls_page(slug, error)
    flash(_("%(name)s is taken down. Its team sees your reason.", name=stall.name), "warning")
    return _back(slug)


@bp.post("/e/<slug>/stalls/<int:stall_id>/unhide")
def unhide(slug: str, stall_id: int):
    stall = _managed_stall(slug, stall_id)
    if ActionForm().validate_on_submit():
        services.unhide_stall(stall)
        flash(_("%(name)s is back online.", name=stall.name), "success")
    return _back(slug)
