"""Account services called directly: registration, confirmation, sign-in, passwords, profile."""
from datetime import timedelta

import pytest
from itsdangerous import URLSafeTimedSerializer

from app.accounts import services
from app.accounts.models import User
from app.accounts.tokens import CONFIRM_SALT, RESET_SALT, make_token, password_fingerprint
from app.core.errors import DomainError, NotAllowed
from app.extensions import db
from app.notifications.models import OutboxMessage
from tests.core.pages import in_english
from tests.factories import PASSWORD, make_user

NEW_PASSWORD = "một mật khẩu mới 456"


def link_in(message: OutboxMessage, path: str) -> str:
    """The link to ``path`` in a message's text body."""
    return next(line.strip() for line in message.body_text.splitlines() if path in line)


def token_in(message: OutboxMessage, path: str) -> str:
    return link_in(message, path).split(path, 1)[1].split("?", 1)[0]


def only_message() -> OutboxMessage:
    return db.session.query(OutboxMessage).one()


# -- register_user ---------------------------------------------------------------------------

def test_register_user_normalises_email_and_name(frozen_time):
    user = services.register_user(name="  Nguyễn   Thị  Lan ", email="  Lan.Nguyen@Example.VN ",
                                  password="mật khẩu dài 123", locale="en")
    assert (user.email, user.name, user.name_folded, user.locale) == (
        "lan.nguyen@example.vn", "Nguyễn Thị Lan", "nguyen thi lan", "en")
    assert (user.is_confirmed, user.active, user.created_at) == (False, True, frozen_time.start)
    assert user.check_password("mật khẩu dài 123") is True
    assert user.password_hash != "mật khẩu dài 123"


def test_register_user_writes_confirmation_message_to_outbox():
    user = services.register_user(name="Trần Bình", email="binh@example.vn", password="x" * 12, locale="en")
    message = only_message()
    assert (message.kind, message.recipient_email, message.recipient_name, message.locale, message.status) == (
        "accounts.confirm", "binh@example.vn", "Trần Bình", "en", "queued")
    assert link_in(message, "/account/confirm/").startswith("http://127.0.0.1:5000/account/confirm/")
    assert services.confirm_email(token_in(message, "/account/confirm/")) == user


def test_register_user_with_next_url_puts_it_in_the_link():
    services.register_user(name="Trần Bình", email="binh@example.vn", password="x" * 12, next_url="/teams/new")
    assert link_in(only_message(), "/account/confirm/").endswith("?next=/teams/new")


def test_register_user_refuses_taken_email_whatever_its_case():
    make_user(email="lan@example.vn")
    with pytest.raises(services.EmailTaken) as refusal:
        services.register_user(name="Lan Khác", email=" LAN@example.VN", password="x" * 12)
    assert refusal.value.status_code == 409
    assert in_english(refusal.value) == "An account with this email already exists. Sign in or reset your password."
    assert db.session.query(User).count() == 1
    assert db.session.query(OutboxMessage).count() == 0


def test_register_user_losing_a_race_for_the_email_is_refused(monkeypatch):
    make_user(email="lan@example.vn")
    # Both sign-ups passed the "is it free?" check; the unique constraint decides.
    monkeypatch.setattr(services, "find_user_by_email", lambda email: None)
    with pytest.raises(services.EmailTaken) as refusal:
        services.register_user(name="Lan Khác", email="lan@example.vn", password="x" * 12)
    assert refusal.value.status_code == 409
    assert [(u.email, u.name.startswith("Nguyễn Văn Thử")) for u in db.session.query(User)] == [
        ("lan@example.vn", True)]
    assert db.session.query(OutboxMessage).count() == 0


# -- confirm_email ---------------------------------------------------------------------------

def test_confirm_email_with_valid_link_confirms_at_current_time(frozen_time):
    user = make_user(confirmed=False)
    token = make_token({"uid": user.id, "email": user.email}, CONFIRM_SALT)
    later = frozen_time(frozen_time.start + timedelta(hours=5))
    assert services.confirm_email(token) == user
    db.session.refresh(user)
    assert user.email_confirmed_at == later


def test_confirm_email_twice_keeps_first_confirmation_time(frozen_time):
    user = make_user(confirmed=False)
    token = make_token({"uid": user.id, "email": user.email}, CONFIRM_SALT)
    services.confirm_email(token)
    frozen_time(frozen_time.start + timedelta(hours=1))
    services.confirm_email(token)
    assert user.email_confirmed_at == frozen_time.start


def test_confirm_email_link_still_valid_at_max_age(app, frozen_time):
    user = make_user(confirmed=False)
    token = make_token({"uid": user.id, "email": user.email}, CONFIRM_SALT)
    frozen_time(frozen_time.start + timedelta(seconds=app.config["CONFIRM_TOKEN_MAX_AGE"]))
    assert services.confirm_email(token).is_confirmed is True


