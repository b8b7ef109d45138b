"""Organiser pages of the competitions domain: setup (tracks, rounds, rubrics) and screening of entries."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.competitions import queries, services
from app.competitions.forms import (
    CompetitionForm, CriterionForm, DeadlineForm, EntryFilterForm, MoveForm, RoundForm, ScreeningForm, TrackForm,
)
from app.competitions.models import Competition, Criterion, Entry, Round, Track
from app.competitions.permissions import can_manage_competition
from app.core.errors import DomainError
from app.core.forms import ActionForm, render_form
from app.core.permissions import guard_blueprint, require
from app.core.time import utcnow
from app.events.manage import managed_edition
from app.events.permissions import can_manage_any_edition
from app.events.services import to_utc
from app.extensions import db

bp = Blueprint("competitions_manage", __name__, url_prefix="/manage")
guard_blueprint(bp, can_manage_any_edition, "organiser")

ENTRIES_PER_PAGE = 100
BASE = "/e/<slug>/competitions/<comp_slug>"


def managed_competition(slug: str, comp_slug: str) -> Competition:
    """A competition of an edition the current user organises: 404 if unknown, 403 if not theirs."""
    competition = queries.competition_in(managed_edition(slug), comp_slug)
    if competition is None:
        abort(404)
    require(can_manage_competition(current_user, competition))
    return competition


def _part_of(model, object_id: int, competition: Competition):
    """A track, round, criterion or entry of ``competition``: 404 if it belongs to another one."""
    item = db.get_or_404(model, object_id)
    owner_id = item.round.competition_id if isinstance(item, Criterion) else item.competition_id
    if owner_id != competition.id:
        abort(404)
    return item


def _refused(template: str, form, error: DomainError, **context):
    """A service's refusal next to the field it names, with the typed values and its 4xx status."""
    db.session.rollback()
    field = getattr(error, "field", None)
    return render_form(template, form, error=error, field=field if field and hasattr(form, field) else None,
                       **context)


def _local_to_utc(edition, fields: dict, names) -> dict:
    return {**fields, **{name: to_utc(edition, fields[name]) if fields[name] else None for name in names}}


# Competitions ------------------------------------------------------------------------------

@bp.get("/e/<slug>/competitions/")
def competitions(slug: str):
    edition = managed_edition(slug)
    items = queries.edition_competitions(edition)
    return render_template("competitions/manage/competitions.html", edition=edition, competitions=items,
                           counts=queries.competition_entry_counts([c.id for c in items]))


@bp.route("/e/<slug>/competitions/new", methods=["GET", "POST"], defaults={"comp_slug": None})
@bp.route(f"{BASE}/edit", methods=["GET", "POST"])
def competition_form(slug: str, comp_slug: str | None):
    competition = managed_competition(slug, comp_slug) if comp_slug else None
    edition = competition.edition if competition else managed_edition(slug)
    form = CompetitionForm(obj=competition)
    context = dict(edition=edition, competition=competition)
    if not form.validate_on_submit():
        return render_form("competitions/manage/competition_form.html", form, **context)
    try:
        saved = services.save_competition(edition, competition, **form.competition_fields())
    except DomainError as error:
        return _refused("competitions/manage/competition_form.html", form, error, **context)
    flash(_("The competition has been saved."), "success")
    return redirect(url_for(".competition", slug=slug, comp_slug=saved.slug))


@bp.get(f"{BASE}/")
def competition(slug: str, comp_slug: str):
    return _competition_page(managed_competition(slug, comp_slug))


def _competition_page(competition: Competition, error: DomainError | None = None):
    context = dict(edition=competition.edition, competition=competition, action_form=ActionForm(),
                   counts=queries.screening_counts(competition), now=utcnow(),
                   rubric_totals={r.id: services.rubric_total(r) for r in competition.rounds})
    if error is None:
        return render_template("competitions/manage/competition.html", **context)
    db.session.rollback()
    return render_template("competitions/manage/competition.html", form_error=str(error),
                           **context), error.status_code


# Tracks ------------------------------------------------------------------------------------

