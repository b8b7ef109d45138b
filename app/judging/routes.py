"""Judges' own pages: their assignments, their profile and conflicts, the score sheet, invitations."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.core.errors import DomainError
from app.core.forms import ActionForm, render_form
from app.core.permissions import public, require, signed_in
from app.extensions import db
from app.judging import permissions, queries, services
from app.judging.forms import ConflictSearchForm, DeclareConflictForm, JudgeProfileForm, score_form
from app.judging.models import Assignment, DeclaredConflict, Judge
from app.registrations.agenda import local_time
from app.teams.models import Organisation

bp = Blueprint("judging", __name__, url_prefix="/judge")


@bp.get("/")
@signed_in
def dashboard():
    return render_template("judging/dashboard.html", judgings=queries.judge_dashboard(current_user),
                           local_time=local_time)


# Invitations ---------------------------------------------------------------------------------

@bp.get("/invitations/<token>")
@public
def invitation(token: str):
    invitation = services.judge_invitation_for_token(token)
    return render_template("judging/invitation.html", invitation=invitation, token=token, action_form=ActionForm())


@bp.post("/invitations/<token>")
@signed_in
def accept_invitation(token: str):
    if not ActionForm().validate_on_submit():
        return redirect(url_for(".invitation", token=token))
    judge = services.accept_judge_invitation(token, current_user)
    flash(_("Welcome to the jury of %(competition)s. Please complete your profile and declare any conflict of "
            "interest.", competition=judge.competition.name), "success")
    return redirect(url_for(".profile", judge_id=judge.id))


# Profile and conflicts of interest ------------------------------------------------------------

def _own_judge(judge_id: int) -> Judge:
    judge = db.get_or_404(Judge, judge_id)
    require(permissions.can_edit_judge_profile(current_user, judge))
    return judge


def _profile_form(judge: Judge, **kwargs) -> JudgeProfileForm:
    return JudgeProfileForm(villages=judge.competition.edition.villages, data=dict(
        organisation_name=judge.organisation_name, title=judge.title, sectors=sorted(judge.sectors),
        village_ids=sorted(judge.village_ids)), **kwargs)


def _profile_page(judge: Judge, form: JudgeProfileForm, *, error: DomainError | None = None,
                  conflict_form: DeclareConflictForm | None = None, conflict_error: DomainError | None = None):
    search = ConflictSearchForm(request.args)
    search.validate()
    declared = {c.organisation_id for c in judge.conflicts}
    organisations = [o for o in queries.competition_organisations(judge.competition, search.q.data)
                     if o.id not in declared]
    response, status = render_form(
        "judging/profile.html", form, error=error, field=getattr(error, "field", None), judge=judge,
        search=search, organisations=organisations, conflict_form=conflict_form or DeclareConflictForm(formdata=None),
        conflict_error=conflict_error and str(conflict_error), action_form=ActionForm())
    return response, status if conflict_error is None else conflict_error.status_code


@bp.route("/profiles/<int:judge_id>", methods=["GET", "POST"])
@signed_in
def profile(judge_id: int):
    judge = _own_judge(judge_id)
    form = _profile_form(judge)
    if not form.validate_on_submit():
        return _profile_page(judge, form)
    try:
        services.update_judge_profile(judge, organisation_name=form.organisation_name.data, title=form.title.data,
                                      sectors=form.sectors.data, village_ids=form.village_ids.data)
    except DomainError as error:
        db.session.rollback()
        return _profile_page(judge, form, error=error)
    flash(_("Your judge profile has been saved."), "success")
    return redirect(url_for(".profile", judge_id=judge.id))


@bp.post("/profiles/<int:judge_id>/conflicts")
@signed_in
def declare_conflict(judge_id: int):
    judge = _own_judge(judge_id)
    form = DeclareConflictForm()
    if not form.validate_on_submit():
        abort(400)
    organisation = db.get_or_404(Organisation, form.organisation_id.data)
    try:
        services.declare_conflict(judge, organisation, reason=form.reason.data)
    except DomainError as error:
        db.session.rollback()
        return _profile_page(judge, _profile_form(judge, formdata=None), conflict_form=form, conflict_error=error)
    flash(_("Your conflict of interest with %(name)s has been recorded.", name=organisation.name), "success")
    return redirect(url_for(".profile", judge_id=judge.id, _anchor="conflicts"))


@bp.post("/profiles/<int:judge_id>/conflicts/<int:conflict_id>/withdraw")
@signed_in
def withdraw_conflict(judge_id: int, conflict_id: int):
    judge = _own_judge(judge_id)
    conflict = db.get_or_404(DeclaredConflict, conflict_id)
    if conflict.judge_id != judge.id:
        abort(404)
    if ActionForm().validate_on_submit():
        services.withdraw_conflict(judge, conflict)
        flash(_("The conflict of interest has been withdrawn."), "info")
    return redirect(url_for(".profile", judge_id=judge.id, _anchor="conflicts"))


# Scoring -------------------------------------------------------------------------------------

def _score_page(assignment: Assignment, form, error: DomainError | None = None):
    field = getattr(error, "field", None)
    return render_form("judging/score.html", form, error=error, field=field if field in form else None,
                       assignment=assignment, entry=assignment.entry, round=assignment.round,
                       blind=assignment.round.competition.blind_judging,
                       is_open=services.judging_is_open(assignment.round),
                       opens_later=services.judging_opens_later(assignment.round), local_time=local_time)


@bp.route("/assignments/<int:assignment_id>", methods=["GET", "POST"])
@signed_in
def score(assignment_id: int):
    assignment = queries.scoring_sheet(assignment_id) or abort(404)
    require(permissions.can_score(current_user, assignment))
    form = score_form(assignment.round.criteria, data=services.sheet_values(assignment))
    if not form.is_submitted():
        return _score_page(assignment, form)
    try:
        services.ensure_scoring_open(assignment.round)
        if not form.validate():
            return _score_page(assignment, form)
        services.save_score_sheet(assignment, points=form.points(), comment_for_team=form.comment_for_team.data,
                                  private_note=form.private_note.data, submit=form.submit.data, by=current_user)
    except DomainError as error:
        db.session.rollback()
        return _score_page(assignment, form, error)
    if form.submit.data:
        flash(_("Your scores for %(entry)s have been submitted. You can revise them until judging closes.",
                entry=assignment.entry.project_name), "success")
        return redirect(url_for(".dashboard"))
    flash(_("Draft saved."), "success")
    return redirect(url_for(".score", assignment_id=assignment.id))
