"""Fifteen visitors pressing "Book" on the same slot at the same instant (PostgreSQL only).

Each visitor books from a separate worker (the harness is tests/concurrency.py), all released
together; the partial unique index on active meetings lets exactly one win and the others get
a clean ``Conflict``.
"""
from collections import Counter
from functools import partial

from sqlalchemy import func, select

from app.accounts.models import User
from app.extensions import db
from app.meetings import services
from app.meetings.models import Meeting, MeetingSlot
from app.notifications.models import OutboxMessage
from tests.concurrency import kinds, requires_postgresql, run_together
from tests.factories import make_user
from tests.meetings.helpers import slot_at, stall_with_team

pytestmark = requires_postgresql


def book(slot_id: int, user_id: int, ready) -> str:
    slot, visitor = db.session.get(MeetingSlot, slot_id), db.session.get(User, user_id)
    slot.stall.edition  # noqa: B018 - loaded before the race, like a request would
    ready()
    services.book_meeting(slot, visitor=visitor, topic="Gặp nhau")
    return "booked"


def test_fifteen_visitors_one_slot_one_meeting(app):
    slot = slot_at(stall_with_team(), 10, 9)
    user_ids = [make_user().id for _ in range(15)]

    outcomes, errors = run_together(app, [partial(book, slot.id, user_id) for user_id in user_ids])

    db.session.expire_all()
    meetings = db.session.scalar(select(func.count()).select_from(Meeting).where(Meeting.slot_id == slot.id))
    mails = db.session.scalar(select(func.count()).select_from(OutboxMessage))
    print(f"\nconcurrency: 15 visitors, one slot -> {dict(kinds(outcomes))}, meetings={meetings}, "
          f"outbox messages={mails}, errors={errors}")
    assert errors == []
    assert kinds(outcomes) == Counter({"booked": 1, "conflict": 14})
    assert meetings == 1
    assert mails == 2  # the winner's confirmation and the stall owner's notice, nothing for the losers
