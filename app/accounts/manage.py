"""Back office for platform administrators: find users, grant and revoke roles, deactivate accounts."""
from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts import services
from app.accounts.forms import RoleForm, UserSearchForm
from app.accounts.models import Role, User
from app.accounts.permissions import can_deactivate, is_admin, role_summary
from app.core.forms import ActionForm
from app.core.permissions import guard_blueprint
from app.extensions import db

bp = Blueprint("accounts_admin", __name__, url_prefix="/admin/users")
guard_blueprint(bp, is_admin, "platform administrator")


@bp.get("/")
def users():
    form = UserSearchForm(request.args)
    form.validate()
    page = db.paginate(
        services.search_users_query(form.q.data, form.role.data),
        per_page=current_app.config["ADMIN_PAGE_SIZE"], error_out=False,
    )
    return render_template("accounts/manage/users.html", form=form, page=page)


@bp.get("/<int:user_id>")
def user(user_id: int):
    person = db.get_or_404(User, user_id)
    return render_template(
        "accounts/manage/user.html", person=person, role_form=RoleForm(), action_form=ActionForm(),
        roles=role_summary(person), can_deactivate=can_deactivate(current_user, person),
    )


@bp.post("/<int:user_id>/roles")
def grant_role(user_id: int):
    person = db.get_or_404(User, user_id)
    form = RoleForm()
    if form.validate_on_submit():
        services.grant_role(person, Role(form.role.data), granted_by=current_user)
        flash(_("%(name)s is now: %(role)s.", name=person.name, role=Role(form.role.data).label), "success")
    else:
        flash(_("Choose a role from the list."), "danger")
    return redirect(url_for(".user", user_id=person.id))


@bp.post("/<int:user_id>/roles/<role>/revoke")
def revoke_role(user_id: int, role: str):
    person = db.get_or_404(User, user_id)
    if role not in {r.value for r in Role} or not ActionForm().validate_on_submit():
        return redirect(url_for(".user", user_id=person.id)), 400
    services.revoke_role(person, Role(role), revoked_by=current_user)
    flash(_("Role removed: %(role)s.", role=Role(role).label), "success")
    return redirect(url_for(".user", user_id=person.id))


@bp.post("/<int:user_id>/active")
def set_active(user_id: int):
    person = db.get_or_404(User, user_id)
    active = request.form.get("active") == "1"
    if ActionForm().validate_on_submit():
        services.set_account_active(person, active, by=current_user)
        flash(_("The account has been reactivated.") if active else _("The account has been deactivated."), "success")
    return redirect(url_for(".user", user_id=person.id))
