"""Startup and organisation profiles, teams and invitations."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.core.errors import DomainError
from app.core.forms import ActionForm, render_form
from app.core.permissions import public, require, signed_in
from app.extensions import db
from app.teams import permissions, services
from app.teams.forms import DirectoryForm, InviteForm, OrganisationForm, TransferForm
from app.teams.models import Invitation, Membership, Organisation

bp = Blueprint("teams", __name__, url_prefix="/teams")


@bp.get("/")
@public
def directory():
    form = DirectoryForm(request.args)
    form.validate()
    page = db.paginate(services.organisations_query(text=form.q.data, kind=form.kind.data),
                       per_page=24, error_out=False)
    return render_template("teams/directory.html", form=form, page=page)


@bp.get("/mine")
@signed_in
def mine():
    return render_template("teams/mine.html", memberships=current_user.memberships)


@bp.route("/new", methods=["GET", "POST"])
@signed_in
def create():
    require(permissions.can_create_organisation(current_user))
    form = OrganisationForm(provinces=services.provinces())
    if not form.validate_on_submit():
        return render_form("teams/edit.html", form, organisation=None)
    try:
        organisation = services.create_organisation(current_user, name=form.name.data, logo=form.logo.data,
                                                    **form.profile_fields())
    except DomainError as error:
        return render_form("teams/edit.html", form, error=error, field="logo", organisation=None)
    flash(_("%(name)s has been created. Invite your team members.", name=organisation.name), "success")
    return redirect(url_for(".show", organisation_id=organisation.id))


@bp.get("/<int:organisation_id>")
@public
def show(organisation_id: int):
    return _profile_page(db.get_or_404(Organisation, organisation_id))


@bp.route("/<int:organisation_id>/edit", methods=["GET", "POST"])
@signed_in
def edit(organisation_id: int):
    organisation = db.get_or_404(Organisation, organisation_id)
    require(permissions.can_edit_organisation(current_user, organisation))
    form = OrganisationForm(obj=organisation, provinces=services.provinces())
    if not form.validate_on_submit():
        return render_form("teams/edit.html", form, organisation=organisation)
    try:
        services.update_organisation(organisation, name=form.name.data, logo=form.logo.data,
                                     remove_logo=form.remove_logo.data, **form.profile_fields())
    except DomainError as error:
        db.session.rollback()
        return render_form("teams/edit.html", form, error=error, field="logo", organisation=organisation)
    flash(_("The profile has been saved."), "success")
    return redirect(url_for(".show", organisation_id=organisation.id))


@bp.post("/<int:organisation_id>/invitations")
@signed_in
def invite(organisation_id: int):
    organisation = db.get_or_404(Organisation, organisation_id)
    require(permissions.can_manage_members(current_user, organisation))
    form = InviteForm()
    if not form.validate_on_submit():
        return _profile_page(organisation, invite_form=form, status=422)
    try:
        services.invite_member(organisation, email=form.email.data, invited_by=current_user)
    except DomainError as error:
        form.email.errors.append(str(error))
        return _profile_page(organisation, invite_form=form, status=error.status_code)
    flash(_("Invitation sent to %(email)s.", email=form.email.data), "success")
    return redirect(url_for(".show", organisation_id=organisation.id))


@bp.post("/<int:organisation_id>/invitations/<int:invitation_id>/revoke")
@signed_in
def revoke_invitation(organisation_id: int, invitation_id: int):
    invitation = db.get_or_404(Invitation, invitation_id)
    require(invitation.organisation_id == organisation_id
            and permissions.can_manage_members(current_user, invitation.organisation))
    if ActionForm().validate_on_submit():
        services.revoke_invitation(invitation)
        flash(_("The invitation has been withdrawn."), "info")
    return redirect(url_for(".show", organisation_id=organisation_id))


@bp.post("/<int:organisation_id>/members/<int:membership_id>/remove")
@signed_in
def remove_member(organisation_id: int, membership_id: int):
    membership = db.get_or_404(Membership, membership_id)
    require(membership.organisation_id == organisation_id
            and permissions.can_manage_members(current_user, membership.organisation))
    if ActionForm().validate_on_submit():
        services.remove_member(membership.organisation, membership)
        flash(_("The member has been removed from the team."), "info")
    return redirect(url_for(".show", organisation_id=organisation_id))


@bp.post("/<int:organisation_id>/transfer")
@signed_in
def transfer(organisation_id: int):
    organisation = db.get_or_404(Organisation, organisation_id)
    require(permissions.can_manage_members(current_user, organisation))
    form = _transfer_form(organisation)
    if form.validate_on_submit():
        services.transfer_ownership(organisation, db.get_or_404(Membership, form.membership_id.data))
        flash(_("Ownership has been transferred."), "success")
    else:
        flash(_("Choose a member of the team."), "danger")
    return redirect(url_for(".show", organisation_id=organisation.id))


@bp.post("/<int:organisation_id>/leave")
@signed_in
def leave(organisation_id: int):
    organisation = db.get_or_404(Organisation, organisation_id)
    require(permissions.is_member(current_user, organisation))
    if ActionForm().validate_on_submit():
        services.leave_organisation(organisation, current_user)
        flash(_("You have left %(team)s.", team=organisation.name), "info")
    return redirect(url_for(".mine"))


@bp.get("/join/<token>")
@public
def invitation(token: str):
    invitation = services.invitation_for_token(token)
    return render_template("teams/invitation.html", invitation=invitation, token=token, action_form=ActionForm())


@bp.post("/join/<token>")
@signed_in
def accept_invitation(token: str):
    if not ActionForm().validate_on_submit():
        return redirect(url_for(".invitation", token=token))
    membership = services.accept_invitation(token, current_user)
    flash(_("Welcome to %(team)s!", team=membership.organisation.name), "success")
    return redirect(url_for(".show", organisation_id=membership.organisation_id))


def _transfer_form(organisation: Organisation) -> TransferForm:
    form = TransferForm()
    form.membership_id.choices = [(m.id, m.user.name) for m in organisation.memberships if not m.is_owner]
    return form


def _profile_page(organisation: Organisation, *, invite_form: InviteForm | None = None, status: int = 200):
    return render_template(
        "teams/show.html", organisation=organisation, invite_form=invite_form or InviteForm(),
        action_form=ActionForm(), transfer_form=_transfer_form(organisation),
        can_edit=permissions.can_edit_organisation(current_user, organisation),
        can_see_team=permissions.can_see_team(current_user, organisation),
        can_manage=permissions.can_manage_members(current_user, organisation),
        can_leave=permissions.can_leave(current_user, organisation),
    ), status
