"""Sign-up, sign-in, confirmation, password reset and the user's own profile."""
from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from app.accounts import services
from app.accounts.forms import (
    ChangePasswordForm, EmailOnlyForm, LoginForm, ProfileForm, ResetPasswordForm, SignupForm,
)
from app.accounts.permissions import role_summary
from app.teams.services import provinces as current_provinces
from app.core.errors import DomainError
from app.core.forms import ActionForm, render_form
from app.core.permissions import public, signed_in
from app.core.urls import safe_next_url
from app.extensions import limiter

bp = Blueprint("accounts", __name__, url_prefix="/account")


def _limit(setting: str):
    return limiter.limit(lambda: current_app.config[setting], methods=["POST"])


@bp.route("/signup", methods=["GET", "POST"])
@public
@_limit("RATELIMIT_SIGNUP")
def signup():
    form = SignupForm(email=request.args.get("email"), locale=request.cookies.get("techfest_locale", "vi"))
    if not form.validate_on_submit():
        return render_form("accounts/signup.html", form)
    try:
        user = services.register_user(name=form.name.data, email=form.email.data,
                                      password=form.password.data, locale=form.locale.data,
                                      next_url=safe_next_url(request.args.get("next")))
    except DomainError as error:
        return render_form("accounts/signup.html", form, error=error, field="email")
    return render_template("accounts/check_email.html", email=user.email, purpose="confirm")


@bp.get("/confirm/<token>")
@public
def confirm_email(token: str):
    user = services.confirm_email(token)
    flash(_("Thank you, %(name)s: your email is confirmed. You can sign in now.", name=user.name), "success")
    return redirect(url_for("accounts.login", email=user.email, next=safe_next_url(request.args.get("next"))))


@bp.route("/confirm/resend", methods=["GET", "POST"])
@public
@_limit("RATELIMIT_PASSWORD_RESET")
def resend_confirmation():
    form = EmailOnlyForm(email=request.args.get("email"))
    if not form.validate_on_submit():
        return render_form("accounts/resend_confirmation.html", form)
    services.resend_confirmation(form.email.data)
    return render_template("accounts/check_email.html", email=form.email.data, purpose="confirm")


@bp.route("/login", methods=["GET", "POST"])
@public
@_limit("RATELIMIT_LOGIN")
def login():
    form = LoginForm(email=request.args.get("email"))
    if not form.validate_on_submit():
        return render_form("accounts/login.html", form)
    try:
        user = services.authenticate(form.email.data, form.password.data)
    except DomainError as error:
        return render_form("accounts/login.html", form, error=error,
                           unconfirmed=isinstance(error, services.AccountNotConfirmed))
    login_user(user, remember=form.remember.data)
    services.record_login(user)
    flash(_("Welcome back, %(name)s.", name=user.name), "success")
    return redirect(safe_next_url(request.args.get("next")) or url_for("core.index"))


@bp.post("/logout")
@public
def logout():
    if ActionForm().validate_on_submit():
        logout_user()
        flash(_("You have signed out."), "info")
    return redirect(url_for("core.index"))


@bp.route("/password/forgot", methods=["GET", "POST"])
@public
@_limit("RATELIMIT_PASSWORD_RESET")
def forgot_password():
    form = EmailOnlyForm(email=request.args.get("email"))
    if not form.validate_on_submit():
        return render_form("accounts/forgot_password.html", form)
    services.request_password_reset(form.email.data)
    return render_template("accounts/check_email.html", email=form.email.data, purpose="reset")


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@public
@_limit("RATELIMIT_PASSWORD_RESET")
def reset_password(token: str):
    user = services.user_for_reset_token(token)
    form = ResetPasswordForm()
    if not form.validate_on_submit():
        return render_form("accounts/reset_password.html", form, user=user)
    services.reset_password(token, form.password.data)
    flash(_("Your password has been changed. Sign in with the new one."), "success")
    return redirect(url_for("accounts.login", email=user.email))


@bp.route("/profile", methods=["GET", "POST"])
@signed_in
def profile():
    form = ProfileForm(obj=current_user, provinces=current_provinces())
    if not form.validate_on_submit():
        return render_form("accounts/profile.html", form, roles=role_summary(current_user))
    services.update_profile(current_user, name=form.name.data, locale=form.locale.data,
                            province_id=form.province_id.data)
    flash(_("Your profile has been saved."), "success")
    return redirect(url_for("accounts.profile"))


@bp.route("/password", methods=["GET", "POST"])
@signed_in
def change_password():
    form = ChangePasswordForm()
    if not form.validate_on_submit():
        return render_form("accounts/change_password.html", form)
    try:
        services.change_password(current_user, current_password=form.current_password.data,
                                 new_password=form.password.data)
    except DomainError as error:
        return render_form("accounts/change_password.html", form, error=error, field="current_password")
    flash(_("Your password has been changed."), "success")
    return redirect(url_for("accounts.profile"))
