"""A second application for settings the session-wide ``app`` cannot take (rate limits, CSRF)."""
from __future__ import annotations

from contextlib import contextmanager

from app import create_app
from app.config import TestConfig
from app.extensions import db, limiter


@contextmanager
def another_app(app, **overrides):
    """Build an app like the test app (same database) with ``overrides``; undo its side effects after.

    Extensions are module-level singletons. Most keep their state per app, but Flask-Limiter
    keeps ``enabled``, its storage and its strategy on the ``limiter`` object itself: an app
    built with ``RATELIMIT_ENABLED=True`` would switch rate limiting on for the session app
    too (its routes share the decorated view functions). So the limiter's attributes are
    saved before and put back after.
    """
    saved_limiter = dict(vars(limiter))
    try:
        second = create_app({
            **{key: getattr(TestConfig, key) for key in dir(TestConfig) if key.isupper()},
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "UPLOAD_FOLDER": app.config["UPLOAD_FOLDER"],
            **overrides,
        })
        try:
            yield second
        finally:
            with second.app_context():
                db.session.remove()
                db.engine.dispose()
    finally:
        vars(limiter).clear()
        vars(limiter).update(saved_limiter)