@bp.route(f"{BASE}/tracks/new", methods=["GET", "POST"], defaults={"track_id": None})
@bp.route(f"{BASE}/tracks/<int:track_id>/edit", methods=["GET", "POST"])
def track_form(slug: str, comp_slug: str, track_id: int | None):
    competition = managed_competition(slug, comp_slug)
    track = _part_of(Track, track_id, competition) if track_id else None
    form = TrackForm(obj=track, villages=competition.edition.villages)
    context = dict(edition=competition.edition, competition=competition, track=track)
    if not form.validate_on_submit():
        return render_form("competitions/manage/track_form.html", form, **context)
    try:
        services.save_track(competition, track, **form.track_fields())
    except DomainError as error:
        return _refused("competitions/manage/track_form.html", form, error, **context)
    flash(_("The track has been saved."), "success")
    return redirect(url_for(".competition", slug=slug, comp_slug=comp_slug))


@bp.post(f"{BASE}/tracks/<int:track_id>/delete")
def delete_track(slug: str, comp_slug: str, track_id: int):
    competition = managed_competition(slug, comp_slug)
    return _button(competition, lambda: services.delete_track(_part_of(Track, track_id, competition)),
                   _("The track has been deleted."))


def _button(competition: Competition, action, message: str):
    """A POST button of the competition page; a refusal shows the page again with the reason on top."""
    if ActionForm().validate_on_submit():
        try:
            action()
        except DomainError as error:
            return _competition_page(competition, error)
        flash(message, "info")
    return redirect(url_for(".competition", slug=competition.edition.slug, comp_slug=competition.slug))


# Rounds ------------------------------------------------------------------------------------

@bp.route(f"{BASE}/rounds/new", methods=["GET", "POST"], defaults={"round_id": None})
@bp.route(f"{BASE}/rounds/<int:round_id>/edit", methods=["GET", "POST"])
def round_form(slug: str, comp_slug: str, round_id: int | None):
    competition = managed_competition(slug, comp_slug)
    round_ = _part_of(Round, round_id, competition) if round_id else None
    form = RoundForm(data=RoundForm.data_of(round_) if round_ else None)
    context = dict(edition=competition.edition, competition=competition, round=round_)
    if not form.validate_on_submit():
        return render_form("competitions/manage/round_form.html", form, **context)
    fields = _local_to_utc(competition.edition, form.round_fields(), RoundForm.LOCAL_TIMES)
    try:
        services.save_round(competition, round_, **fields)
    except DomainError as error:
        return _refused("competitions/manage/round_form.html", form, error, **context)
    flash(_("The round has been saved."), "success")
    return redirect(url_for(".competition", slug=slug, comp_slug=comp_slug))


@bp.post(f"{BASE}/rounds/<int:round_id>/move")
def move_round(slug: str, comp_slug: str, round_id: int):
    competition = managed_competition(slug, comp_slug)
    round_ = _part_of(Round, round_id, competition)
    form = MoveForm()
    if not form.validate_on_submit():
        abort(400)
    return _button(competition, lambda: services.move_round(round_, up=form.direction.data == "up"),
                   _("The rounds have been reordered."))


@bp.post(f"{BASE}/rounds/<int:round_id>/delete")
def delete_round(slug: str, comp_slug: str, round_id: int):
    competition = managed_competition(slug, comp_slug)
    round_ = _part_of(Round, round_id, competition)
    return _button(competition, lambda: services.delete_round(round_), _("The round has been deleted."))


# Rubrics -----------------------------------------------------------------------------------

def _rubric_page(competition: Competition, round_: Round, error: DomainError | None = None):
    context = dict(edition=competition.edition, competition=competition, round=round_, action_form=ActionForm(),
                   total=services.rubric_total(round_), valid=services.rubric_is_valid(round_), now=utcnow(),
                   locked=queries.rubric_is_scored(round_))
    if error is None:
        return render_template("competitions/manage/rubric.html", **context)
    db.session.rollback()
    return render_template("competitions/manage/rubric.html", form_error=str(error), **context), error.status_code


