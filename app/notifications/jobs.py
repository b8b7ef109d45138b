"""Production delivery: committed message ids go to a Redis queue, an RQ worker sends them."""
from __future__ import annotations

from flask import current_app
from redis import Redis
from rq import Queue

from app.notifications.models import MessageStatus, OutboxMessage


def mail_queue() -> Queue:
    connection = Redis.from_url(current_app.config["REDIS_URL"])
    return Queue(current_app.config["RQ_MAIL_QUEUE"], connection=connection)


def enqueue_delivery(message_ids: list[int]) -> None:
    """Queue delivery jobs; if Redis is down the rows stay queued and the sweep sends them."""
    try:
        queue = mail_queue()
        for message_id in message_ids:
            queue.enqueue(deliver_message_job, message_id, job_id=f"outbox-{message_id}-new")
    except Exception:
        current_app.logger.exception("Could not reach Redis; outbox messages %s wait for the sweep", message_ids)


def deliver_message_job(message_id: int) -> str | None:
    """RQ job: deliver one message, and schedule the next attempt if it must be retried."""
    from app.extensions import db
    from app.notifications.delivery import deliver_message

    status = deliver_message(message_id)
    if status == MessageStatus.RETRYING:
        message = db.session.get(OutboxMessage, message_id)
        mail_queue().enqueue_at(
            message.next_attempt_at, deliver_message_job, message_id, job_id=f"outbox-{message_id}-{message.attempts}"
        )
    return status
