"""What the benchmark scripts share: an app on a scratch database, and timing one page.

Not a test module: pytest does not collect it.
"""
from __future__ import annotations

import statistics
import time

from sqlalchemy import event

from app import create_app
from app.config import TestConfig
from app.extensions import db


def scratch_app(folder: str, database_url: str | None = None):
    """The test configuration on ``database_url`` (default: a SQLite file in ``folder``), uploads in ``folder``."""
    return create_app({
        **{key: getattr(TestConfig, key) for key in dir(TestConfig) if key.isupper()},
        "SQLALCHEMY_DATABASE_URI": database_url or f"sqlite:///{folder}/benchmark.db",
        "UPLOAD_FOLDER": f"{folder}/uploads",
    })


def measure(client, url: str, repeat: int) -> tuple[int, float, int]:
    """(SQL statements, median milliseconds, response size in bytes) for one page, after a warm-up request."""
    statements = {"n": 0}

    def count(*args, **kwargs):
        statements["n"] += 1

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        client.get(url)  # warm-up: template compilation, first connection
        statements["n"] = 0
        timings, size = [], 0
        for _ in range(repeat):
            db.session.expire_all()  # nothing cached from the previous request
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
            size = len(response.data)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return statements["n"] // repeat, statistics.median(timings), size
