"""Writing mail to the outbox, and handing committed messages to delivery.

``queue_email`` only adds a row to the caller's session: if the caller's transaction rolls
back, the message never existed. After a commit, the ids of the new messages go to the
configured queue: the app process delivers them after the request (``inline``) or an RQ
worker does (``rq``). Anything a crash leaves behind is picked up by ``flask mail
send-pending``, so a committed message is always delivered eventually.
"""
from __future__ import annotations

from flask import Flask, current_app, g, has_request_context, render_template
from flask_babel import force_locale
from sqlalchemy import event

from app.extensions import db
from app.notifications.models import OutboxAttachment, OutboxMessage

_SESSION_KEY = "outbox_new_ids"


def queue_email(
    recipient_email: str,
    *,
    recipient_name: str,
    locale: str,
    kind: str,
    subject,
    template: str,
    attachments: list[tuple[str, str, bytes]] = (),
    **context,
) -> OutboxMessage:
    """Render ``template`` (``.txt`` and ``.html``) in the recipient's language and add it to the outbox.

    ``attachments`` are ``(filename, content type, bytes)`` triples stored with the message.
    """
    context = {"recipient_name": recipient_name, "festival_name": current_app.config["FESTIVAL_NAME"], **context}
    with force_locale(locale):
        subject_text = str(subject) % context if "%(" in str(subject) else str(subject)
        message = OutboxMessage(
            kind=kind,
            recipient_email=recipient_email,
            recipient_name=recipient_name,
            locale=locale,
            subject=subject_text[:255],
            body_text=render_template(f"{template}.txt", subject=subject_text, **context),
            body_html=render_template(f"{template}.html", subject=subject_text, **context),
        )
    for filename, content_type, content in attachments:
        message.attachments.append(OutboxAttachment(filename=filename, content_type=content_type, content=content))
    db.session.add(message)
    return message


def _remember_new_messages(session, flush_context) -> None:
    new_ids = [obj.id for obj in session.new if isinstance(obj, OutboxMessage)]
    if new_ids:
        session.info.setdefault(_SESSION_KEY, []).extend(new_ids)


def _forget_new_messages(session) -> None:
    session.info.pop(_SESSION_KEY, None)


def _hand_over_committed_messages(session) -> None:
    ids = session.info.pop(_SESSION_KEY, None)
    if not ids:
        return
    if current_app.config["MAIL_QUEUE"] == "rq":
        from app.notifications.jobs import enqueue_delivery

        enqueue_delivery(ids)
    elif has_request_context():
        g.setdefault("outbox_ids_to_deliver", []).extend(ids)
    # Inline mode outside a request (CLI): the command delivers, or the sweep does.


def init_outbox(app: Flask) -> None:
    session_class = db.session
    if not event.contains(session_class, "after_flush", _remember_new_messages):
        event.listen(session_class, "after_flush", _remember_new_messages)
        event.listen(session_class, "after_commit", _hand_over_committed_messages)
        event.listen(session_class, "after_rollback", _forget_new_messages)

    @app.after_request
    def deliver_after_request(response):
        ids = g.pop("outbox_ids_to_deliver", None)
        if ids:
            from app.notifications.delivery import deliver_messages

            deliver_messages(ids)
        return response
