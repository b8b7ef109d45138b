"""Organiser pages: editions, their organisers, venues and rooms, villages, speakers and the agenda."""
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.models import RoleGrant, User
from app.core.errors import DomainError
from app.core.forms import ActionForm, render_form
from app.core.permissions import guard_blueprint, require
from app.core.uploads import InvalidUpload
from app.events import queries, services
from app.events.forms import (
    EditionForm, OrganiserForm, RoomForm, SessionForm, SpeakerForm, StatusForm, VenueForm, VillageForm,
)
from app.events.models import Edition, EditionStatus, Room, Session, Speaker, Venue, Village
from app.events.organiser_queries import agenda_by_day, edition_figures, edition_venues, organised_editions
from app.events.permissions import can_create_edition, can_manage_any_edition, can_manage_edition
from app.extensions import db

bp = Blueprint("events_manage", __name__, url_prefix="/manage")
guard_blueprint(bp, can_manage_any_edition, "organiser")


def managed_edition(slug: str) -> Edition:
    """The edition at ``slug`` if the current user organises it: 404 if unknown, 403 otherwise."""
    edition = db.first_or_404(db.select(Edition).where(Edition.slug == slug))
    require(can_manage_edition(current_user, edition))
    return edition


def _in_edition(model, object_id: int, edition: Edition):
    """A venue, room, village, speaker or session of ``edition``: 404 if it belongs to another one."""
    item = db.get_or_404(model, object_id)
    owner_id = item.venue.edition_id if isinstance(item, Room) else item.edition_id
    if owner_id != edition.id:
        abort(404)
    return item


def _refused(template: str, form, error: DomainError, *, upload_field: str | None = None, **context):
    """Show a service's refusal next to the field it names, with the typed values and its 4xx status."""
    db.session.rollback()
    field = getattr(error, "field", None) or (upload_field if isinstance(error, InvalidUpload) else None)
    return render_form(template, form, error=error, field=field if hasattr(form, field or "") else None, **context)


def _refused_action(template: str, error: DomainError, **context):
    """A refused button (delete, remove, status): the page again, the reason on top, the refusal's status."""
    db.session.rollback()
    return render_template(template, form_error=str(error), **context), error.status_code


# Editions ----------------------------------------------------------------------------------

@bp.get("/")
def index():
    return render_template("events/manage/index.html", summaries=organised_editions(current_user),
                           can_create=can_create_edition(current_user))


@bp.route("/editions/new", methods=["GET", "POST"])
def create_edition():
    require(can_create_edition(current_user))
    form = EditionForm()
    if not form.validate_on_submit():
        return render_form("events/manage/edition_form.html", form, edition=None)
    try:
        edition = services.create_edition(created_by=current_user, banner=form.banner.data, **form.edition_fields())
    except DomainError as error:
        return _refused("events/manage/edition_form.html", form, error, upload_field="banner", edition=None)
    flash(_("%(name)s has been created as a draft.", name=edition.name), "success")
    return redirect(url_for(".edition", slug=edition.slug))


@bp.get("/e/<slug>/")
def edition(slug: str):
    return _dashboard(managed_edition(slug))


def _dashboard(edition: Edition, error: DomainError | None = None):
    context = dict(edition=edition, figures=edition_figures(edition), status_form=StatusForm(),
                   next_statuses=services.next_statuses(edition))
    if error is not None:
        return _refused_action("events/manage/edition.html", error, **context)
    return render_template("events/manage/edition.html", **context)


@bp.route("/e/<slug>/edit", methods=["GET", "POST"])
def edit_edition(slug: str):
    edition = managed_edition(slug)
    form = EditionForm(obj=edition)
    if not form.validate_on_submit():
        return render_form("events/manage/edition_form.html", form, edition=edition)
    try:
        services.update_edition(edition, banner=form.banner.data, remove_banner=form.remove_banner.data,
                                **form.edition_fields())
    except DomainError as error:
        return _refused("events/manage/edition_form.html", form, error, upload_field="banner", edition=edition)
    flash(_("The edition has been saved."), "success")
    return redirect(url_for(".edition", slug=edition.slug))


@bp.post("/e/<slug>/status")
def set_status(slug: str):
    edition = managed_edition(slug)
    form = StatusForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        services.set_edition_status(edition, EditionStatus(form.status.data))
    except DomainError as error:
        return _dashboard(edition, error)
    flash(_("The edition is now: %(status)s.", status=edition.status_label), "success")
    return redirect(url_for(".edition", slug=slug))


# Organisers --------------------------------------------------------------------------------

def _organisers_page(edition: Edition, form: OrganiserForm, error: DomainError | None = None):
    if error is not None:
        db.session.rollback()
    return render_form("events/manage/organisers.html", form, error=error,
                       field=getattr(error, "field", None), edition=edition,
                       organisers=services.edition_organisers(edition), action_form=ActionForm())


@bp.get("/e/<slug>/organisers")
def organisers(slug: str):
    return _organisers_page(managed_edition(slug), OrganiserForm())


