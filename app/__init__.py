"""Techfest Platform: the web platform a startup festival runs on."""
from __future__ import annotations

from pathlib import Path

from flask import Flask

from app.config import PROJECT_ROOT, Config, development_secret_key, load_environment


def create_app(config: type | dict | None = None) -> Flask:
    """Build the application: configuration, extensions, blueprints, CLI and error pages."""
    import_models()
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    configure(app, config)
    init_extensions(app)
    register_blueprints(app)
    return app


def import_models() -> None:
    """Load every domain's models, so the metadata (and Alembic) always sees the whole schema."""
    import app.accounts.models  # noqa: F401
    import app.competitions.models  # noqa: F401
    import app.events.models  # noqa: F401
    import app.exhibition.models  # noqa: F401
    import app.judging.models  # noqa: F401
    import app.leads.models  # noqa: F401
    import app.meetings.models  # noqa: F401
    import app.notifications.models  # noqa: F401
    import app.registrations.models  # noqa: F401
    import app.stalls.models  # noqa: F401
    import app.teams.models  # noqa: F401


def configure(app: Flask, config: type | dict | None) -> None:
    app.config.from_object(Config)
    if isinstance(config, dict):
        app.config.update(config)
    elif config is not None:
        app.config.from_object(config)
    if config is None:
        load_environment(app.config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{Path(app.instance_path) / 'techfest.db'}"
    if not app.config.get("SECRET_KEY"):
        if app.config["APP_ENV"] == "production":
            raise RuntimeError("SECRET_KEY must be set in production (APP_ENV=production).")
        app.config["SECRET_KEY"] = development_secret_key(app.instance_path)
    app.config.setdefault("UPLOAD_FOLDER", None)
    if not app.config["UPLOAD_FOLDER"]:
        app.config["UPLOAD_FOLDER"] = str(Path(app.instance_path) / "uploads")
    if app.config["APP_ENV"] == "production":
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)


def init_extensions(app: Flask) -> None:
    from app.accounts.session import init_login
    from app.core.db import render_migration_item
    from app.core.errors import register_error_handlers
    from app.core.i18n import init_i18n, select_locale
    from app.core.templating import init_templating
    from app.extensions import babel, csrf, db, limiter, mail, migrate
    from app.notifications.outbox import init_outbox

    db.init_app(app)
    enforce_sqlite_foreign_keys(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"), render_as_batch=True,
                     compare_type=True, render_item=render_migration_item)
    mail.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    init_i18n(app)
    babel.init_app(app, locale_selector=select_locale)
    init_login(app)
    init_outbox(app)
    init_templating(app)
    register_error_handlers(app)


def enforce_sqlite_foreign_keys(app: Flask) -> None:
    """SQLite ignores foreign keys (and their ON DELETE rules) unless each connection asks."""
    from sqlalchemy import event

    from app.extensions import db

    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        return
    with app.app_context():
        engine = db.engine

    @event.listens_for(engine, "connect")
    def foreign_keys_on(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


def register_blueprints(app: Flask) -> None:
    from app.accounts.manage import bp as accounts_manage_bp
    from app.accounts.routes import bp as accounts_bp
    from app.core.cli import translate_cli
    from app.core.routes import bp as core_bp
    from app.competitions.manage import bp as competitions_manage_bp
    from app.competitions.routes import bp as competitions_bp
    from app.demo.cli import demo_cli
    from app.events.manage import bp as events_manage_bp
    from app.events.routes import bp as events_bp
    from app.exhibition.manage.applications import bp as exhibition_manage_bp
    from app.exhibition.manage.layout import bp as exhibition_layout_bp
    from app.exhibition.routes.exhibitor import bp as exhibitor_bp
    from app.exhibition.routes.public import bp as exhibition_bp
    from app.leads.routes import bp as leads_bp
    from app.meetings.routes import bp as meetings_bp
    from app.registrations.cli import registrations_cli
    from app.registrations.manage import bp as registrations_manage_bp
    from app.registrations.routes import bp as registrations_bp
    from app.judging.manage import bp as judging_manage_bp
    from app.judging.routes import bp as judging_bp
    from app.notifications.cli import mail_cli
    from app.notifications.manage import bp as outbox_manage_bp
    from app.results.manage import bp as results_manage_bp
    from app.results.routes import bp as results_bp
    from app.stalls.manage import bp as stalls_manage_bp
    from app.stalls.routes import bp as stalls_bp
    from app.teams.routes import bp as teams_bp

    for blueprint in (core_bp, accounts_bp, accounts_manage_bp, teams_bp, outbox_manage_bp, events_bp,
                      events_manage_bp, registrations_bp, registrations_manage_bp, mail_cli, demo_cli,
                      translate_cli, registrations_cli, competitions_bp, competitions_manage_bp, judging_bp,
                      judging_manage_bp, results_bp, results_manage_bp, exhibition_bp, exhibitor_bp,
                      exhibition_layout_bp, exhibition_manage_bp, stalls_bp, stalls_manage_bp, leads_bp,
                      meetings_bp):
        app.register_blueprint(blueprint)
