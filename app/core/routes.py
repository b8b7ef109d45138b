"""Site-wide pages: home, language switch, uploaded files, health check."""
import posixpath

from flask import Blueprint, abort, current_app, make_response, redirect, render_template, request, send_from_directory
from flask_login import current_user
from wtforms import HiddenField
from wtforms.validators import AnyOf

from app.core.forms import Form
from app.core.permissions import public
from app.core.uploads import PRIVATE_UPLOAD_FOLDER
from app.core.urls import safe_next_url
from app.extensions import db

bp = Blueprint("core", __name__)


class LanguageForm(Form):
    language = HiddenField(validators=[AnyOf(("vi", "en"))])
    next = HiddenField()


@bp.get("/")
@public
def index():
    return render_template("core/index.html")


@bp.post("/language")
@public
def set_language():
    form = LanguageForm()
    target = safe_next_url(form.next.data) or "/"
    response = make_response(redirect(target))
    if form.validate_on_submit():
        response.set_cookie(
            current_app.config["LOCALE_COOKIE"], form.language.data,
            max_age=365 * 24 * 3600, samesite="Lax", httponly=True,
        )
        if current_user.is_authenticated:
            from app.accounts.services import update_profile

            update_profile(current_user, locale=form.language.data)
    return response


@bp.get("/uploads/<path:filename>")
@public
def uploaded_file(filename: str):
    # Files under private/ (competition decks, entry images) are sent by their domain after a permission check.
    if posixpath.normpath(filename).split("/")[0] == PRIVATE_UPLOAD_FOLDER:
        abort(404)
    response = send_from_directory(current_app.config["UPLOAD_FOLDER"], filename, max_age=7 * 24 * 3600)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.get("/healthz")
@public
def health():
    db.session.execute(db.text("SELECT 1"))
    return {"status": "ok"}


@bp.app_context_processor
def language_switch_form():
    return {"language_form": LanguageForm(formdata=None, next=request.full_path.rstrip("?") if request else "/")}
