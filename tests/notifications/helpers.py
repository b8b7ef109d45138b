"""Builders for outbox tests: messages queued the way services queue them, or written directly."""
from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parseaddr

from sqlalchemy import select

from app.extensions import db
from app.notifications.models import OutboxMessage
from app.notifications.outbox import queue_email


def queue_invitation(email: str = "lan@example.vn", *, locale: str = "en") -> OutboxMessage:
    """Add a real (team invitation) message to the session, uncommitted, as a service would."""
    return queue_email(
        email, recipient_name="Phạm Lan", locale=locale, kind="teams.invitation",
        subject="%(inviter)s invites you to join %(team)s on %(festival_name)s",
        template="teams/emails/invitation", inviter="Trần Chủ", team="Nông Sản Xanh",
        join_url="http://127.0.0.1:5000/teams/join/abc", expires_at=datetime(2026, 12, 7, 3, 0, tzinfo=UTC),
    )


def make_message(email: str = "lan@example.vn", *, subject: str = "Chào mừng", **fields) -> OutboxMessage:
    """A committed outbox row with the given fields (status, attempts, times ...)."""
    message = OutboxMessage(kind=fields.pop("kind", "test.message"), recipient_email=email,
                            recipient_name=fields.pop("recipient_name", ""), locale=fields.pop("locale", "vi"),
                            subject=subject, body_text=fields.pop("body_text", f"Body of {subject}"),
                            body_html=fields.pop("body_html", f"<p>Body of {subject}</p>"), **fields)
    db.session.add(message)
    db.session.commit()
    return message


def reloaded(message: OutboxMessage) -> OutboxMessage:
    db.session.expire_all()
    return db.session.get(OutboxMessage, message.id)


def all_messages() -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def addresses(mail_message) -> list[str]:
    """The bare addresses a Flask-Mail message goes to, without the names."""
    return [parseaddr(recipient)[1] for recipient in mail_message.recipients]
