"""Organiser pages for results: rankings, advancement, publication, the live final's controls, awards, exports."""
from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select

from app.competitions.models import Award, Competition, Round
from app.core.forms import ActionForm, render_form
from app.core.permissions import guard_blueprint, require
from app.events.manage import managed_edition
from app.events.permissions import can_manage_any_edition
from app.extensions import db
from app.results import exports, queries, services
from app.results.forms import (
    AdvanceSelectedForm, AdvanceTopForm, AwardForm, PitchOrderForm, PublishForm, RankingMethodForm, RevealForm,
    TrackFilterForm,
)
from app.results.permissions import can_manage_results

bp = Blueprint("results_manage", __name__, url_prefix="/manage")
guard_blueprint(bp, can_manage_any_edition, "organiser")

COMPETITION = "/e/<slug>/competitions/<comp_slug>"
ROUND = COMPETITION + "/rounds/<int:round_id>"


def managed_competition(slug: str, comp_slug: str) -> Competition:
    """A competition of an edition the current user organises: 404 if unknown, 403 if not theirs."""
    edition = managed_edition(slug)
    return db.first_or_404(select(Competition).where(Competition.edition_id == edition.id,
                                                     Competition.slug == comp_slug))


def managed_round(slug: str, comp_slug: str, round_id: int) -> Round:
    """A round of that competition: 404 if it belongs to another one."""
    competition = managed_competition(slug, comp_slug)
    round_ = db.get_or_404(Round, round_id)
    if round_.competition_id != competition.id:
        abort(404)
    require(can_manage_results(current_user, round_))
    return round_


def _round_url(round_: Round, endpoint: str = ".round_results", **values) -> str:
    competition = round_.competition
    return url_for(endpoint, slug=competition.edition.slug, comp_slug=competition.slug, round_id=round_.id, **values)


# Overview ------------------------------------------------------------------------------------

@bp.get(COMPETITION + "/results")
def competition(slug: str, comp_slug: str):
    competition = managed_competition(slug, comp_slug)
    return render_template("results/manage/competition.html", competition=competition, edition=competition.edition,
                           rounds=queries.competition_rounds(competition))


# The results of a round -----------------------------------------------------------------------

@bp.get(ROUND + "/results")
def round_results(slug: str, comp_slug: str, round_id: int):
    return _results_page(managed_round(slug, comp_slug, round_id))


def _results_page(round_: Round, *, error: services.ResultsError | None = None, failed: str | None = None,
                  **given):
    """The results page; a refused action shows its message next to the field of the form that failed."""
    if error is not None:
        db.session.rollback()
    standings = queries.round_standings(round_)
    tracks = queries.competition_tracks(round_.competition)
    track_filter = TrackFilterForm(request.args, tracks=tracks)
    track_id = track_filter.track.data if track_filter.validate() else None
    forms = {**_fresh_forms(round_, [row.entry for row in standings.rows]), **given}
    context = dict(round_=round_, competition=round_.competition, edition=round_.competition.edition,
                   standings=standings, tracks={track.id: track for track in tracks}, track_filter=track_filter,
                   rows=standings.rows if track_id is None else standings.for_track(track_id), track_id=track_id,
                   progress=queries.judging_progress(round_.id), following=queries.next_round(round_),
                   reading=queries.agreement_reading(standings.alpha), form_error=None,
                   tie_criterion=_tie_criterion(round_), tie_labels=queries.TIE_STEP_LABELS,
                   flag_threshold=queries.FLAG_THRESHOLD, **forms)
    if error is None:
        return render_template("results/manage/round.html", **context)
    target = getattr(forms[failed], error.field, None) if error.field else None
    if target is not None:
        target.errors = list(target.errors) + [str(error)]
    else:
        context["form_error"] = str(error)
    return render_template("results/manage/round.html", **context), error.status_code


def _fresh_forms(round_: Round, lines: list[queries.EntryLine]) -> dict:
    """The page's forms filled from the round (``formdata=None``: a POST to one form leaves the others alone)."""
    return {
        "method_form": RankingMethodForm(formdata=None, method=round_.ranking_method),
        "top_form": AdvanceTopForm(formdata=None, count=round_.advance_count, per_track=round_.advance_per_track),
        "selected_form": AdvanceSelectedForm(formdata=None, entries=[line for line in lines if line.can_advance],
                                             entry_ids=[line.id for line in lines if line.outcome == "advanced"]),
        "publish_form": PublishForm(formdata=None),
    }


