"""Virtual stalls for visitors (directory, stall page, brochures) and for their owners (editing, analytics)."""
from __future__ import annotations

import re

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.core.errors import DomainError, NotAllowed
from app.core.forms import ActionForm, render_form
from app.core.permissions import public, require, signed_in
from app.core.time import utcnow
from app.events.models import Edition
from app.events.permissions import can_view_edition
from app.exhibition.queries.settings import exhibition_of, online_state
from app.extensions import db
from app.stalls import queries, services
from app.stalls.brochures import absolute_path
from app.stalls.forms import BrochureForm, DirectoryForm, OpenStallForm, ProductForm, StallForm
from app.stalls.models import Brochure, Product, ProductImage, Stall
from app.stalls.permissions import (can_edit_stall, can_open_stall, can_see_stall_analytics, can_see_stall_content,
                                    can_view_stall)
from app.stalls.video import provider, watch_url
from app.stalls.visits import is_bot, local_day, visitor_key
from app.teams.choices import SECTORS, STAGES
from app.teams.models import Organisation

bp = Blueprint("stalls", __name__)

DIRECTORY_PAGE_SIZE = 24


@bp.app_template_global()
def stall_video(stall: Stall) -> dict | None:
    """What the click-to-load video player needs: the embed address, the provider and its own page."""
    if not stall.video_url:
        return None
    return {"embed": stall.video_url, "provider": provider(stall.video_url), "watch": watch_url(stall.video_url)}


@bp.app_template_global()
def sector_label(key: str | None) -> str:
    return str(SECTORS.get(key, "")) if key else ""


@bp.app_template_global()
def stage_label(key: str | None) -> str:
    return str(STAGES.get(key, "")) if key else ""


def _visible_edition(slug: str) -> Edition:
    edition = db.first_or_404(db.select(Edition).where(Edition.slug == slug))
    if not can_view_edition(current_user, edition):
        abort(404)
    return edition


def _window(edition: Edition):
    """The exhibition settings (or None) and whether stalls are open: "open", "not_yet" or "closed"."""
    exhibition = exhibition_of(edition)
    return exhibition, exhibition.online_state(utcnow()) if exhibition else "open"


def visible_stall(slug: str, stall_id: int, *, with_content: bool = False) -> Stall:
    """The stall at this address if the reader may see it; 404 otherwise (hidden stalls, drafts, wrong edition)."""
    stall = queries.stall_with_content(stall_id) if with_content else db.session.get(Stall, stall_id)
    if stall is None or stall.edition.slug != slug or not can_view_stall(current_user, stall):
        abort(404)
    return stall


def owned_stall(stall_id: int, allowed=can_edit_stall) -> Stall:
    """A stall the current user runs (``allowed``: edits, reads leads, manages slots): 404 if unknown, 403 if not."""
    stall = db.get_or_404(Stall, stall_id)
    require(allowed(current_user, stall))
    return stall


# The services name a product's images "images"; the form's field for new ones is "new_images".
FORM_FIELDS = {"images": "new_images"}


def _refused(template: str, form, error: DomainError, **context):
    """A service's refusal next to the field it names, with the typed values and its 4xx status."""
    db.session.rollback()
    field = FORM_FIELDS.get(getattr(error, "field", None), getattr(error, "field", None))
    return render_form(template, form, error=error, field=field if field and hasattr(form, field) else None, **context)


# Visitors ------------------------------------------------------------------------------------

@bp.get("/e/<slug>/stalls")
@public
def directory(slug: str):
    edition = _visible_edition(slug)
    form = DirectoryForm(request.args, villages=edition.villages, provinces=queries.directory_provinces(edition))
    form.validate()
    page = db.paginate(queries.directory_query(edition, **form.filters()), per_page=DIRECTORY_PAGE_SIZE,
                       error_out=False)
    exhibition, state = _window(edition)
    return render_template("stalls/directory.html", edition=edition, form=form, page=page, state=state,
                           exhibition=exhibition, featured_strip=page.page == 1 and not form.is_filtered,
                           codes=queries.booth_codes(page.items))


