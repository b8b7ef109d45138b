"""Mail the accounts domain writes: confirmation and password reset, in the recipient's language."""
import pytest
from flask_babel import force_locale, gettext

from app.accounts import notifications, services
from app.extensions import db
from app.notifications.models import OutboxMessage
from tests.factories import make_user


def only_message() -> OutboxMessage:
    return db.session.query(OutboxMessage).one()


def link_in(text: str, path: str) -> str:
    return next(line.strip() for line in text.splitlines() if path in line)


def test_confirm_account_mail_in_english():
    services.register_user(name="Trần Bình", email="binh@example.vn", password="x" * 12, locale="en")
    message = only_message()
    link = link_in(message.body_text, "/account/confirm/")
    assert message.subject == "Confirm your Techfest Việt Nam account"
    assert message.body_text.split("\n\n") == [
        "Hello Trần Bình,",
        "Welcome to Techfest Việt Nam. Please confirm your email address by opening this link:",
        link,
        "The link is valid for 72 hours. If you did not create this account, ignore this email.",
        "The Techfest Việt Nam team",
    ]
    assert f'href="{link}"' in message.body_html
    assert "Hello Trần Bình," in message.body_html


def test_reset_password_mail_in_english():
    user = make_user(email="lan@example.vn", name="Nguyễn Thị Lan", locale="en")
    notifications.notify_password_reset(user)
    db.session.commit()
    message = only_message()
    link = link_in(message.body_text, "/account/password/reset/")
    assert (message.kind, message.subject) == ("accounts.reset", "Reset your Techfest Việt Nam password")
    assert message.body_text.split("\n\n") == [
        "Hello Nguyễn Thị Lan,",
        "Someone asked to reset the password of your Techfest Việt Nam account. To choose a new password, "
        "open this link:",
        link,
        "The link is valid for 2 hours and works once. If you did not ask for this, ignore this email: "
        "your password stays the same.",
        "The Techfest Việt Nam team",
    ]
    assert f'href="{link}"' in message.body_html


@pytest.mark.usefixtures("fresh_request_globals")
def test_confirm_mail_follows_recipient_language_not_the_page_language(client):
    client.set_cookie("techfest_locale", "en")
    client.post("/account/signup", data={"name": "Nguyễn Thị Lan", "email": "lan@example.vn",
                                         "password": "mật khẩu dài 123", "password_again": "mật khẩu dài 123",
                                         "locale": "vi"})
    message = only_message()
    with force_locale("vi"):
        expected = gettext("Confirm your %(festival_name)s account", festival_name="Techfest Việt Nam")
        greeting = gettext("Hello %(name)s,", name="Nguyễn Thị Lan")
    assert (message.locale, message.subject) == ("vi", expected)
    assert message.body_text.startswith(greeting + "\n")
