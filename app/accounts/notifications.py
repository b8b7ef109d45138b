"""Mail sent by the accounts domain."""
from flask import current_app
from flask_babel import lazy_gettext as _l

from app.accounts.models import User
from app.accounts.tokens import CONFIRM_SALT, RESET_SALT, make_token, password_fingerprint
from app.core.urls import external_url
from app.notifications.outbox import queue_email


def notify_confirm_account(user: User, *, next_url: str | None = None) -> None:
    """Ask a new account to confirm its email address with a signed, expiring link."""
    token = make_token({"uid": user.id, "email": user.email}, CONFIRM_SALT)
    link_values = {"next": next_url} if next_url else {}
    queue_email(
        user.email, recipient_name=user.name, locale=user.locale, kind="accounts.confirm",
        subject=_l("Confirm your %(festival_name)s account"),
        template="accounts/emails/confirm",
        confirm_url=external_url("accounts.confirm_email", token=token, **link_values),
        valid_hours=current_app.config["CONFIRM_TOKEN_MAX_AGE"] // 3600,
    )


def notify_password_reset(user: User) -> None:
    """Send a single-use, expiring password reset link."""
    token = make_token({"uid": user.id, "pw": password_fingerprint(user.password_hash)}, RESET_SALT)
    queue_email(
        user.email, recipient_name=user.name, locale=user.locale, kind="accounts.reset",
        subject=_l("Reset your %(festival_name)s password"),
        template="accounts/emails/reset_password",
        reset_url=external_url("accounts.reset_password", token=token),
        valid_hours=current_app.config["RESET_TOKEN_MAX_AGE"] // 3600,
    )