@bp.get("/e/<slug>/stalls/<int:stall_id>")
@public
def stall(slug: str, stall_id: int):
    stall = visible_stall(slug, stall_id, with_content=True)
    exhibition, state = _window(stall.edition)
    show_content = can_see_stall_content(current_user, stall, state)
    page = render_template(
        "stalls/stall.html", stall=stall, exhibition=exhibition, state=state, show_content=show_content,
        can_edit=can_edit_stall(current_user, stall),
        booth_code=queries.booth_codes([stall]).get(stall.id))
    if show_content and _is_visitor(stall):
        _count_visit(stall)
    return page


def _is_visitor(stall: Stall) -> bool:
    """Views by the stall's team, the organisers and robots are not counted."""
    return not can_edit_stall(current_user, stall) and not is_bot(request.user_agent.string)


def _count_visit(stall: Stall) -> None:
    day = local_day(utcnow(), stall.edition.zone)
    user_id = current_user.id if current_user.is_authenticated else None
    key = visitor_key(current_app.config["SECRET_KEY"], day, user_id=user_id, ip=request.remote_addr,
                      user_agent=request.user_agent.string)
    services.record_visit(stall, day=day, visitor_key=key)


@bp.get("/e/<slug>/stalls/<int:stall_id>/brochures/<int:brochure_id>")
@public
def brochure(slug: str, stall_id: int, brochure_id: int):
    stall = visible_stall(slug, stall_id)
    brochure = db.get_or_404(Brochure, brochure_id)
    if brochure.stall_id != stall.id or not absolute_path(brochure.path).is_file():
        abort(404)
    if not can_see_stall_content(current_user, stall, online_state(stall.edition, utcnow())):
        raise NotAllowed(_l("Brochures can be downloaded while the stall is open."))
    if _is_visitor(stall):
        services.count_brochure_download(brochure)
    response = send_file(absolute_path(brochure.path), mimetype="application/pdf", as_attachment=True,
                         download_name=_download_name(brochure.title), max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def _download_name(title: str) -> str:
    """The brochure's title as a file name (Werkzeug adds an ASCII fallback for Vietnamese letters)."""
    name = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", title).strip(" .") or "brochure"
    return f"{name[:100]}.pdf"


# Owners: their stalls ------------------------------------------------------------------------

@bp.get("/me/stalls")
@signed_in
def my_stalls():
    return _my_stalls_page()


def _my_stalls_page(error: DomainError | None = None):
    openings = [(opening, OpenStallForm(formdata=None)) for opening in queries.stall_openings(current_user)]
    for opening, form in openings:
        form.organisation_id.choices = [(organisation.id, organisation.name) for organisation in opening.organisations]
    page = render_template("stalls/owner/my_stalls.html", stalls=queries.my_stalls(current_user), openings=openings,
                           form_error=str(error) if error else None)
    return page, error.status_code if error else 200


@bp.post("/e/<slug>/stalls/open")
@signed_in
def open_stall(slug: str):
    edition = _visible_edition(slug)
    form = OpenStallForm()
    if not form.validate_on_submit():
        abort(400)
    organisation = db.get_or_404(Organisation, form.organisation_id.data)
    require(can_open_stall(current_user, organisation))
    try:
        stall = services.open_stall(edition, organisation)
    except DomainError as error:
        db.session.rollback()
        return _my_stalls_page(error)
    flash(_("Your virtual stall is open. Tell visitors about your organisation and products."), "success")
    return redirect(url_for(".edit_stall", stall_id=stall.id))


@bp.route("/me/stalls/<int:stall_id>", methods=["GET", "POST"])
@signed_in
def edit_stall(stall_id: int):
    stall = owned_stall(stall_id)
    form = StallForm(obj=stall, villages=stall.edition.villages)
    context = dict(stall=stall, state=_window(stall.edition)[1])
    if not form.validate_on_submit():
        return render_form("stalls/owner/edit.html", form, **context)
    try:
        services.update_stall(stall, banner=form.banner.data, remove_banner=form.remove_banner.data,
                              logo=form.logo.data, remove_logo=form.remove_logo.data, **form.stall_fields())
    except DomainError as error:
        return _refused("stalls/owner/edit.html", form, error, **context)
    flash(_("Your stall has been saved."), "success")
    return redirect(url_for(".edit_stall", stall_id=stall.id))


# Owners: catalogue and brochures -------------------------------------------------------------

def _catalogue_page(stall: Stall, form: ProductForm, error: DomainError | None = None):
    context = dict(stall=stall, products=queries.catalogue(stall), action_form=ActionForm())
    if error is not None:
        return _refused("stalls/owner/products.html", form, error, **context)
    return render_form("stalls/owner/products.html", form, **context)


@bp.route("/me/stalls/<int:stall_id>/products", methods=["GET", "POST"])
@signed_in
def products(stall_id: int):
    stall = owned_stall(stall_id)
    form = ProductForm()
    if not form.validate_on_submit():
        return _catalogue_page(stall, form)
    try:
        product = services.add_product(stall, images=form.new_images.data, **form.product_fields())
    except DomainError as error:
        return _catalogue_page(stall, form, error)
    flash(_("%(name)s has been added to your catalogue.", name=product.name), "success")
    return redirect(url_for(".products", stall_id=stall.id))


def _product_of(stall_id: int, product_id: int) -> Product:
    product = db.get_or_404(Product, product_id)
    if product.stall_id != stall_id:
        abort(404)
    require(can_edit_stall(current_user, product.stall))
    return product


@bp.route("/me/stalls/<int:stall_id>/products/<int:product_id>", methods=["GET", "POST"])
@signed_in
def edit_product(stall_id: int, product_id: int):
    product = _product_of(stall_id, product_id)
    form = ProductForm(obj=product)
    context = dict(stall=product.stall, product=product, action_form=ActionForm())
    if not form.validate_on_submit():
        return render_form("stalls/owner/product.html", form, **context)
    try:
        services.update_product(product, images=form.new_images.data, **form.product_fields())
    except DomainError as error:
        return _refused("stalls/owner/product.html", form, error, **context)
    flash(_("The product has been saved."), "success")
    return redirect(url_for(".products", stall_id=stall_id))


@bp.post("/me/stalls/<int:stall_id>/products/<int:product_id>/delete")
@signed_in
def delete_product(stall_id: int, product_id: int):
    product = _product_of(stall_id, product_id)
    if ActionForm().validate_on_submit():
        services.delete_product(product)
        flash(_("The product has been removed from your catalogue."), "info")
    return redirect(url_for(".products", stall_id=stall_id))


@bp.post("/me/stalls/<int:stall_id>/products/<int:product_id>/images/<int:image_id>/delete")
@signed_in
def delete_product_image(stall_id: int, product_id: int, image_id: int):
    product = _product_of(stall_id, product_id)
    image = db.get_or_404(ProductImage, image_id)
    if image.product_id != product.id:
        abort(404)
    if ActionForm().validate_on_submit():
        services.delete_product_image(image)
        flash(_("The image has been removed."), "info")
    return redirect(url_for(".edit_product", stall_id=stall_id, product_id=product_id))


@bp.route("/me/stalls/<int:stall_id>/brochures", methods=["GET", "POST"])
@signed_in
def brochures(stall_id: int):
    stall = owned_stall(stall_id)
    form = BrochureForm()
    context = dict(stall=stall, action_form=ActionForm())
    if not form.validate_on_submit():
        return render_form("stalls/owner/brochures.html", form, **context)
    try:
        services.add_brochure(stall, title=form.title.data, file=form.file.data)
    except DomainError as error:
        return _refused("stalls/owner/brochures.html", form, error, **context)
    flash(_("The brochure has been uploaded."), "success")
    return redirect(url_for(".brochures", stall_id=stall.id))


@bp.post("/me/stalls/<int:stall_id>/brochures/<int:brochure_id>/delete")
@signed_in
def delete_brochure(stall_id: int, brochure_id: int):
    stall = owned_stall(stall_id)
    brochure = db.get_or_404(Brochure, brochure_id)
    if brochure.stall_id != stall.id:
        abort(404)
    if ActionForm().validate_on_submit():
        services.delete_brochure(brochure)
        flash(_("The brochure has been deleted."), "info")
    return redirect(url_for(".brochures", stall_id=stall.id))


# Owners and organisers: figures --------------------------------------------------------------

@bp.get("/me/stalls/<int:stall_id>/analytics")
@signed_in
def analytics(stall_id: int):
    stall = owned_stall(stall_id)
    exhibition = exhibition_of(stall.edition)
    allowed = can_see_stall_analytics(current_user, stall, exhibition)
    report = queries.stall_report(stall, exhibition, utcnow()) if allowed else None
    return render_template("stalls/owner/analytics.html", stall=stall, report=report)

