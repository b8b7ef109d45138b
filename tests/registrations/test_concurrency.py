"""Many people pressing "Register" at the same instant: capacity holds (PostgreSQL only).

The harness (one thread, application context and connection each, released together) is tests/concurrency.py.
"""
from collections import Counter
from functools import partial

from sqlalchemy import func, select

from app.accounts.models import User
from app.events.models import Session
from app.extensions import db
from app.notifications.models import OutboxMessage
from app.registrations import services
from app.registrations.models import Registration
from tests.concurrency import kinds, requires_postgresql, run_together
from tests.factories import make_session, make_user

pytestmark = requires_postgresql


def register(session_id: int, user_id: int, ready) -> str:
    session, user = db.session.get(Session, session_id), db.session.get(User, user_id)
    ready()
    return str(services.register(session, user).status)


def register_all_at_once(app, session_id: int, user_ids: list[int]) -> tuple[list[str], list[str]]:
    """Each user registers from their own thread; returns the statuses and the errors."""
    return run_together(app, [partial(register, session_id, user_id) for user_id in user_ids])


def test_thirty_people_for_five_seats(app):
    capacity, crowd = 5, 30
    session = make_session(capacity=capacity)
    user_ids = [make_user().id for _ in range(crowd)]

    statuses, errors = register_all_at_once(app, session.id, user_ids)

    db.session.expire_all()
    counted = Counter(statuses)
    stored = Counter(db.session.scalars(select(Registration.status).where(Registration.session_id == session.id)))
    seats = db.session.get(Session, session.id).confirmed_seats
    mails = db.session.scalar(select(func.count()).select_from(OutboxMessage))
    print(f"\nconcurrency: {crowd} threads, capacity {capacity} -> returned {dict(counted)}, "
          f"stored {dict(stored)}, confirmed_seats={seats}, outbox messages={mails}, errors={errors}")
    assert errors == []
    assert counted == stored == Counter({"confirmed": capacity, "waitlisted": crowd - capacity})
    assert seats == capacity
    assert mails == crowd


def test_one_person_double_clicking_gets_one_registration(app):
    session, person = make_session(capacity=5), make_user()

    statuses, errors = register_all_at_once(app, session.id, [person.id] * 8)

    db.session.expire_all()
    print(f"\nconcurrency: 8 clicks by one person -> {dict(kinds(statuses))}, errors={errors}")
    assert errors == []
    assert kinds(statuses) == Counter({"confirmed": 1, "conflict": 7})
    assert db.session.get(Session, session.id).confirmed_seats == 1
    assert db.session.scalar(select(func.count()).select_from(Registration)) == 1
