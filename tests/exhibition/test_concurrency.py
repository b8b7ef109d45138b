"""Many exhibitors pressing "Take this booth" at the same instant: one booth, one exhibitor (PostgreSQL only).

The harness (one thread, application context and connection each, released together) is tests/concurrency.py.
"""
from collections import Counter
from functools import partial

from sqlalchemy import func, select

from app.accounts.models import User
from app.exhibition.models import Booth, BoothApplication, BoothBooking
from app.exhibition.services import applications as services
from app.extensions import db
from app.notifications.models import OutboxMessage
from tests.concurrency import kinds, requires_postgresql, run_together
from tests.exhibition.application_helpers import approved_application, exhibition_world
from tests.factories import make_booth, make_organisation

pytestmark = requires_postgresql


def pick(application_id: int, booth_id: int, user_id: int, ready) -> str:
    application = db.session.get(BoothApplication, application_id)
    booth, user = db.session.get(Booth, booth_id), db.session.get(User, user_id)
    ready()
    services.pick_booth(application, booth, by=user)
    return "booked"


def pick_all_at_once(app, attempts: list[tuple[int, int, int]]) -> tuple[list[str], list[str]]:
    """Each (application id, booth id, user id) picks from its own thread; returns the outcomes and the errors."""
    return run_together(app, [partial(pick, *attempt) for attempt in attempts])


def test_twenty_exhibitors_pick_the_same_booth(app):
    world = exhibition_world(picking=True)
    booth = world.booths["A-12"]
    exhibitors = [approved_application(world, make_organisation(name=f"Khởi nghiệp {n}")) for n in range(20)]

    outcomes, errors = pick_all_at_once(app, [(a.id, booth.id, a.organisation.owner.id) for a in exhibitors])

    db.session.expire_all()
    bookings = db.session.scalars(select(BoothBooking).where(BoothBooking.booth_id == booth.id)).all()
    taken = dict(db.session.execute(select(BoothApplication.id, BoothApplication.booths_taken)).all())
    mails = db.session.scalar(select(func.count()).select_from(OutboxMessage))
    print(f"\nconcurrency: 20 exhibitors, one booth -> {dict(kinds(outcomes))}, "
          f"bookings={len(bookings)}, outbox messages={mails}, errors={errors}")
    assert errors == []
    assert kinds(outcomes) == Counter({"booked": 1, "conflict": 19})
    assert len(bookings) == 1
    winner = db.session.get(BoothApplication, bookings[0].application_id)
    assert {outcome for outcome in outcomes if outcome != "booked"} <= {
        f"conflict: Booth A-12 was just taken by {winner.organisation.name}.",
        f"conflict: Booth A-12 is already taken by {winner.organisation.name}.",
    }
    assert sorted(taken.values()) == [0] * 19 + [1]
    assert mails == 1  # the winner's "your booth" mail; refusals leave nothing in the outbox


def test_one_exhibitor_picks_five_booths_at_once_with_an_allowance_of_one(app):
    world = exhibition_world(picking=True)
    exhibitor = approved_application(world, world.startup)
    booths = [world.booths["A-12"], world.booths["A-13"]] + [
        make_booth(world.hall, code=f"A-3{n}", booth_type=world.standard, x=20.0 + 4 * n) for n in range(3)]

    outcomes, errors = pick_all_at_once(app, [(exhibitor.id, booth.id, world.owner.id) for booth in booths])

    db.session.expire_all()
    print(f"\nconcurrency: 5 picks by one exhibitor -> {dict(Counter(outcomes))}, errors={errors}")
    assert errors == []
    assert Counter(outcomes) == Counter({
        "booked": 1, "conflict: Nông Nghiệp Xanh already has the 1 booth(s) it is allowed.": 4})
    assert db.session.scalar(select(func.count()).select_from(BoothBooking)) == 1
    assert db.session.get(BoothApplication, exhibitor.id).booths_taken == 1
