"""Production delivery through Redis and an RQ worker (skipped when Redis is not running)."""
import smtplib
import uuid

import pytest
from redis import Redis
from redis.exceptions import RedisError
from rq import SimpleWorker

from app.extensions import db, mail
from app.notifications.jobs import mail_queue
from tests.notifications.helpers import addresses, queue_invitation, reloaded

REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture
def rq_queue(app, monkeypatch):
    """MAIL_QUEUE=rq with a queue of this test's own, emptied and deleted afterwards."""
    connection = Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        connection.ping()
    except RedisError:
        pytest.skip(f"Redis is not reachable at {REDIS_URL}")
    monkeypatch.setitem(app.config, "MAIL_QUEUE", "rq")
    monkeypatch.setitem(app.config, "REDIS_URL", REDIS_URL)
    monkeypatch.setitem(app.config, "RQ_MAIL_QUEUE", f"test-mail-{uuid.uuid4().hex}")
    queue = mail_queue()
    yield queue
    for registry in (queue.scheduled_job_registry, queue.finished_job_registry, queue.failed_job_registry):
        for job_id in registry.get_job_ids():
            registry.remove(job_id, delete_job=True)
    queue.delete(delete_jobs=True)
    connection.close()


def run_worker(queue) -> None:
    """Run the jobs in this process and app context, as ``flask mail worker --burst`` does."""
    worker = SimpleWorker([queue], connection=queue.connection)
    worker.work(burst=True)
    queue.connection.delete(worker.key)  # otherwise the dead worker's record lingers for a minute


def test_committed_message_is_enqueued_and_sent_by_worker(rq_queue, outbox):
    message = queue_invitation()
    db.session.commit()

    assert rq_queue.job_ids == [f"outbox-{message.id}-new"]
    assert (reloaded(message).status, list(outbox)) == ("queued", [])

    run_worker(rq_queue)

    message = reloaded(message)
    assert (message.status, message.attempts, rq_queue.job_ids) == ("sent", 1, [])
    assert [addresses(m) for m in outbox] == [["lan@example.vn"]]
    assert rq_queue.finished_job_registry.get_job_ids() == [f"outbox-{message.id}-new"]


def test_rolled_back_message_is_never_enqueued(rq_queue):
    queue_invitation()
    db.session.flush()
    db.session.rollback()

    assert rq_queue.job_ids == []


def test_failed_delivery_schedules_retry_job(rq_queue, monkeypatch):
    def refuse(mail_message):
        raise smtplib.SMTPException("451 later")

    monkeypatch.setattr(mail, "send", refuse)
    message = queue_invitation()
    db.session.commit()

    run_worker(rq_queue)

    message = reloaded(message)
    assert (message.status, message.attempts) == ("retrying", 1)
    assert rq_queue.scheduled_job_registry.get_job_ids() == [f"outbox-{message.id}-1"]


def test_redis_down_leaves_message_for_the_sweep(app, monkeypatch, outbox):
    monkeypatch.setitem(app.config, "MAIL_QUEUE", "rq")
    monkeypatch.setitem(app.config, "REDIS_URL", "redis://127.0.0.1:1/0")
    message = queue_invitation()

    db.session.commit()

    assert (reloaded(message).status, list(outbox)) == ("queued", [])
