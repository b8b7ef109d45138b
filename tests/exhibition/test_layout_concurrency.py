"""Organisers placing booths at the same instant: no two booths overlap, no code is used twice (PostgreSQL only).

The harness (one thread, application context and connection each, released together) is tests/concurrency.py.
"""
from collections import Counter
from functools import partial

from sqlalchemy import select

from app.exhibition.models import Booth, Hall
from app.exhibition.services import layout as services
from app.extensions import db
from tests.concurrency import kinds, requires_postgresql, run_together
from tests.factories import make_booth_type, make_edition, make_hall

pytestmark = requires_postgresql


def place(ready, hall_id: int, **fields) -> str:
    hall = db.session.get(Hall, hall_id)
    ready()
    services.save_booth(hall, **fields)
    return "placed"


def place_all_at_once(app, attempts: list[dict]) -> tuple[list[str], list[str]]:
    """Each attempt (``hall_id`` and the booth's fields) runs in its own thread; returns the outcomes and errors."""
    return run_together(app, [partial(place, **fields) for fields in attempts])


def test_ten_organisers_place_booths_on_the_same_spot(app):
    edition = make_edition()
    hall = make_hall(edition, width=30, depth=10)
    booth_type = make_booth_type(edition)

    outcomes, errors = place_all_at_once(app, [
        dict(hall_id=hall.id, code=f"A-{n}", booth_type_id=booth_type.id, x=1.0 + n / 10, y=1.0) for n in range(10)])

    placed = db.session.scalars(select(Booth.code)).all()
    assert errors == []
    assert kinds(outcomes) == Counter({"placed": 1, "conflict": 9})
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
    assert kinds(outcomes) == Counter({"placed": 1, "conflict": 9})
    assert db.session.scalars(select(Booth.code)).all() == ["X-1"]
