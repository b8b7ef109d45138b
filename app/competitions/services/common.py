"""What the competitions services share: cleaning input, refusals that name their field, safe commits."""
from __future__ import annotations

from sqlalchemy.exc import IntegrityError

from app.core.errors import Conflict
from app.core.uploads import delete_upload
from app.extensions import db


def clean(value):
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def commit_or_conflict(message, *, field: str | None = None, cleanup=(), **params) -> None:
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        for path in cleanup:
            delete_upload(path)
        raise Conflict(message, field=field, **params) from None