def _tie_criterion(round_: Round):
    position = round_.competition.tie_break_criterion_position
    return next((c for c in round_.criteria if c.position == position), None) if position is not None else None


@bp.post(ROUND + "/results/method")
def set_ranking_method(slug: str, comp_slug: str, round_id: int):
    round_ = managed_round(slug, comp_slug, round_id)
    form = RankingMethodForm()
    if not form.validate_on_submit():
        return _results_page(round_, method_form=form), 422
    try:
        services.set_ranking_method(round_, form.method.data)
    except services.ResultsError as error:
        return _results_page(round_, error=error, failed="method_form", method_form=form)
    flash(_("The round is now ranked by: %(method)s.", method=dict(form.method.choices)[form.method.data]), "success")
    return redirect(_round_url(round_))


@bp.post(ROUND + "/results/advance-top")
def advance_top(slug: str, comp_slug: str, round_id: int):
    round_ = managed_round(slug, comp_slug, round_id)
    form = AdvanceTopForm()
    if not form.validate_on_submit():
        return _results_page(round_, top_form=form), 422
    try:
        chosen = services.advance_top(round_, count=form.count.data, per_track=form.per_track.data,
                                      confirm_incomplete=form.confirm_incomplete.data)
    except services.ResultsError as error:
        return _results_page(round_, error=error, failed="top_form", top_form=form)
    flash(ngettext("%(num)d entry advances.", "%(num)d entries advance.", len(chosen)), "success")
    return redirect(_round_url(round_))


@bp.post(ROUND + "/results/advance-selected")
def advance_selected(slug: str, comp_slug: str, round_id: int):
    round_ = managed_round(slug, comp_slug, round_id)
    form = AdvanceSelectedForm(entries=[line for line in queries.round_entry_lines(round_) if line.can_advance])
    if not form.validate_on_submit():
        return _results_page(round_, selected_form=form), 422
    try:
        chosen = services.advance_selected(round_, form.entry_ids.data,
                                           confirm_incomplete=form.confirm_incomplete.data)
    except services.ResultsError as error:
        return _results_page(round_, error=error, failed="selected_form", selected_form=form)
    flash(ngettext("%(num)d entry advances.", "%(num)d entries advance.", len(chosen)), "success")
    return redirect(_round_url(round_))


@bp.post(ROUND + "/results/publish")
def publish(slug: str, comp_slug: str, round_id: int):
    round_ = managed_round(slug, comp_slug, round_id)
    form = PublishForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        queued = services.publish_results(round_, confirm_incomplete=form.confirm_incomplete.data)
    except services.ResultsError as error:
        return _results_page(round_, error=error, failed="publish_form", publish_form=form)
    flash(ngettext("The results are published; %(num)d email is on its way.",
                   "The results are published; %(num)d emails are on their way.", queued), "success")
    return redirect(_round_url(round_))


@bp.get(ROUND + "/results/<any(scores, rankings):table>.<any(csv, xlsx):kind>")
def export_round(slug: str, comp_slug: str, round_id: int, table: str, kind: str):
    round_ = managed_round(slug, comp_slug, round_id)
    if table == "scores":
        header, rows = exports.scores_table(round_, include_private_notes=True)
    else:
        tracks = {track.id: track for track in queries.competition_tracks(round_.competition)}
        header, rows = exports.rankings_table(round_, queries.round_standings(round_, with_judges=False), tracks)
    return _download(header, rows, kind, title=round_.name,
                     filename=f"{round_.competition.slug}-round-{round_.position}-{table}.{kind}")


@bp.get(COMPETITION + "/entries.<any(csv, xlsx):kind>")
def export_entries(slug: str, comp_slug: str, kind: str):
    competition = managed_competition(slug, comp_slug)
    header, rows = exports.entries_table(competition)
    return _download(header, rows, kind, title=competition.name, filename=f"{competition.slug}-entries.{kind}")


def _download(header, rows, kind: str, *, title: str, filename: str) -> Response:
    if kind == "csv":
        response = Response(exports.to_csv(header, rows), content_type=exports.CSV_TYPE)
    else:
        response = Response(exports.to_xlsx(header, rows, title=title), content_type=exports.XLSX_TYPE)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# The live final --------------------------------------------------------------------------------

