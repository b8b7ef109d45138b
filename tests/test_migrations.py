"""Models and migrations agree: an empty database upgraded to head has exactly the models' schema.

Runs on a scratch database of its own (a temporary SQLite file, or a freshly created
PostgreSQL database next to ``TEST_DATABASE_URL``), never on the suite's shared one.
"""
from __future__ import annotations

import logging
import os
import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, func, inspect, select, text
from sqlalchemy.engine import make_url

from app import create_app
from app.config import TestConfig, normalise_database_url
from app.extensions import db, migrate
from app.teams.models import Province
from app.teams.provinces import PROVINCES


@pytest.fixture
def scratch_database_url(tmp_path):
    """The URL of an empty database that exists only for one test."""
    server_url = os.environ.get("TEST_DATABASE_URL")
    if not server_url:
        yield f"sqlite:///{tmp_path / 'migrations.db'}"
        return
    server_url = make_url(normalise_database_url(server_url))
    name = f"techfest_migrations_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield server_url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def preserved_logging():
    """Alembic's env.py runs ``logging.config.fileConfig``, which disables every logger it does
    not name (``app`` included) and replaces the root handlers; put things back for later tests."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    disabled = {name: logger.disabled for name, logger in logging.root.manager.loggerDict.items()
                if isinstance(logger, logging.Logger)}
    levels = {name: logging.getLogger(name).level for name in ("alembic", "flask_migrate", "sqlalchemy.engine")}
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    for name, logger in logging.root.manager.loggerDict.items():
        if isinstance(logger, logging.Logger):
            logger.disabled = disabled.get(name, False)
    for name, logger_level in levels.items():
        logging.getLogger(name).setLevel(logger_level)


@pytest.fixture
def scratch_app(scratch_database_url, tmp_path, preserved_logging):
    """A second application on the scratch database (engines are per app in Flask-SQLAlchemy 3)."""
    application = create_app({
        **{key: getattr(TestConfig, key) for key in dir(TestConfig) if key.isupper()},
        "SQLALCHEMY_DATABASE_URI": scratch_database_url,
        "UPLOAD_FOLDER": str(tmp_path / "uploads"),
    })
    with application.app_context():
        yield application
        db.session.remove()
        db.engine.dispose()


def schema_differences(application) -> list:
    """What autogenerate would write into a new migration, with the project's own settings."""
    options = {key: value for key, value in application.extensions["migrate"].configure_args.items()
               if key in ("compare_type", "render_item", "render_as_batch")}
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts=options)
        return compare_metadata(context, db.metadata)


def province_count() -> int:
    count = db.session.scalar(select(func.count()).select_from(Province))
    db.session.rollback()
    return count


def test_migrations_upgrade_empty_database_to_the_models_schema(scratch_app):
    upgrade()

    assert scratch_app.extensions["migrate"].configure_args["compare_type"] is True
    assert schema_differences(scratch_app) == []


def test_migrations_insert_the_34_provinces(scratch_app):
    upgrade()

    rows = db.session.execute(select(Province.code, Province.name_vi, Province.name_en, Province.is_current)
                              .order_by(Province.code)).all()
    assert len(rows) == 34
    assert sorted((code, vi, en, True) for code, vi, en in PROVINCES) == [tuple(row) for row in rows]


def test_migrations_downgrade_to_base_and_upgrade_again(scratch_app):
    upgrade()

    downgrade(revision="base")
    with db.engine.connect() as connection:
        assert inspect(connection).get_table_names() == ["alembic_version"]

    upgrade()
    assert schema_differences(scratch_app) == []
    assert province_count() == 34


def test_migrations_have_a_single_head(app):
    assert len(ScriptDirectory.from_config(migrate.get_config()).get_heads()) == 1
