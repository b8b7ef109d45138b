"""Every change to accounts and roles goes through these functions."""
from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload
from sqlalchemy.exc import IntegrityError

from app.accounts import notifications
from app.accounts.models import Role, RoleGrant, User, normalise_email
from app.accounts.permissions import can_deactivate
from app.accounts.tokens import (
    CONFIRM_SALT, RESET_SALT, TokenExpired, TokenInvalid, password_fingerprint, read_token,
)
from app.core.errors import Conflict, DomainError, NotAllowed
from app.core.text import fold
from app.core.time import utcnow
from app.extensions import db


class EmailTaken(Conflict):
    pass


class InvalidCredentials(DomainError):
    status_code = 401


class AccountNotConfirmed(DomainError):
    status_code = 403


class InvalidLink(DomainError):
    status_code = 400


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def register_user(*, name: str, email: str, password: str, locale: str = "vi", next_url: str | None = None) -> User:
    """Create an unconfirmed account and mail it a confirmation link; emails are unique."""
    if find_user_by_email(email) is not None:
        raise EmailTaken(_l("An account with this email already exists. Sign in or reset your password."))
    user = User(email=email, name=name, password=password, locale=locale)
    db.session.add(user)
    try:
        db.session.flush()
    except IntegrityError:  # a concurrent sign-up with the same email won the race
        db.session.rollback()
        raise EmailTaken(_l("An account with this email already exists. Sign in or reset your password.")) from None
    notifications.notify_confirm_account(user, next_url=next_url)
    db.session.commit()
    return user


def confirm_email(token: str) -> User:
    """Mark the account confirmed if the link is genuine, unexpired and for its current email."""
    try:
        payload = read_token(token, CONFIRM_SALT, current_app.config["CONFIRM_TOKEN_MAX_AGE"])
    except TokenExpired:
        raise InvalidLink(_l("This confirmation link has expired. Sign in to get a new one.")) from None
    except TokenInvalid:
        raise InvalidLink(_l("This confirmation link is not valid.")) from None
    user = db.session.get(User, payload.get("uid"))
    if user is None or user.email != payload.get("email"):
        raise InvalidLink(_l("This confirmation link is not valid."))
    if user.email_confirmed_at is None:
        user.email_confirmed_at = utcnow()
        db.session.commit()
    return user


def resend_confirmation(email: str) -> None:
    """Mail a fresh confirmation link, saying nothing about whether the account exists."""
    user = find_user_by_email(email)
    if user is not None and user.active and not user.is_confirmed:
        notifications.notify_confirm_account(user)
        db.session.commit()


def authenticate(email: str, password: str) -> User:
    """Return the user for these credentials; refuse unknown, wrong, unconfirmed or deactivated ones."""
    user = find_user_by_email(email)
    if user is None or not user.check_password(password):
        raise InvalidCredentials(_l("Wrong email or password."))
    if not user.active:
        raise NotAllowed(_l("This account has been deactivated. Contact the organisers."))
    if not user.is_confirmed:
        raise AccountNotConfirmed(_l("Confirm your email address first: we sent you a link."))
    return user


def record_login(user: User) -> None:
    """Remember when the user last signed in."""
    user.last_login_at = utcnow()
    db.session.commit()


def request_password_reset(email: str) -> None:
    """Mail a reset link to an active account; the answer never reveals whether it exists."""
    user = find_user_by_email(email)
    if user is not None and user.active:
        notifications.notify_password_reset(user)
        db.session.commit()


def user_for_reset_token(token: str) -> User:
    """The account a reset link belongs to, if the link is genuine, unexpired and unused."""
    try:
        payload = read_token(token, RESET_SALT, current_app.config["RESET_TOKEN_MAX_AGE"])
    except TokenExpired:
        raise InvalidLink(_l("This password reset link has expired. Ask for a new one.")) from None
    except TokenInvalid:
        raise InvalidLink(_l("This password reset link is not valid.")) from None
    user = db.session.get(User, payload.get("uid"))
    if user is None or not user.active or payload.get("pw") != password_fingerprint(user.password_hash):
        raise InvalidLink(_l("This password reset link has already been used or is not valid."))
    return user


def reset_password(token: str, new_password: str) -> User:
    """Set a new password from a reset link; the link cannot be used again. Confirms the email too."""
    user = user_for_reset_token(token)
    user.set_password(new_password)
    user.email_confirmed_at = user.email_confirmed_at or utcnow()
    db.session.commit()
    return user


def change_password(user: User, *, current_password: str, new_password: str) -> None:
    """Change the password after checking the current one."""
    if not user.check_password(current_password):
        raise InvalidCredentials(_l("Your current password is not correct."))
    user.set_password(new_password)
    db.session.commit()


_UNCHANGED = object()


def update_profile(user: User, *, name: str | None = None, locale: str | None = None,
                   province_id=_UNCHANGED) -> None:
    """Change the display name, preferred language and home province."""
    if name is not None:
        user.set_name(name)
    if province_id is not _UNCHANGED:
        user.province_id = province_id
    if locale is not None:
        if locale not in current_app.config["LANGUAGES"]:
            raise DomainError(_l("This language is not available."))
        user.locale = locale
    db.session.commit()


def grant_role(user: User, role: Role, *, granted_by: User | None) -> RoleGrant:
    """Give ``user`` a platform-wide role; granting a role already held changes nothing."""
    existing = next((g for g in user.role_grants if g.role == role and g.edition_id is None), None)
    if existing is not None:
        return existing
    grant = RoleGrant(user=user, role=str(role), granted_by=granted_by)
    db.session.add(grant)
    db.session.commit()
    return grant


def revoke_role(user: User, role: Role, *, revoked_by: User) -> None:
    """Take a platform-wide role away; an administrator cannot remove their own administrator role."""
    if role == Role.ADMIN and user.id == revoked_by.id:
        raise NotAllowed(_l("You cannot remove your own administrator role."))
    for grant in list(user.role_grants):
        if grant.role == role and grant.edition_id is None:  # edition roles are managed per edition
            user.role_grants.remove(grant)
    db.session.commit()


def set_account_active(user: User, active: bool, *, by: User) -> None:
    """Deactivate (sign out and refuse sign-in) or reactivate an account; never one's own."""
    if not can_deactivate(by, user):
        raise NotAllowed(_l("You cannot deactivate your own account."))
    user.active = active
    db.session.commit()


def search_users_query(text: str | None = None, role: str | None = None):
    """Users matching a name or email (diacritics and case ignored) and optionally a role."""
    query = select(User).options(selectinload(User.role_grants)).order_by(User.name_folded, User.id)
    if text:
        # autoescape: a "%" or "_" typed in the search box is a character, not a wildcard
        folded = fold(text)
        query = query.where(or_(User.name_folded.contains(folded, autoescape=True),
                                func.lower(User.email).contains(folded, autoescape=True)))
    if role:
        query = query.where(User.role_grants.any(RoleGrant.role == role))
    return query
