"""Participant pages of the competitions domain: the public competition page and the teams' entries."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.competitions import queries, services
from app.competitions.decks import absolute_path
from app.competitions.forms import EntryForm, RoundDeckForm
from app.competitions.models import Competition, Entry, EntryImage, EntryStatus
from app.competitions.permissions import can_edit_entry, can_read_entry_files, can_view_entry
from app.core.errors import DomainError
from app.core.forms import ActionForm, render_form
from app.core.permissions import public, require, signed_in
from app.core.time import utcnow
from app.events.routes import visible_edition
from app.extensions import db

bp = Blueprint("competitions", __name__)
bp.add_app_template_filter(queries.edition_time, "edition_time")


def visible_competition(slug: str, comp_slug: str) -> Competition:
    """A competition of an edition the reader may see; 404 otherwise (drafts stay hidden)."""
    competition = queries.competition_in(visible_edition(slug), comp_slug)
    if competition is None:
        abort(404)
    return competition


def team_entry(entry_id: int, *, edit: bool = False) -> Entry:
    """An entry its reader may see (its team, the organisers) or, with ``edit``, change (its team): 403 otherwise."""
    entry = queries.entry_details(entry_id)
    if entry is None:
        abort(404)
    require(can_edit_entry(current_user, entry) if edit else can_view_entry(current_user, entry))
    return entry


def _refused_entry_form(form: EntryForm, error: DomainError, **context):
    """The entry form again with the typed values, the refusal next to its field (or each missing one)."""
    db.session.rollback()
    if isinstance(error, services.IncompleteEntry):
        for name in error.missing:
            target = getattr(form, name, None)
            if target is not None:
                target.errors = [*target.errors, _("Fill this in to submit.")]
    field = {"images": "new_images"}.get(getattr(error, "field", None), getattr(error, "field", None))
    context["files_lost"] = bool(form.deck.data) or any(image and image.filename
                                                        for image in form.new_images.data or ())
    return render_form("competitions/entry_form.html", form, error=error,
                       field=field if field and hasattr(form, field) else None, **context)


# Public ------------------------------------------------------------------------------------

@bp.get("/e/<slug>/competitions/")
@public
def index(slug: str):
    edition = visible_edition(slug)
    return render_template("competitions/index.html", edition=edition,
                           competitions=queries.edition_competitions(edition))


@bp.get("/e/<slug>/competitions/<comp_slug>/", endpoint="competition")
@public
def competition_page(slug: str, comp_slug: str):
    competition = visible_competition(slug, comp_slug)
    free_teams, entries = queries.teams_free_to_enter(competition, current_user)
    window = queries.competition_window(competition)
    return render_template("competitions/competition.html", competition=competition, edition=competition.edition,
                           entries=entries, free_teams=free_teams, window=window, now=utcnow())


# Entering and editing ----------------------------------------------------------------------

@bp.route("/e/<slug>/competitions/<comp_slug>/enter", methods=["GET", "POST"])
@signed_in
def enter(slug: str, comp_slug: str):
    competition = visible_competition(slug, comp_slug)
    free_teams, entries = queries.teams_free_to_enter(competition, current_user)
    window = queries.competition_window(competition)
    context = dict(competition=competition, edition=competition.edition, entry=None, window=window)
    closed = window.has_closed(utcnow())
    if not free_teams or closed:
        return render_template("competitions/cannot_enter.html", entries=entries, closed=closed, **context)
    form = EntryForm(tracks=competition.tracks, teams=free_teams)
    if not form.validate_on_submit():
        return render_form("competitions/entry_form.html", form, **context)
    team = next(team for team in free_teams if team.id == form.organisation_id.data)
    try:
        entry = services.create_entry(competition, team, created_by=current_user, deck=form.deck.data,
                                      images=form.new_images.data, submit=form.wants_submit, **form.entry_fields())
    except DomainError as error:
        return _refused_entry_form(form, error, **context)
    flash(_("Your entry has been submitted. Every team member receives a receipt by email.") if form.wants_submit
          else _("Your draft has been saved. Submit it before the deadline."), "success")
    return redirect(url_for(".entry", entry_id=entry.id))


@bp.get("/me/entries")
@signed_in
def my_entries():
    return render_template("competitions/my_entries.html", entries=queries.user_entries(current_user))


@bp.get("/entries/<int:entry_id>")
@signed_in
def entry(entry_id: int):
    entry = team_entry(entry_id)
    return render_template("competitions/entry.html", **_entry_context(entry))


def _entry_context(entry: Entry) -> dict:
    competition = entry.competition
    return dict(entry=entry, competition=competition, edition=competition.edition, now=utcnow(),
                window=queries.entry_window(entry), can_edit=can_edit_entry(current_user, entry),
                missing=queries.missing_items(entry, has_tracks=bool(competition.tracks)),
                later=queries.later_participations(entry), action_form=ActionForm(),
                labels=queries.ENTRY_FIELD_LABELS)


@bp.route("/entries/<int:entry_id>/edit", methods=["GET", "POST"])
@signed_in
def edit_entry(entry_id: int):
    entry = team_entry(entry_id, edit=True)
    competition = entry.competition
    form = EntryForm(obj=entry, tracks=competition.tracks)
    context = dict(competition=competition, edition=competition.edition, entry=entry,
                   window=queries.entry_window(entry))
    if not form.validate_on_submit():
        return render_form("competitions/entry_form.html", form, **context)
    submitting = form.wants_submit or entry.status == EntryStatus.SUBMITTED
    try:
        services.update_entry(entry, deck=form.deck.data, images=form.new_images.data, submit=form.wants_submit,
                              **form.entry_fields())
    except DomainError as error:
        return _refused_entry_form(form, error, **context)
    flash(_("Your entry has been submitted. Every team member receives a receipt by email.") if submitting
          else _("Your draft has been saved. Submit it before the deadline."), "success")
    return redirect(url_for(".entry", entry_id=entry.id))


def _entry_action(entry_id: int, action, message: str):
    """A button on the entry page (submit, withdraw, remove an image): the page again with the reason if refused."""
    entry = team_entry(entry_id, edit=True)
    if ActionForm().validate_on_submit():
        try:
            action(entry)
        except DomainError as error:
            db.session.rollback()
            entry = team_entry(entry_id, edit=True)
            return render_template("competitions/entry.html", form_error=str(error),
                                   **_entry_context(entry)), error.status_code
        flash(message, "success")
    return redirect(url_for(".entry", entry_id=entry_id))


@bp.post("/entries/<int:entry_id>/submit")
@signed_in
def submit_entry(entry_id: int):
    return _entry_action(entry_id, services.submit_entry,
                         _("Your entry has been submitted. Every team member receives a receipt by email."))


@bp.post("/entries/<int:entry_id>/withdraw")
@signed_in
def withdraw_entry(entry_id: int):
    return _entry_action(entry_id, services.withdraw_entry,
                         _("Your entry has been withdrawn. You can submit it again until the deadline."))


@bp.post("/entries/<int:entry_id>/images/<int:image_id>/delete")
@signed_in
def delete_image(entry_id: int, image_id: int):
    image = db.get_or_404(EntryImage, image_id)
    if image.entry_id != entry_id:
        abort(404)
    return _entry_action(entry_id, lambda entry: services.delete_entry_image(entry, image),
                         _("The image has been removed."))


@bp.route("/entries/<int:entry_id>/rounds/<int:round_id>/material", methods=["GET", "POST"])
@signed_in
def round_material(entry_id: int, round_id: int):
    entry = team_entry(entry_id, edit=True)
    round_entry = _participation_or_404(entry, round_id)
    form = RoundDeckForm()
    context = dict(entry=entry, round_entry=round_entry, round=round_entry.round, competition=entry.competition,
                   edition=entry.competition.edition, window=queries.round_window(round_entry.round, round_entry))
    if not form.validate_on_submit():
        return render_form("competitions/round_material.html", form, **context)
    try:
        services.upload_round_deck(round_entry, form.deck.data, note=form.note.data)
    except DomainError as error:
        db.session.rollback()
        return render_form("competitions/round_material.html", form, error=error,
                           field="deck" if getattr(error, "field", None) == "deck" else None, **context)
    flash(_("Your updated deck has been received."), "success")
    return redirect(url_for(".entry", entry_id=entry.id))


def _participation_or_404(entry: Entry, round_id: int):
    round_entry = next((p for p in entry.participations if p.round_id == round_id), None)
    if round_entry is None:
        abort(404)
    return round_entry


# Files: the team, the organisers and the judges assigned to the entry --------------------------

def _send_private(relative_path: str | None, *, mimetype: str, download_name: str):
    if not relative_path or not absolute_path(relative_path).is_file():
        abort(404)
    # Shown in the browser's viewer (Content-Disposition: inline), never sniffed as anything else.
    response = send_file(absolute_path(relative_path), mimetype=mimetype, download_name=download_name,
                         as_attachment=False, max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _readable_entry(entry_id: int) -> Entry:
    entry = db.get_or_404(Entry, entry_id)
    require(can_read_entry_files(current_user, entry))
    return entry


@bp.get("/entries/<int:entry_id>/deck")
@signed_in
def entry_deck(entry_id: int):
    entry = _readable_entry(entry_id)
    return _send_private(entry.deck_path, mimetype="application/pdf", download_name=f"entry-{entry.id}-deck.pdf")


@bp.get("/entries/<int:entry_id>/rounds/<int:round_id>/deck")
@signed_in
def round_deck(entry_id: int, round_id: int):
    entry = _readable_entry(entry_id)
    round_entry = _participation_or_404(entry, round_id)
    return _send_private(round_entry.updated_deck_path, mimetype="application/pdf",
                         download_name=f"entry-{entry.id}-round-{round_entry.round.position}-deck.pdf")


@bp.get("/entries/<int:entry_id>/images/<int:image_id>")
@signed_in
def entry_image(entry_id: int, image_id: int):
    entry = _readable_entry(entry_id)
    image = db.get_or_404(EntryImage, image_id)
    if image.entry_id != entry.id:
        abort(404)
    return _send_private(image.path, mimetype="image/png", download_name=f"entry-{entry.id}-image-{image.id}.png")
