"""How many SQL statements, and how long, the public festival pages take with 10 and 500 sessions.

    .venv/bin/python tests/benchmarks/program.py [--repeat 5]

Builds a scratch SQLite database in a temporary folder (nothing else is touched), creates an
edition with 10 sessions, then 490 more, and requests each page with Flask's test client.
Not a test: pytest does not collect it (its name does not start with ``test_``).
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(PROJECT_ROOT))

from app.core import time as core_time  # noqa: E402
from app.extensions import db  # noqa: E402
from tests.benchmarks.scratch import measure, scratch_app  # noqa: E402
from tests.events.test_queries_counts import add_sessions, build_festival  # noqa: E402

PAGES = {
    "landing": "/e/national-2026/",
    "program": "/e/national-2026/program",
    "program, one day": "/e/national-2026/program?day=2026-12-11",
    "speakers": "/e/national-2026/speakers",
}



def report(client, sessions: int, repeat: int) -> None:
    for name, url in PAGES.items():
        queries, milliseconds, size = measure(client, url, repeat)
        print(f"{sessions:>8}  {name:<18} {queries:>7}  {milliseconds:>9.1f}  {size / 1024:>8.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="requests per page (the median time is shown)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        app = scratch_app(scratch)
        core_time.freeze(datetime(2026, 11, 23, 3, tzinfo=UTC))  # before the festival: countdown shown
        with app.app_context():
            db.create_all()
            edition, rooms, villages, speakers = build_festival()
            client = app.test_client()
            client.set_cookie("techfest_locale", "en")
            print(f"{'sessions':>8}  {'page':<18} {'queries':>7}  {'median ms':>9}  {'size KB':>8}")
            add_sessions(edition, rooms, villages, speakers, first=0, count=10)
            report(client, 10, args.repeat)
            add_sessions(edition, rooms, villages, speakers, first=10, count=490)
            report(client, 500, args.repeat)
            db.session.remove()
            db.engine.dispose()


if __name__ == "__main__":
    main()
