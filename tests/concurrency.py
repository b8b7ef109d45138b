"""The harness of the PostgreSQL-only race tests: many "requests" released at the same instant.

Each job runs in its own thread with its own application context, hence its own database session
and connection, as separate gunicorn workers would. A barrier releases them together.

A test module opts in with ``pytestmark = requires_postgresql`` and calls ``run_together``.
"""
from __future__ import annotations

import os
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Sequence

import pytest
from flask import Flask
from flask_babel import force_locale
from sqlalchemy.engine import make_url

from app.config import normalise_database_url
from app.core.errors import Conflict
from app.extensions import db

BARRIER_TIMEOUT = 60  # seconds a thread waits for the others to be ready
JOIN_TIMEOUT = 120  # seconds the test waits for each thread to finish


def on_postgresql() -> bool:
    """Whether the suite runs on PostgreSQL, decided as tests/conftest.py chooses the database."""
    url = os.environ.get("TEST_DATABASE_URL")
    return bool(url) and make_url(normalise_database_url(url)).get_backend_name() == "postgresql"


requires_postgresql = pytest.mark.skipif(
    not on_postgresql(), reason="SQLite serialises every write: the race only exists on PostgreSQL")


Job = Callable[[Callable[[], None]], object]


def run_together(app: Flask, jobs: Sequence[Job], *, locale: str = "en",
                 refusals: tuple[type[Exception], ...] = (Conflict,)) -> tuple[list, list[str]]:
    """Run every ``job(ready)`` in its own thread; return the outcomes and the unexpected errors.

    A job loads what it needs by id, calls ``ready()``, then acts and returns its outcome. ``ready()``
    commits (giving the pooled connection back while waiting: the pool is smaller than the crowd) and
    waits for the other jobs. A refusal (``Conflict`` unless told otherwise) is the outcome
    ``"conflict: <message>"``; any other exception goes to the errors as ``"<Type>: <message>"``.
    A job that fails before ``ready()`` breaks the barrier, so the others fail at once, not after a minute.
    """
    assert db.engine.dialect.name == "postgresql", "mark the module with requires_postgresql"
    barrier = threading.Barrier(len(jobs))
    outcomes, errors = [], []

    def attempt(job: Job) -> None:
        waited = False

        def ready() -> None:
            nonlocal waited
            db.session.commit()
            waited = True
            barrier.wait(timeout=BARRIER_TIMEOUT)

        with app.app_context(), force_locale(locale):
            try:
                outcomes.append(job(ready))
            except refusals as refusal:
                outcomes.append(f"conflict: {refusal}")
            except Exception as error:  # noqa: BLE001 - reported by the test
                errors.append(f"{type(error).__name__}: {error}")
            finally:
                if not waited:  # failed (or forgot) before the start: the others must not wait for it
                    barrier.abort()
                    errors.append(f"{getattr(job, '__name__', job)!r} never called ready()")
                db.session.remove()

    threads = [threading.Thread(target=attempt, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=JOIN_TIMEOUT)
    assert not any(thread.is_alive() for thread in threads)
    return outcomes, errors


def kinds(outcomes: Iterable) -> Counter:
    """Count outcomes without their messages: ``"conflict: Booth A-12 is taken."`` counts as ``"conflict"``."""
    return Counter(str(outcome).split(":")[0] for outcome in outcomes)
