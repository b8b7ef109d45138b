"""Reading and acting on the outbox from the back office."""
from sqlalchemy import func, or_, select

from app.core.errors import Conflict
from app.extensions import db
from app.notifications.models import MessageStatus, OutboxAttachment, OutboxMessage


def outbox_query(*, status: str | None = None, text: str | None = None):
    """Messages, newest first, filtered by status and by recipient or subject."""
    query = select(OutboxMessage).order_by(OutboxMessage.id.desc())
    if status:
        query = query.where(OutboxMessage.status == status)
    if text:
        pattern = f"%{text.strip().lower()}%"
        query = query.where(or_(func.lower(OutboxMessage.recipient_email).like(pattern),
                                func.lower(OutboxMessage.subject).like(pattern)))
    return query


def status_counts() -> dict[str, int]:
    rows = db.session.execute(select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status))
    return {status: count for status, count in rows}


def resend_message(original: OutboxMessage) -> OutboxMessage:
    """Queue a copy of a sent or failed message; the original keeps its history."""
    from flask_babel import lazy_gettext as _l

    if not original.can_resend:
        raise Conflict(_l("This message is still waiting to be delivered."))
    copy = OutboxMessage(
        kind=original.kind, recipient_email=original.recipient_email, recipient_name=original.recipient_name,
        locale=original.locale, subject=original.subject, body_text=original.body_text,
        body_html=original.body_html, status=MessageStatus.QUEUED, resent_from_id=original.id,
        attachments=[OutboxAttachment(filename=a.filename, content_type=a.content_type, content=a.content)
                     for a in original.attachments],
    )
    db.session.add(copy)
    db.session.commit()
    return copy