@bp.get(f"{BASE}/rounds/<int:round_id>/rubric")
def rubric(slug: str, comp_slug: str, round_id: int):
    competition = managed_competition(slug, comp_slug)
    return _rubric_page(competition, _part_of(Round, round_id, competition))


def _rubric_button(competition: Competition, round_: Round, action, message: str, form=None):
    if (form or ActionForm()).validate_on_submit():
        try:
            action()
        except DomainError as error:
            return _rubric_page(competition, round_, error)
        flash(message, "info")
    return redirect(url_for(".rubric", slug=competition.edition.slug, comp_slug=competition.slug, round_id=round_.id))


@bp.route(f"{BASE}/rounds/<int:round_id>/criteria/new", methods=["GET", "POST"], defaults={"criterion_id": None})
@bp.route(f"{BASE}/rounds/<int:round_id>/criteria/<int:criterion_id>/edit", methods=["GET", "POST"])
def criterion_form(slug: str, comp_slug: str, round_id: int, criterion_id: int | None):
    competition = managed_competition(slug, comp_slug)
    round_ = _part_of(Round, round_id, competition)
    criterion = _part_of(Criterion, criterion_id, competition) if criterion_id else None
    if criterion is not None and criterion.round_id != round_.id:
        abort(404)
    form = CriterionForm(obj=criterion)
    context = dict(edition=competition.edition, competition=competition, round=round_, criterion=criterion,
                   total=services.rubric_total(round_))
    if not form.validate_on_submit():
        return render_form("competitions/manage/criterion_form.html", form, **context)
    try:
        services.save_criterion(round_, criterion, **form.criterion_fields())
    except DomainError as error:
        return _refused("competitions/manage/criterion_form.html", form, error, **context)
    flash(_("The criterion has been saved."), "success")
    return redirect(url_for(".rubric", slug=slug, comp_slug=comp_slug, round_id=round_.id))


@bp.post(f"{BASE}/rounds/<int:round_id>/criteria/<int:criterion_id>/delete")
def delete_criterion(slug: str, comp_slug: str, round_id: int, criterion_id: int):
    competition = managed_competition(slug, comp_slug)
    round_ = _part_of(Round, round_id, competition)
    criterion = _part_of(Criterion, criterion_id, competition)
    return _rubric_button(competition, round_, lambda: services.delete_criterion(criterion),
                          _("The criterion has been deleted."))


@bp.post(f"{BASE}/rounds/<int:round_id>/criteria/<int:criterion_id>/move")
def move_criterion(slug: str, comp_slug: str, round_id: int, criterion_id: int):
    competition = managed_competition(slug, comp_slug)
    round_ = _part_of(Round, round_id, competition)
    criterion = _part_of(Criterion, criterion_id, competition)
    form = MoveForm()
    return _rubric_button(competition, round_,
                          lambda: services.move_criterion(criterion, up=form.direction.data == "up"),
                          _("The rubric has been reordered."), form=form)


@bp.post(f"{BASE}/rounds/<int:round_id>/rubric/default")
def default_rubric(slug: str, comp_slug: str, round_id: int):
    competition = managed_competition(slug, comp_slug)
    round_ = _part_of(Round, round_id, competition)
    return _rubric_button(competition, round_, lambda: services.use_default_rubric(round_),
                          _("The rubric is now the default one: six criteria weighted 20/20/20/20/10/10."))


@bp.post(f"{BASE}/rounds/<int:round_id>/open-judging")
def open_judging(slug: str, comp_slug: str, round_id: int):
    competition = managed_competition(slug, comp_slug)
    round_ = _part_of(Round, round_id, competition)
    return _rubric_button(competition, round_, lambda: services.open_judging(round_), _("Judging is open."))


# Screening ---------------------------------------------------------------------------------

