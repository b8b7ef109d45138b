"""The same visitor opening a stall in many tabs at once is still one visit (PostgreSQL only).

Each thread has its own application context, hence its own database session and connection,
as two gunicorn workers would. A barrier releases them together.
"""
import threading
from datetime import date

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.stalls import services
from app.stalls.models import Brochure, Stall, StallVisit
from tests.factories import make_stall


@pytest.fixture(autouse=True)
def postgresql_only():
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite serialises every write: the race only exists on PostgreSQL")


def all_at_once(app, count: int, action) -> tuple[list, list[str]]:
    """Run ``action()`` from ``count`` threads released together; returns the results and the errors."""
    barrier = threading.Barrier(count)
    results, errors = [], []

    def attempt() -> None:
        with app.app_context():
            try:
                barrier.wait(timeout=60)
                results.append(action())
            except Exception as error:  # noqa: BLE001 - reported by the test
                errors.append(f"{type(error).__name__}: {error}")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=attempt) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return results, errors


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