@bp.get(ROUND + "/live-control")
def live_control(slug: str, comp_slug: str, round_id: int):
    return _live_control_page(managed_round(slug, comp_slug, round_id))


def _live_control_page(round_: Round, form: PitchOrderForm | None = None, error: services.ResultsError | None = None):
    if error is not None:
        db.session.rollback()
    finalists = queries.finalists(round_)
    if form is None:
        form = PitchOrderForm(data={"slots": [{"place_id": f.round_entry_id, "order": f.pitch_order}
                                              for f in finalists]})
    return render_form("results/manage/live_control.html", form, error=error, round_=round_,
                       competition=round_.competition, edition=round_.competition.edition, finalists=finalists,
                       names={f.round_entry_id: f for f in finalists}, reveal_form=RevealForm(formdata=None))


@bp.post(ROUND + "/live-control/reveal")
def reveal(slug: str, comp_slug: str, round_id: int):
    round_ = managed_round(slug, comp_slug, round_id)
    form = RevealForm()
    if not form.validate_on_submit():
        abort(400)
    services.reveal_standings(round_, revealed=form.revealed.data == "1")
    flash(_("The standings are on the big screen.") if round_.standings_revealed
          else _("The standings are hidden from the big screen."), "success")
    return redirect(_round_url(round_, ".live_control"))


@bp.post(ROUND + "/live-control/pitch-order")
def pitch_order(slug: str, comp_slug: str, round_id: int):
    round_ = managed_round(slug, comp_slug, round_id)
    form = PitchOrderForm()
    if not form.validate_on_submit():
        return _live_control_page(round_, form)
    try:
        services.set_pitch_order(round_, form.orders())
    except services.ResultsError as error:
        return _live_control_page(round_, form, error)
    flash(_("The pitch order has been saved."), "success")
    return redirect(_round_url(round_, ".live_control"))


# Awards ----------------------------------------------------------------------------------------

def _award_form(competition: Competition, **kwargs) -> AwardForm:
    return AwardForm(entries=queries.award_entry_choices(competition), tracks=queries.competition_tracks(competition),
                     villages=competition.edition.villages, **kwargs)


def _awards_page(competition: Competition, form: AwardForm, error: services.ResultsError | None = None):
    if error is not None:
        db.session.rollback()
    return render_form("results/manage/awards.html", form, error=error, field=error.field if error else None,
                       competition=competition, edition=competition.edition,
                       awards=queries.competition_awards(competition), delete_form=ActionForm())


@bp.route(COMPETITION + "/awards", methods=["GET", "POST"])
def awards(slug: str, comp_slug: str):
    competition = managed_competition(slug, comp_slug)
    form = _award_form(competition)
    if not form.validate_on_submit():
        return _awards_page(competition, form)
    try:
        award = services.create_award(competition, **form.award_fields())
    except services.ResultsError as error:
        return _awards_page(competition, form, error)
    flash(_("The award “%(title)s” has been recorded.", title=award.title), "success")
    return redirect(url_for(".awards", slug=slug, comp_slug=comp_slug))


def _managed_award(competition: Competition, award_id: int) -> Award:
    award = db.get_or_404(Award, award_id)
    if award.competition_id != competition.id:
        abort(404)
    return award


@bp.route(COMPETITION + "/awards/<int:award_id>/edit", methods=["GET", "POST"])
def edit_award(slug: str, comp_slug: str, award_id: int):
    competition = managed_competition(slug, comp_slug)
    award = _managed_award(competition, award_id)
    form = _award_form(competition, obj=award)
    if not form.validate_on_submit():
        return render_form("results/manage/award_form.html", form, competition=competition,
                           edition=competition.edition, award=award)
    try:
        services.update_award(award, **form.award_fields())
    except services.ResultsError as error:
        db.session.rollback()
        return render_form("results/manage/award_form.html", form, error=error, field=error.field,
                           competition=competition, edition=competition.edition, award=award)
    flash(_("The award has been saved."), "success")
    return redirect(url_for(".awards", slug=slug, comp_slug=comp_slug))


@bp.post(COMPETITION + "/awards/<int:award_id>/delete")
def delete_award(slug: str, comp_slug: str, award_id: int):
    competition = managed_competition(slug, comp_slug)
    award = _managed_award(competition, award_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    services.delete_award(award)
    flash(_("The award has been removed."), "success")
    return redirect(url_for(".awards", slug=slug, comp_slug=comp_slug))