def test_confirm_email_refuses_expired_link(app, frozen_time):
    user = make_user(confirmed=False)
    token = make_token({"uid": user.id, "email": user.email}, CONFIRM_SALT)
    frozen_time(frozen_time.start + timedelta(seconds=app.config["CONFIRM_TOKEN_MAX_AGE"] + 1))
    with pytest.raises(services.InvalidLink) as refusal:
        services.confirm_email(token)
    assert in_english(refusal.value) == "This confirmation link has expired. Sign in to get a new one."
    assert refusal.value.status_code == 400
    assert user.is_confirmed is False


def test_confirm_email_refuses_link_signed_with_another_key(app):
    user = make_user(confirmed=False)
    forged = URLSafeTimedSerializer("not-the-secret-key", salt=CONFIRM_SALT).dumps(
        {"uid": user.id, "email": user.email})
    with pytest.raises(services.InvalidLink) as refusal:
        services.confirm_email(forged)
    assert in_english(refusal.value) == "This confirmation link is not valid."
    assert user.is_confirmed is False


def test_confirm_email_refuses_tampered_link():
    user = make_user(confirmed=False)
    other = make_user(confirmed=False)
    token = make_token({"uid": user.id, "email": user.email}, CONFIRM_SALT)
    payload, rest = token.split(".", 1)
    swapped = make_token({"uid": other.id, "email": other.email}, CONFIRM_SALT).split(".", 1)[0]
    with pytest.raises(services.InvalidLink):
        services.confirm_email(f"{swapped}.{rest}")
    assert (user.is_confirmed, other.is_confirmed) == (False, False)


def test_confirm_email_refuses_password_reset_link():
    user = make_user(confirmed=False)
    reset_token = make_token({"uid": user.id, "email": user.email}, RESET_SALT)
    with pytest.raises(services.InvalidLink):
        services.confirm_email(reset_token)


def test_confirm_email_refuses_link_for_previous_email():
    user = make_user(email="old@example.vn", confirmed=False)
    token = make_token({"uid": user.id, "email": user.email}, CONFIRM_SALT)
    user.email = "new@example.vn"
    db.session.commit()
    with pytest.raises(services.InvalidLink) as refusal:
        services.confirm_email(token)
    assert in_english(refusal.value) == "This confirmation link is not valid."
    assert user.is_confirmed is False


def test_confirm_email_refuses_link_of_deleted_account():
    user = make_user(confirmed=False)
    token = make_token({"uid": user.id, "email": user.email}, CONFIRM_SALT)
    db.session.delete(user)
    db.session.commit()
    with pytest.raises(services.InvalidLink):
        services.confirm_email(token)


# -- resend_confirmation ---------------------------------------------------------------------

def test_resend_confirmation_mails_unconfirmed_account():
    user = make_user(email="lan@example.vn", confirmed=False)
    services.resend_confirmation("LAN@example.vn")
    message = only_message()
    assert (message.kind, message.recipient_email) == ("accounts.confirm", "lan@example.vn")
    assert services.confirm_email(token_in(message, "/account/confirm/")) == user


@pytest.mark.parametrize("state", [{"confirmed": True}, {"confirmed": False, "active": False}])
def test_resend_confirmation_sends_nothing_to_confirmed_or_deactivated_account(state):
    make_user(email="lan@example.vn", **state)
    services.resend_confirmation("lan@example.vn")
    assert db.session.query(OutboxMessage).count() == 0


def test_resend_confirmation_sends_nothing_for_unknown_email():
    services.resend_confirmation("nobody@example.vn")
    assert db.session.query(OutboxMessage).count() == 0


# -- authenticate ----------------------------------------------------------------------------

def test_authenticate_returns_user_for_right_password_any_email_case():
    user = make_user(email="lan@example.vn")
    assert services.authenticate(" Lan@Example.vn ", PASSWORD) == user


def test_authenticate_refuses_wrong_password():
    make_user(email="lan@example.vn")
    with pytest.raises(services.InvalidCredentials) as refusal:
        services.authenticate("lan@example.vn", PASSWORD + "!")
    assert (in_english(refusal.value), refusal.value.status_code) == ("Wrong email or password.", 401)


def test_authenticate_refuses_unknown_email_with_same_message():
    with pytest.raises(services.InvalidCredentials) as refusal:
        services.authenticate("nobody@example.vn", PASSWORD)
    assert (in_english(refusal.value), refusal.value.status_code) == ("Wrong email or password.", 401)


def test_authenticate_refuses_unconfirmed_account():
    make_user(email="lan@example.vn", confirmed=False)
    with pytest.raises(services.AccountNotConfirmed) as refusal:
        services.authenticate("lan@example.vn", PASSWORD)
    assert (in_english(refusal.value), refusal.value.status_code) == (
        "Confirm your email address first: we sent you a link.", 403)


def test_authenticate_refuses_deactivated_account():
    make_user(email="lan@example.vn", active=False)
    with pytest.raises(NotAllowed) as refusal:
        services.authenticate("lan@example.vn", PASSWORD)
    assert (in_english(refusal.value), refusal.value.status_code) == (
        "This account has been deactivated. Contact the organisers.", 403)


def test_authenticate_does_not_reveal_deactivation_without_right_password():
    make_user(email="lan@example.vn", active=False)
    with pytest.raises(services.InvalidCredentials):
        services.authenticate("lan@example.vn", "wrong password")


