"""Delivering outbox messages: claim, send, record; retry with backoff; never twice."""
from __future__ import annotations

from datetime import timedelta
from email.headerregistry import Address
from pathlib import Path

import click
from flask import current_app
from flask_mail import Message
from sqlalchemy import select, update

from app.core.time import utcnow
from app.extensions import db, mail
from app.notifications.models import DELIVERABLE, MessageStatus, OutboxMessage

# A message left in "sending" this long was interrupted (a crash mid-send).
INTERRUPTED_AFTER = timedelta(minutes=15)


def claim_message(message_id: int) -> bool:
    """Atomically move a due message to "sending"; only one process can win the claim."""
    now = utcnow()
    result = db.session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id == message_id,
            OutboxMessage.status.in_([str(s) for s in DELIVERABLE]),
            OutboxMessage.next_attempt_at <= now,
        )
        .values(status=MessageStatus.SENDING, attempts=OutboxMessage.attempts + 1, last_attempt_at=now)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return result.rowcount == 1


def retry_delay(attempts: int) -> timedelta:
    """Exponential backoff: base, 2×base, 4×base, … after the 1st, 2nd, 3rd failure."""
    base = current_app.config["MAIL_RETRY_BASE_SECONDS"]
    return timedelta(seconds=base * 2 ** max(attempts - 1, 0))


def deliver_message(message_id: int) -> str | None:
    """Send one message if it is due and nobody else is sending it; return its new status."""
    if not claim_message(message_id):
        return None
    message = db.session.get(OutboxMessage, message_id, populate_existing=True)
    try:
        send_through_transport(message)
    except Exception as error:  # any transport failure is recorded, never raised to the caller
        record_failure(message, error)
    else:
        message.status = MessageStatus.SENT
        message.sent_at = utcnow()
        message.last_error = None
    db.session.commit()
    return message.status


def record_failure(message: OutboxMessage, error: Exception) -> None:
    message.last_error = f"{type(error).__name__}: {error}"[:2000]
    if message.attempts >= current_app.config["MAIL_MAX_ATTEMPTS"]:
        message.status = MessageStatus.FAILED
    else:
        message.status = MessageStatus.RETRYING
        message.next_attempt_at = utcnow() + retry_delay(message.attempts)
    current_app.logger.warning("Mail %s to %s failed: %s", message.id, message.recipient_email, message.last_error)


def deliver_messages(message_ids: list[int]) -> None:
    for message_id in message_ids:
        try:
            deliver_message(message_id)
        except Exception:  # the database itself failed; the sweep will try again
            db.session.rollback()
            current_app.logger.exception("Could not deliver outbox message %s", message_id)


def deliver_due_messages(limit: int = 200) -> int:
    """Deliver every message whose time has come; return how many were sent."""
    mark_interrupted_messages()
    due_ids = db.session.scalars(
        select(OutboxMessage.id)
        .where(OutboxMessage.status.in_([str(s) for s in DELIVERABLE]), OutboxMessage.next_attempt_at <= utcnow())
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(limit)
    ).all()
    sent = 0
    for message_id in due_ids:
        sent += deliver_message(message_id) == MessageStatus.SENT
    return sent


def mark_interrupted_messages() -> int:
    """Fail messages stuck in "sending": they may have gone out, so they are not retried blindly."""
    result = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.status == MessageStatus.SENDING, OutboxMessage.last_attempt_at < utcnow() - INTERRUPTED_AFTER)
        .values(
            status=MessageStatus.FAILED,
            last_error="Interrupted while sending: it may or may not have been delivered. Check, then resend.",
        )
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return result.rowcount


def build_mail(message: OutboxMessage) -> Message:
    domain = current_app.config["MAIL_DEFAULT_SENDER"].rsplit("@", 1)[-1].strip("> ")
    mail_message = Message(
        subject=message.subject,
        # Unencoded: Flask-Mail encodes the name itself (formataddr here would encode it twice).
        recipients=[str(Address(message.recipient_name, addr_spec=message.recipient_email))],
        body=message.body_text,
        html=message.body_html,
        sender=current_app.config["MAIL_DEFAULT_SENDER"],
    )
    # A stable Message-ID lets receiving servers drop a duplicate if a retry ever races.
    # Set it in place of Flask-Mail's random one (an extra header would add a second Message-ID).
    mail_message.msgId = f"<outbox-{message.id}@{domain}>"
    for attachment in message.attachments:
        mail_message.attach(attachment.filename, attachment.content_type, attachment.content)
    return mail_message


def send_through_transport(message: OutboxMessage) -> None:
    mail_message = build_mail(message)
    transport = current_app.config["MAIL_TRANSPORT"]
    if transport == "smtp":
        mail.send(mail_message)
    elif transport == "console":
        click.echo(
            f"\n----- mail #{message.id} to {message.recipient_email} -----\n"
            f"Subject: {message.subject}\n\n{message.body_text}\n----- end of mail #{message.id} -----",
            err=True,
        )
    elif transport == "folder":
        folder = Path(current_app.config.get("MAIL_FOLDER") or Path(current_app.instance_path) / "mail")
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{message.id:06d}-{message.kind}.eml").write_bytes(mail_message.as_bytes())
    else:
        raise RuntimeError(f"Unknown MAIL_TRANSPORT {transport!r}")
