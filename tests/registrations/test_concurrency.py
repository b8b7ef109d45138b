"""Many people pressing "Register" at the same instant: capacity holds (PostgreSQL only).

Each thread has its own application context, hence its own database session and connection,
as two gunicorn workers would. A barrier releases them together.
"""
import threading
from collections import Counter

import pytest
from sqlalchemy import func, select

from app.accounts.models import User
from app.core.errors import Conflict
from app.events.models import Session
from app.extensions import db
from app.notifications.models import OutboxMessage
from app.registrations import services
from app.registrations.models import Registration
from tests.factories import make_session, make_user


@pytest.fixture(autouse=True)
def postgresql_only():
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite serialises every write: the race only exists on PostgreSQL")


def register_all_at_once(app, session_id: int, user_ids: list[int]) -> tuple[list[str], list[str]]:
    """Each user registers from their own thread; returns the statuses and the errors."""
    barrier = threading.Barrier(len(user_ids))
    statuses, errors = [], []

    def attempt(user_id: int) -> None:
        with app.app_context():
            try:
                session, user = db.session.get(Session, session_id), db.session.get(User, user_id)
                db.session.commit()  # give the connection back while waiting: the pool is smaller than the crowd
                barrier.wait(timeout=60)
                statuses.append(str(services.register(session, user).status))
            except Conflict:
                statuses.append("conflict")
            except Exception as error:  # noqa: BLE001 - reported by the test
                errors.append(f"{type(error).__name__}: {error}")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=attempt, args=(user_id,)) for user_id in user_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return statuses, errors


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
    print(f"\nconcurrency: 8 clicks by one person -> {dict(Counter(statuses))}, errors={errors}")
    assert errors == []
    assert Counter(statuses) == Counter({"confirmed": 1, "conflict": 7})
    assert db.session.get(Session, session.id).confirmed_seats == 1
    assert db.session.scalar(select(func.count()).select_from(Registration)) == 1