@bp.post("/e/<slug>/organisers")
def add_organiser(slug: str):
    edition = managed_edition(slug)
    form = OrganiserForm()
    if not form.validate_on_submit():
        return _organisers_page(edition, form)
    try:
        grant = services.add_edition_organiser(edition, email=form.email.data, granted_by=current_user)
    except DomainError as error:
        return _organisers_page(edition, form, error)
    flash(_("%(name)s is an organiser of this edition.", name=grant.user.name), "success")
    return redirect(url_for(".organisers", slug=slug))


@bp.post("/e/<slug>/organisers/<int:grant_id>/remove")
def remove_organiser(slug: str, grant_id: int):
    edition = managed_edition(slug)
    grant = db.get_or_404(RoleGrant, grant_id)
    if grant.edition_id != edition.id:
        abort(404)
    if ActionForm().validate_on_submit():
        name = grant.user.name
        try:
            services.remove_edition_organiser(edition, grant, removed_by=current_user)
        except DomainError as error:
            return _organisers_page(edition, OrganiserForm(formdata=None), error)
        flash(_("%(name)s no longer organises this edition.", name=name), "info")
    return redirect(url_for(".organisers", slug=slug))


# Venues and rooms --------------------------------------------------------------------------

def _venues_page(edition: Edition, error: DomainError | None = None):
    context = dict(edition=edition, venues=edition_venues(edition), action_form=ActionForm())
    if error is not None:
        return _refused_action("events/manage/venues.html", error, **context)
    return render_template("events/manage/venues.html", **context)


@bp.get("/e/<slug>/venues")
def venues(slug: str):
    return _venues_page(managed_edition(slug))


@bp.route("/e/<slug>/venues/new", methods=["GET", "POST"], defaults={"venue_id": None})
@bp.route("/e/<slug>/venues/<int:venue_id>/edit", methods=["GET", "POST"])
def venue_form(slug: str, venue_id: int | None):
    edition = managed_edition(slug)
    venue = _in_edition(Venue, venue_id, edition) if venue_id else None
    form = VenueForm(obj=venue)
    if not form.validate_on_submit():
        return render_form("events/manage/venue_form.html", form, edition=edition, venue=venue)
    services.save_venue(edition, venue, name=form.name.data, address=form.address.data, map_url=form.map_url.data)
    flash(_("The venue has been saved."), "success")
    return redirect(url_for(".venues", slug=slug))


@bp.post("/e/<slug>/venues/<int:venue_id>/delete")
def delete_venue(slug: str, venue_id: int):
    edition = managed_edition(slug)
    venue = _in_edition(Venue, venue_id, edition)
    if ActionForm().validate_on_submit():
        try:
            services.delete_venue(venue)
        except DomainError as error:
            return _venues_page(edition, error)
        flash(_("The venue has been deleted."), "info")
    return redirect(url_for(".venues", slug=slug))


@bp.route("/e/<slug>/venues/<int:venue_id>/rooms/new", methods=["GET", "POST"], defaults={"room_id": None})
@bp.route("/e/<slug>/venues/<int:venue_id>/rooms/<int:room_id>/edit", methods=["GET", "POST"])
def room_form(slug: str, venue_id: int, room_id: int | None):
    edition = managed_edition(slug)
    venue = _in_edition(Venue, venue_id, edition)
    room = _in_edition(Room, room_id, edition) if room_id else None
    if room is not None and room.venue_id != venue.id:
        abort(404)
    form = RoomForm(obj=room)
    if not form.validate_on_submit():
        return render_form("events/manage/room_form.html", form, edition=edition, venue=venue, room=room)
    try:
        services.save_room(venue, room, name=form.name.data, capacity=form.capacity.data)
    except DomainError as error:
        return _refused("events/manage/room_form.html", form, error, edition=edition, venue=venue, room=room)
    flash(_("The room has been saved."), "success")
    return redirect(url_for(".venues", slug=slug))


@bp.post("/e/<slug>/rooms/<int:room_id>/delete")
def delete_room(slug: str, room_id: int):
    edition = managed_edition(slug)
    room = _in_edition(Room, room_id, edition)
    if ActionForm().validate_on_submit():
        try:
            services.delete_room(room)
        except DomainError as error:
            return _venues_page(edition, error)
        flash(_("The room has been deleted."), "info")
    return redirect(url_for(".venues", slug=slug))


# Villages ----------------------------------------------------------------------------------

@bp.get("/e/<slug>/villages")
def villages(slug: str):
    edition = managed_edition(slug)
    return render_template("events/manage/villages.html", edition=edition, villages=queries.edition_villages(edition),
                           action_form=ActionForm())


