"""Fifteen visitors pressing "Book" on the same slot at the same instant (PostgreSQL only).

Each thread has its own application context, hence its own database session and connection,
as separate gunicorn workers would. A barrier releases them together; the partial unique
index on active meetings lets exactly one win and the others get a clean ``Conflict``.
"""
import threading
from collections import Counter

import pytest
from sqlalchemy import func, select

from app.accounts.models import User
from app.core.errors import Conflict
from app.extensions import db
from app.meetings import services
from app.meetings.models import Meeting, MeetingSlot
from app.notifications.models import OutboxMessage
from tests.factories import make_user
from tests.meetings.helpers import slot_at, stall_with_team


@pytest.fixture(autouse=True)
def postgresql_only():
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite serialises every write: the race only exists on PostgreSQL")


def book_all_at_once(app, slot_id: int, user_ids: list[int]) -> tuple[list[str], list[str]]:
    """Each visitor books from their own thread; returns the outcomes and any unexpected errors."""
    barrier = threading.Barrier(len(user_ids))
    outcomes, errors = [], []

    def attempt(user_id: int) -> None:
        with app.app_context():
            try:
                slot, visitor = db.session.get(MeetingSlot, slot_id), db.session.get(User, user_id)
                slot.stall.edition  # noqa: B018 - loaded before the race, like a request would
                db.session.commit()  # give the connection back while waiting: the pool is smaller than the crowd
                barrier.wait(timeout=60)
                services.book_meeting(slot, visitor=visitor, topic="Gặp nhau")
                outcomes.append("booked")
            except Conflict:
                outcomes.append("conflict")
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
    return outcomes, errors


def test_fifteen_visitors_one_slot_one_meeting(app):
    slot = slot_at(stall_with_team(), 10, 9)
    user_ids = [make_user().id for _ in range(15)]

    outcomes, errors = book_all_at_once(app, slot.id, user_ids)

    db.session.expire_all()
    meetings = db.session.scalar(select(func.count()).select_from(Meeting).where(Meeting.slot_id == slot.id))
    mails = db.session.scalar(select(func.count()).select_from(OutboxMessage))
    print(f"\nconcurrency: 15 visitors, one slot -> {dict(Counter(outcomes))}, meetings={meetings}, "
          f"outbox messages={mails}, errors={errors}")
    assert errors == []
    assert Counter(outcomes) == Counter({"booked": 1, "conflict": 14})
    assert meetings == 1
    assert mails == 2  # the winner's confirmation and the stall owner's notice, nothing for the losers
