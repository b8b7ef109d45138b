"""Organiser pages of judging: the jury, the assignment of judges to entries, and scoring progress."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select

from app.competitions.models import Competition, Entry, Round
from app.competitions.permissions import can_manage_competition
from app.core.errors import DomainError
from app.core.forms import ActionForm, render_form
from app.core.permissions import guard_blueprint, require
from app.events.manage import managed_edition
from app.events.permissions import can_manage_any_edition
from app.extensions import db
from app.judging import queries, services
from app.judging.forms import AddJudgeForm, InviteJudgeForm, JudgeActiveForm, RemoveAssignmentForm
from app.judging.models import Assignment, Judge, JudgeInvitation
from app.registrations.agenda import local_time
from app.teams.choices import SECTORS

bp = Blueprint("judging_manage", __name__, url_prefix="/manage")
guard_blueprint(bp, can_manage_any_edition, "organiser")

COMPETITION = "/e/<slug>/competitions/<comp_slug>"
ROUND = COMPETITION + "/rounds/<int:round_id>"


def managed_competition(slug: str, comp_slug: str) -> Competition:
    """A competition of an edition the current user organises: 404 if unknown, 403 otherwise."""
    edition = managed_edition(slug)
    competition = db.first_or_404(select(Competition).where(Competition.edition_id == edition.id,
                                                            Competition.slug == comp_slug))
    require(can_manage_competition(current_user, competition))
    return competition


def managed_round(slug: str, comp_slug: str, round_id: int) -> Round:
    competition = managed_competition(slug, comp_slug)
    round_ = db.get_or_404(Round, round_id)
    if round_.competition_id != competition.id:
        abort(404)
    return round_


def _of_competition(model, object_id: int, competition: Competition):
    item = db.get_or_404(model, object_id)
    if item.competition_id != competition.id:
        abort(404)
    return item


@bp.get("/e/<slug>/judging")
def index(slug: str):
    edition = managed_edition(slug)
    return render_template("judging/manage/index.html", edition=edition,
                           competitions=queries.edition_competitions(edition))


# The jury ----------------------------------------------------------------------------------

def _judges_page(competition: Competition, form: InviteJudgeForm, error: DomainError | None = None):
    if error is not None:
        db.session.rollback()
    return render_form("judging/manage/judges.html", form, error=error, field="email" if error else None,
                       competition=competition, edition=competition.edition,
                       judges=queries.competition_judges(competition), loads=queries.judge_loads(competition),
                       invitations=queries.pending_invitations(competition), action_form=ActionForm(),
                       local_time=local_time, sectors=SECTORS,
                       villages={village.id: village.name for village in competition.edition.villages})


@bp.get(COMPETITION + "/judges")
def judges(slug: str, comp_slug: str):
    return _judges_page(managed_competition(slug, comp_slug), InviteJudgeForm())


@bp.post(COMPETITION + "/judges")
def invite(slug: str, comp_slug: str):
    competition = managed_competition(slug, comp_slug)
    form = InviteJudgeForm()
    if not form.validate_on_submit():
        return _judges_page(competition, form)
    try:
        services.invite_judge(competition, email=form.email.data, name=form.name.data, invited_by=current_user)
    except DomainError as error:
        return _judges_page(competition, form, error)
    flash(_("Invitation sent to %(email)s.", email=form.email.data), "success")
    return redirect(url_for(".judges", slug=slug, comp_slug=comp_slug))


@bp.post(COMPETITION + "/judges/invitations/<int:invitation_id>/revoke")
def revoke_invitation(slug: str, comp_slug: str, invitation_id: int):
    invitation = _of_competition(JudgeInvitation, invitation_id, managed_competition(slug, comp_slug))
    if ActionForm().validate_on_submit():
        services.revoke_judge_invitation(invitation)
        flash(_("The invitation has been withdrawn."), "info")
    return redirect(url_for(".judges", slug=slug, comp_slug=comp_slug))


@bp.post(COMPETITION + "/judges/<int:judge_id>/active")
def set_active(slug: str, comp_slug: str, judge_id: int):
    judge = _of_competition(Judge, judge_id, managed_competition(slug, comp_slug))
    form = JudgeActiveForm()
    if form.validate_on_submit():
        active = form.active.data == "1"
        services.set_judge_active(judge, active=active)
        flash(_("%(name)s judges again.", name=judge.user.name) if active else
              _("%(name)s no longer judges. Reassign their entries on each round's assignment page.",
                name=judge.user.name), "info")
    return redirect(url_for(".judges", slug=slug, comp_slug=comp_slug))


# Assignment --------------------------------------------------------------------------------

def _assignment_page(round_: Round, *, add_form: AddJudgeForm | None = None, error: DomainError | None = None):
    overview = queries.assignment_overview(round_)
    add_form = add_form or AddJudgeForm(formdata=None, entries=overview.inputs.entries, judges=overview.inputs.judges)
    if error is not None:
        db.session.rollback()
    response, status = render_form(
        "judging/manage/assignment.html", add_form, error=error, round=round_, competition=round_.competition,
        edition=round_.competition.edition, overview=overview, action_form=ActionForm(),
        remove_form=RemoveAssignmentForm(formdata=None), refused_entries=getattr(error, "entries", []))
    return response, status


@bp.get(ROUND + "/assignment")
def assignment(slug: str, comp_slug: str, round_id: int):
    return _assignment_page(managed_round(slug, comp_slug, round_id))


@bp.post(ROUND + "/assignment/run")
def run_assignment(slug: str, comp_slug: str, round_id: int):
    round_ = managed_round(slug, comp_slug, round_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        services.assign_judges(round_)
    except DomainError as error:
        return _assignment_page(round_, error=error)
    flash(_("Judges have been assigned to every entry of the round."), "success")
    return redirect(url_for(".assignment", slug=slug, comp_slug=comp_slug, round_id=round_id))


@bp.post(ROUND + "/assignment/add")
def add_judge(slug: str, comp_slug: str, round_id: int):
    round_ = managed_round(slug, comp_slug, round_id)
    inputs = queries.assignment_inputs(round_)
    form = AddJudgeForm(entries=inputs.entries, judges=inputs.judges)
    if not form.validate_on_submit():
        return _assignment_page(round_, add_form=form)
    try:
        services.add_judge_to_entry(round_, judge=db.session.get(Judge, form.judge_id.data),
                                    entry=db.session.get(Entry, form.entry_id.data))
    except DomainError as error:
        return _assignment_page(round_, add_form=form, error=error)
    flash(_("The judge has been added."), "success")
    return redirect(url_for(".assignment", slug=slug, comp_slug=comp_slug, round_id=round_id))


@bp.post(ROUND + "/assignment/<int:assignment_id>/remove")
def remove_assignment(slug: str, comp_slug: str, round_id: int, assignment_id: int):
    round_ = managed_round(slug, comp_slug, round_id)
    assignment = db.get_or_404(Assignment, assignment_id)
    if assignment.round_id != round_.id:
        abort(404)
    form = RemoveAssignmentForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        services.remove_assignment(assignment, confirmed=form.confirm.data, by=current_user)
    except DomainError as error:
        return _assignment_page(round_, error=error)
    flash(_("The judge has been taken off the entry."), "info")
    return redirect(url_for(".assignment", slug=slug, comp_slug=comp_slug, round_id=round_id))


@bp.post(ROUND + "/assignment/judges/<int:judge_id>/replace")
def replace_judge(slug: str, comp_slug: str, round_id: int, judge_id: int):
    round_ = managed_round(slug, comp_slug, round_id)
    judge = _of_competition(Judge, judge_id, round_.competition)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        moved = services.replace_dropped_judge(round_, judge)
    except DomainError as error:
        return _assignment_page(round_, error=error)
    flash(ngettext("%(name)s has dropped out; %(num)d entry was given to another judge.",
                   "%(name)s has dropped out; %(num)d entries were given to other judges.", moved,
                   name=judge.user.name), "info")
    return redirect(url_for(".assignment", slug=slug, comp_slug=comp_slug, round_id=round_id))


# Progress ----------------------------------------------------------------------------------

def _progress_page(round_: Round, error: DomainError | None = None):
    if error is not None:
        db.session.rollback()
    return render_form("judging/manage/progress.html", ActionForm(formdata=None), error=error, round=round_,
                       competition=round_.competition, edition=round_.competition.edition,
                       progress=queries.round_progress(round_), local_time=local_time,
                       is_open=services.judging_is_open(round_))


@bp.get(ROUND + "/progress")
def progress(slug: str, comp_slug: str, round_id: int):
    return _progress_page(managed_round(slug, comp_slug, round_id))


@bp.post(ROUND + "/progress/remind")
def remind(slug: str, comp_slug: str, round_id: int):
    round_ = managed_round(slug, comp_slug, round_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        count = services.remind_late_judges(round_)
    except DomainError as error:
        return _progress_page(round_, error)
    message = (ngettext("A reminder was sent to %(num)d judge.", "Reminders were sent to %(num)d judges.", count)
               if count else _("Every judge has submitted: nobody to remind."))
    flash(message, "success")
    return redirect(url_for(".progress", slug=slug, comp_slug=comp_slug, round_id=round_id))
