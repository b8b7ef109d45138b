"""How routes declare who may use them.

Every view carries an ``access`` label (``public``, ``signed in``, a role name, ...), either
from one of the decorators below or from its blueprint's guard. A test walks the URL map and
fails if any endpoint forgets to declare one. Object-level rules (``can_edit_team``) live
in each domain's ``permissions.py`` and are enforced with :func:`require`.
"""
from __future__ import annotations

from functools import wraps
from typing import Callable

from flask import Blueprint, abort, redirect, request, url_for
from flask_login import current_user


def _mark(view, label: str):
    view.access = label
    return view


def public(view):
    """Anyone, signed in or not."""
    return _mark(view, "public")


def signed_in(view):
    """Any active, signed-in account."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if not current_user.is_authenticated:
            return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))
        return view(*args, **kwargs)

    return _mark(wrapper, "signed in")


def allowed_if(predicate: Callable, label: str):
    """A signed-in user for whom ``predicate(user)`` is true; others get 403."""

    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            if not current_user.is_authenticated:
                return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))
            require(predicate(current_user))
            return view(*args, **kwargs)

        return _mark(wrapper, label)

    return decorator


def guard_blueprint(blueprint: Blueprint, predicate: Callable, label: str) -> None:
    """Apply ``predicate`` to every route of ``blueprint``, so no organiser page can forget it."""

    @blueprint.before_request
    def check_access():
        if not current_user.is_authenticated:
            return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))
        require(predicate(current_user))

    blueprint.access = label


def require(allowed: bool) -> None:
    """Stop the request with 403 unless ``allowed``."""
    if not allowed:
        abort(403)


def access_of(app, endpoint: str) -> str | None:
    """The declared access label of ``endpoint`` (used by the test that checks every route)."""
    view = app.view_functions[endpoint]
    label = getattr(view, "access", None)
    if label is None and "." in endpoint:
        blueprint = app.blueprints.get(endpoint.rsplit(".", 1)[0])
        label = getattr(blueprint, "access", None)
    return label
