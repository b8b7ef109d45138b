"""Flask-Login wiring: how a session cookie becomes ``current_user``."""
from flask import Flask
from flask_babel import lazy_gettext as _l

from app.accounts.models import User
from app.extensions import db, login_manager


def load_user(user_id: str) -> User | None:
    """Deactivated accounts are signed out on their next request."""
    user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
    return user if user is not None and user.active else None


def init_login(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.user_loader(load_user)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Please sign in to continue.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    app.context_processor(admin_menu)


def admin_menu() -> dict:
    """Back-office links, shown only to those the permission module allows."""
    from flask import url_for
    from flask_babel import gettext as _
    from flask_login import current_user

    from app.accounts.models import Role
    from app.accounts.permissions import has_role, is_admin

    from app.events.permissions import can_manage_any_edition

    items, back_office = [], []
    if has_role(current_user, Role.JUDGE):
        items.append({"url": url_for("judging.dashboard"), "label": _("My judging")})
    if can_manage_any_edition(current_user):
        items.append({"url": url_for("events_manage.index"), "label": _("Organise")})
    if is_admin(current_user):
        back_office = [
            {"url": url_for("accounts_admin.users"), "label": _("Users")},
            {"url": url_for("outbox_admin.messages"), "label": _("Outbox")},
        ]
    return {"admin_menu": items, "back_office_menu": back_office}