@bp.route("/e/<slug>/villages/new", methods=["GET", "POST"], defaults={"village_id": None})
@bp.route("/e/<slug>/villages/<int:village_id>/edit", methods=["GET", "POST"])
def village_form(slug: str, village_id: int | None):
    edition = managed_edition(slug)
    village = _in_edition(Village, village_id, edition) if village_id else None
    form = VillageForm(obj=village, head_email=village.head.email if village and village.head else None,
                       co_head_email=village.co_head.email if village and village.co_head else None)
    if not form.validate_on_submit():
        return render_form("events/manage/village_form.html", form, edition=edition, village=village)
    try:
        services.save_village(edition, village, **form.village_fields())
    except DomainError as error:
        return _refused("events/manage/village_form.html", form, error, edition=edition, village=village)
    flash(_("The village has been saved."), "success")
    return redirect(url_for(".villages", slug=slug))


@bp.post("/e/<slug>/villages/<int:village_id>/delete")
def delete_village(slug: str, village_id: int):
    edition = managed_edition(slug)
    village = _in_edition(Village, village_id, edition)
    if ActionForm().validate_on_submit():
        services.delete_village(village)
        flash(_("The village has been deleted."), "info")
    return redirect(url_for(".villages", slug=slug))


# Speakers ----------------------------------------------------------------------------------

@bp.get("/e/<slug>/speakers")
def speakers(slug: str):
    edition = managed_edition(slug)
    return render_template("events/manage/speakers.html", edition=edition, action_form=ActionForm())


@bp.route("/e/<slug>/speakers/new", methods=["GET", "POST"], defaults={"speaker_id": None})
@bp.route("/e/<slug>/speakers/<int:speaker_id>/edit", methods=["GET", "POST"])
def speaker_form(slug: str, speaker_id: int | None):
    edition = managed_edition(slug)
    speaker = _in_edition(Speaker, speaker_id, edition) if speaker_id else None
    linked = db.session.get(User, speaker.user_id) if speaker and speaker.user_id else None
    form = SpeakerForm(obj=speaker, user_email=linked.email if linked else None)
    if not form.validate_on_submit():
        return render_form("events/manage/speaker_form.html", form, edition=edition, speaker=speaker)
    try:
        services.save_speaker(edition, speaker, photo=form.photo.data, **form.speaker_fields())
    except DomainError as error:
        return _refused("events/manage/speaker_form.html", form, error, upload_field="photo", edition=edition,
                        speaker=speaker)
    flash(_("The speaker has been saved."), "success")
    return redirect(url_for(".speakers", slug=slug))


@bp.post("/e/<slug>/speakers/<int:speaker_id>/delete")
def delete_speaker(slug: str, speaker_id: int):
    edition = managed_edition(slug)
    speaker = _in_edition(Speaker, speaker_id, edition)
    if ActionForm().validate_on_submit():
        services.delete_speaker(speaker)
        flash(_("The speaker has been deleted."), "info")
    return redirect(url_for(".speakers", slug=slug))


# Sessions ----------------------------------------------------------------------------------

@bp.get("/e/<slug>/sessions")
def sessions(slug: str):
    edition = managed_edition(slug)
    return render_template("events/manage/sessions.html", edition=edition, days=agenda_by_day(edition),
                           action_form=ActionForm())


def _session_form(edition: Edition, session: Session | None) -> SessionForm:
    choices = dict(rooms=[room for venue in edition_venues(edition) for room in venue.rooms],
                   villages=edition.villages, speakers=edition.speakers)
    return SessionForm(data=SessionForm.data_of(session) if session else None, **choices)


def _session_arguments(edition: Edition, form: SessionForm) -> dict:
    """The form's values for ``save_session``, times typed in the edition's timezone turned into UTC."""
    fields = form.session_fields()
    for name in SessionForm.LOCAL_TIMES:
        fields[name] = services.to_utc(edition, fields[name]) if fields[name] else None
    return fields


@bp.route("/e/<slug>/sessions/new", methods=["GET", "POST"], defaults={"session_id": None})
@bp.route("/e/<slug>/sessions/<int:session_id>/edit", methods=["GET", "POST"])
def session_form(slug: str, session_id: int | None):
    edition = managed_edition(slug)
    session = _in_edition(Session, session_id, edition) if session_id else None
    form = _session_form(edition, session)
    if not form.validate_on_submit():
        return render_form("events/manage/session_form.html", form, edition=edition, session=session)
    try:
        saved, warnings = services.save_session(edition, session, **_session_arguments(edition, form))
    except DomainError as error:
        return _refused("events/manage/session_form.html", form, error, edition=edition, session=session)
    for warning in warnings:
        flash(warning.message, "warning")
    flash(_("The session has been saved."), "success")
    return redirect(url_for(".sessions", slug=slug, _anchor=f"session-{saved.id}"))


@bp.post("/e/<slug>/sessions/<int:session_id>/cancel")
def cancel_session(slug: str, session_id: int):
    edition = managed_edition(slug)
    session = _in_edition(Session, session_id, edition)
    if ActionForm().validate_on_submit():
        services.cancel_session(session)
        flash(_("“%(title)s” has been cancelled and everyone registered has been told.", title=session.title),
              "info")
    return redirect(url_for(".sessions", slug=slug))