def test_record_login_stores_current_time(frozen_time):
    user = make_user()
    services.record_login(user)
    db.session.expire_all()
    assert db.session.get(User, user.id).last_login_at == frozen_time.start


# -- request_password_reset / reset_password -------------------------------------------------

def test_request_password_reset_mails_single_link():
    user = make_user(email="lan@example.vn")
    services.request_password_reset("LAN@example.vn")
    message = only_message()
    assert (message.kind, message.recipient_email, message.status) == ("accounts.reset", "lan@example.vn", "queued")
    assert services.user_for_reset_token(token_in(message, "/account/password/reset/")) == user


def test_request_password_reset_for_unknown_email_writes_nothing():
    services.request_password_reset("nobody@example.vn")
    assert db.session.query(OutboxMessage).count() == 0


def test_request_password_reset_for_deactivated_account_writes_nothing():
    make_user(email="lan@example.vn", active=False)
    services.request_password_reset("lan@example.vn")
    assert db.session.query(OutboxMessage).count() == 0


def reset_token_for(user: User) -> str:
    return make_token({"uid": user.id, "pw": password_fingerprint(user.password_hash)}, RESET_SALT)


def test_reset_password_sets_new_password():
    user = make_user()
    assert services.reset_password(reset_token_for(user), NEW_PASSWORD) == user
    assert (user.check_password(NEW_PASSWORD), user.check_password(PASSWORD)) == (True, False)


def test_reset_password_confirms_unconfirmed_email(frozen_time):
    user = make_user(confirmed=False)
    services.reset_password(reset_token_for(user), NEW_PASSWORD)
    assert user.email_confirmed_at == frozen_time.start


def test_reset_password_link_works_only_once():
    user = make_user()
    token = reset_token_for(user)
    services.reset_password(token, NEW_PASSWORD)
    with pytest.raises(services.InvalidLink) as refusal:
        services.reset_password(token, "a third password 789")
    assert in_english(refusal.value) == "This password reset link has already been used or is not valid."
    assert user.check_password(NEW_PASSWORD) is True


def test_reset_password_link_dies_when_password_changed_otherwise():
    user = make_user()
    token = reset_token_for(user)
    services.change_password(user, current_password=PASSWORD, new_password=NEW_PASSWORD)
    with pytest.raises(services.InvalidLink):
        services.user_for_reset_token(token)


def test_reset_password_refuses_expired_link(app, frozen_time):
    user = make_user()
    token = reset_token_for(user)
    frozen_time(frozen_time.start + timedelta(seconds=app.config["RESET_TOKEN_MAX_AGE"] + 1))
    with pytest.raises(services.InvalidLink) as refusal:
        services.reset_password(token, NEW_PASSWORD)
    assert in_english(refusal.value) == "This password reset link has expired. Ask for a new one."
    assert user.check_password(PASSWORD) is True


def test_reset_password_refuses_deactivated_account():
    user = make_user(active=False)
    with pytest.raises(services.InvalidLink):
        services.reset_password(reset_token_for(user), NEW_PASSWORD)
    assert user.check_password(PASSWORD) is True


def test_reset_password_refuses_confirmation_link():
    user = make_user()
    confirm_token = make_token({"uid": user.id, "pw": password_fingerprint(user.password_hash)}, CONFIRM_SALT)
    with pytest.raises(services.InvalidLink) as refusal:
        services.reset_password(confirm_token, NEW_PASSWORD)
    assert in_english(refusal.value) == "This password reset link is not valid."


# -- change_password -------------------------------------------------------------------------

def test_change_password_with_right_current_password():
    user = make_user()
    services.change_password(user, current_password=PASSWORD, new_password=NEW_PASSWORD)
    db.session.expire_all()
    assert db.session.get(User, user.id).check_password(NEW_PASSWORD) is True


def test_change_password_refuses_wrong_current_password():
    user = make_user()
    with pytest.raises(services.InvalidCredentials) as refusal:
        services.change_password(user, current_password="not my password", new_password=NEW_PASSWORD)
    assert (in_english(refusal.value), refusal.value.status_code) == ("Your current password is not correct.", 401)
    assert user.check_password(PASSWORD) is True


# -- update_profile --------------------------------------------------------------------------

def test_update_profile_changes_name_and_language():
    user = make_user(name="Nguyễn Văn A", locale="vi")
    services.update_profile(user, name=" Đặng   Thu Hà ", locale="en")
    db.session.expire_all()
    saved = db.session.get(User, user.id)
    assert (saved.name, saved.name_folded, saved.locale) == ("Đặng Thu Hà", "dang thu ha", "en")


def test_update_profile_leaves_unnamed_fields_alone():
    user = make_user(name="Nguyễn Văn A", locale="en")
    services.update_profile(user, locale="vi")
    assert (user.name, user.locale) == ("Nguyễn Văn A", "vi")


def test_update_profile_refuses_unknown_language():
    user = make_user(locale="vi")
    with pytest.raises(DomainError) as refusal:
        services.update_profile(user, locale="fr")
    assert in_english(refusal.value) == "This language is not available."
    db.session.rollback()
    assert db.session.get(User, user.id).locale == "vi"