@bp.get(f"{BASE}/entries")
def entries(slug: str, comp_slug: str):
    competition = managed_competition(slug, comp_slug)
    form = EntryFilterForm(request.args, tracks=competition.tracks, provinces=queries.entry_provinces(competition))
    form.validate()
    completeness = form.chosen("completeness")
    filters = queries.EntryFilters(
        text=form.chosen("q"), status=form.chosen("status"), eligibility=form.chosen("eligibility"),
        track_id=form.chosen("track"), province_id=form.chosen("province"),
        complete=None if not completeness else completeness == "complete")
    page = db.paginate(queries.screening_query(competition, filters), per_page=ENTRIES_PER_PAGE, error_out=False)
    return render_template("competitions/manage/entries.html", edition=competition.edition, competition=competition,
                           form=form, page=page, counts=queries.screening_counts(competition),
                           has_tracks=bool(competition.tracks), labels=queries.ENTRY_FIELD_LABELS,
                           missing_of=lambda entry: queries.missing_items(entry, has_tracks=bool(competition.tracks)))


def _entry_page(competition: Competition, entry: Entry, *, screening_form=None, deadline_form=None,
                error: DomainError | None = None, form_name: str | None = None):
    entry = queries.entry_details(entry.id)
    screening_form = screening_form or ScreeningForm(
        formdata=None, decision=entry.eligibility if entry.eligibility != "pending" else None,
        reason=entry.ineligible_reason)
    deadline_form = deadline_form or DeadlineForm(formdata=None, rounds=competition.rounds)
    for form, name in ((screening_form, "screening"), (deadline_form, "deadline")):
        field = getattr(error, "field", None)
        if error is not None and form_name == name and field and hasattr(form, field):
            getattr(form, field).errors = [*getattr(form, field).errors, str(error)]
    status = error.status_code if error is not None else (
        422 if screening_form.errors or deadline_form.errors else 200)
    return render_template(
        "competitions/manage/entry.html", edition=competition.edition, competition=competition, entry=entry,
        screening_form=screening_form, deadline_form=deadline_form, labels=queries.ENTRY_FIELD_LABELS,
        missing=queries.missing_items(entry, has_tracks=bool(competition.tracks)),
        form_error=str(error) if error is not None and not getattr(error, "field", None) else None,
    ), status


@bp.get(f"{BASE}/entries/<int:entry_id>")
def entry(slug: str, comp_slug: str, entry_id: int):
    competition = managed_competition(slug, comp_slug)
    return _entry_page(competition, _part_of(Entry, entry_id, competition))


@bp.post(f"{BASE}/entries/<int:entry_id>/screening")
def screen_entry(slug: str, comp_slug: str, entry_id: int):
    competition = managed_competition(slug, comp_slug)
    entry = _part_of(Entry, entry_id, competition)
    form = ScreeningForm()
    if not form.validate_on_submit():
        return _entry_page(competition, entry, screening_form=form)
    try:
        services.decide_eligibility(entry, eligible=form.decision.data == "eligible", reason=form.reason.data)
    except DomainError as error:
        db.session.rollback()
        return _entry_page(competition, entry, screening_form=form, error=error, form_name="screening")
    flash(_("The decision has been saved and the team has been emailed."), "success")
    return redirect(url_for(".entry", slug=slug, comp_slug=comp_slug, entry_id=entry.id))


@bp.post(f"{BASE}/entries/<int:entry_id>/deadline")
def entry_deadline(slug: str, comp_slug: str, entry_id: int):
    competition = managed_competition(slug, comp_slug)
    entry = _part_of(Entry, entry_id, competition)
    form = DeadlineForm(rounds=competition.rounds)
    if not form.validate_on_submit():
        return _entry_page(competition, entry, deadline_form=form)
    round_ = _part_of(Round, form.round_id.data, competition)
    until = to_utc(competition.edition, form.until.data) if form.until.data else None
    try:
        services.set_entry_deadline(entry, round_, until=until)
    except DomainError as error:
        db.session.rollback()
        return _entry_page(competition, entry, deadline_form=form, error=error, form_name="deadline")
    flash(_("The entry's deadline has been saved.") if until else _("The entry's extension has been removed."),
          "success")
    return redirect(url_for(".entry", slug=slug, comp_slug=comp_slug, entry_id=entry.id))
