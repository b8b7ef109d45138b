"""Fixtures shared by the whole suite.

The suite runs on SQLite by default and on PostgreSQL when ``TEST_DATABASE_URL`` is set.
The schema is created once per session; every test starts from empty tables.
"""
from __future__ import annotations

import os
from datetime import UTC, datetime

import pytest
from hypothesis import settings as hypothesis_settings
from sqlalchemy import text

from app import create_app
from app.config import TestConfig, normalise_database_url
from app.core import time as core_time
from app.extensions import db, mail


# CI replays the same hypothesis examples every run (a red build must be reproducible);
# locally each run explores new random inputs.
hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")


def database_url(tmp_path_factory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return normalise_database_url(url)
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    instance = tmp_path_factory.mktemp("instance")
    application = create_app({
        **{key: getattr(TestConfig, key) for key in dir(TestConfig) if key.isupper()},
        "SQLALCHEMY_DATABASE_URI": database_url(tmp_path_factory),
        "UPLOAD_FOLDER": str(instance / "uploads"),
    })
    with application.app_context():
        db.drop_all()
        db.create_all()
    yield application
    with application.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


def empty_all_tables() -> None:
    tables = db.metadata.sorted_tables
    if db.engine.dialect.name == "postgresql":
        names = ", ".join(f'"{table.name}"' for table in tables)
        db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in reversed(tables):
            db.session.execute(table.delete())
    db.session.commit()


@pytest.fixture(autouse=True)
def app_context(app):
    """Each test gets a fresh application context and empty tables afterwards."""
    with app.app_context():
        yield app
        db.session.rollback()
        empty_all_tables()
        db.session.remove()
    core_time.freeze(None)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def outbox(app):
    """Mail handed to Flask-Mail during the test (nothing leaves the machine)."""
    with mail.record_messages() as messages:
        yield messages


@pytest.fixture
def frozen_time():
    """Freeze ``utcnow``; call the fixture's value with an aware datetime to move the clock."""
    moment = datetime(2026, 11, 23, 3, 0, tzinfo=UTC)
    core_time.freeze(moment)

    def move_to(new_moment: datetime) -> datetime:
        core_time.freeze(new_moment)
        return new_moment

    move_to.start = moment
    yield move_to
    core_time.freeze(None)


@pytest.fixture
def login(client):
    """Sign ``user`` in on the test client (as the session cookie Flask-Login would set)."""

    def sign_in(user):
        with client.session_transaction() as session:
            session["_user_id"] = str(user.id)
            session["_fresh"] = True
        return user

    return sign_in


@pytest.fixture
def count_queries(app):
    """Count SQL statements run inside a ``with count_queries() as counter:`` block."""
    from contextlib import contextmanager

    from sqlalchemy import event

    @contextmanager
    def counting():
        counter = {"n": 0}

        def before_execute(*args, **kwargs):
            counter["n"] += 1

        event.listen(db.engine, "before_cursor_execute", before_execute)
        try:
            yield counter
        finally:
            event.remove(db.engine, "before_cursor_execute", before_execute)

    return counting


@pytest.fixture(autouse=True)
def fresh_request_globals(app):
    """Give every test-client request its own ``g``, as a real server does.

    ``app_context`` keeps one application context pushed for the whole test and Flask reuses
    it for the requests made meanwhile, so without this ``g`` carries over from one request
    to the next: Flask-Login's cached ``current_user`` (a deactivated or signed-out user
    would stay signed in) and Flask-Babel's cached locale (a language switch would not show).
    """
    from flask import g, request_started

    def clear_globals(sender, **extra):
        g.__dict__.clear()

    request_started.connect(clear_globals, app, weak=False)
    yield
    request_started.disconnect(clear_globals, app)
