"""Organisers placing booths at the same instant: no two booths overlap, no code is used twice (PostgreSQL only).

Each thread has its own application context, hence its own database session and connection,
as two gunicorn workers would. A barrier releases them together.
"""
import threading
from collections import Counter

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from app.core.errors import Conflict
from app.exhibition.models import Booth, Hall
from app.exhibition.services import layout as services
from app.extensions import db
from tests.factories import make_booth_type, make_edition, make_hall


@pytest.fixture(autouse=True)
def postgresql_only():
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite serialises every write: the race only exists on PostgreSQL")


def place_all_at_once(app, attempts: list[dict]) -> tuple[list[str], list[str]]:
    """Each attempt (``hall_id`` and the booth's fields) runs in its own thread; returns the outcomes and errors."""
    barrier = threading.Barrier(len(attempts))
    outcomes, errors = [], []

    def attempt(hall_id: int, **fields) -> None:
        with app.app_context(), force_locale("en"):
            try:
                hall = db.session.get(Hall, hall_id)
                db.session.commit()  # give the connection back while waiting
                barrier.wait(timeout=60)
                services.save_booth(hall, **fields)
                outcomes.append("placed")
            except Conflict as refusal:
                outcomes.append(f"conflict: {refusal}")
            except Exception as error:  # noqa: BLE001 - reported by the test
                errors.append(f"{type(error).__name__}: {error}")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=attempt, kwargs=fields) for fields in attempts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return outcomes, errors


def test_ten_organisers_place_booths_on_the_same_spot(app):
    edition = make_edition()
    hall = make_hall(edition, width=30, depth=10)
    booth_type = make_booth_type(edition)

    outcomes, errors = place_all_at_once(app, [
        dict(hall_id=hall.id, code=f"A-{n}", booth_type_id=booth_type.id, x=1.0 + n / 10, y=1.0) for n in range(10)])

    placed = db.session.scalars(select(Booth.code)).all()
    assert errors == []
    assert Counter(outcome.split(":")[0] for outcome in outcomes) == Counter({"placed": 1, "conflict": 9})
    assert len(placed) == 1
    assert {o for o in outcomes if o != "placed"} == {
        f"conflict: Booth A-{n} would overlap booth {placed[0]}. Choose another place." for n in range(10)
        if f"A-{n}" != placed[0]}


def test_ten_organisers_use_the_same_code_in_two_halls(app):
    edition = make_edition()
    halls = [make_hall(edition, code="A"), make_hall(edition, code="B")]
    booth_type = make_booth_type(edition)

    outcomes, errors = place_all_at_once(app, [
        dict(hall_id=halls[n % 2].id, code="X-1", booth_type_id=booth_type.id, x=4.0 * (n // 2), y=0.0)
        for n in range(10)])

    assert errors == []
    assert Counter(outcome.split(":")[0] for outcome in outcomes) == Counter({"placed": 1, "conflict": 9})
    assert db.session.scalars(select(Booth.code)).all() == ["X-1"]
