"""The same visitor opening a stall in many tabs at once is still one visit (PostgreSQL only).

The harness (one thread, application context and connection each, released together) is tests/concurrency.py.
"""
from datetime import date

from sqlalchemy import func, select

from app.extensions import db
from app.stalls import services
from app.stalls.models import Brochure, Stall, StallVisit
from tests.concurrency import requires_postgresql, run_together
from tests.factories import make_stall

pytestmark = requires_postgresql


def all_at_once(app, count: int, action) -> tuple[list, list[str]]:
    """Run ``action()`` from ``count`` threads released together; returns the results and the errors.

    Nothing is a refusal here: a ``Conflict`` is an error like any other.
    """
    def job(ready):
        ready()
        return action()

    return run_together(app, [job] * count, refusals=())


def test_twenty_simultaneous_views_by_one_visitor_count_once(app):
    stall_id = make_stall().id

    def view():
        return services.record_visit(db.session.get(Stall, stall_id), day=date(2026, 12, 10), visitor_key="k" * 64)

    results, errors = all_at_once(app, 20, view)

    assert (errors, sorted(results)) == ([], [False] * 19 + [True])
    assert db.session.scalar(select(func.count()).select_from(StallVisit)) == 1


def test_simultaneous_downloads_all_count(app):
    stall = make_stall()
    brochure = Brochure(stall=stall, title="Profile", path="private/brochures/x.pdf", size_bytes=10)
    db.session.add(brochure)
    db.session.commit()
    brochure_id = brochure.id

    results, errors = all_at_once(app, 20, lambda: services.count_brochure_download(
        db.session.get(Brochure, brochure_id)))

    db.session.expire_all()
    assert (errors, len(results), db.session.get(Brochure, brochure_id).downloads) == ([], 20, 20)
