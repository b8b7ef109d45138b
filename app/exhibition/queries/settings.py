"""The exhibition settings of an edition."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.exhibition.models import Exhibition
from app.extensions import db


def exhibition_of(edition) -> Exhibition | None:
    """The edition's exhibition settings, or ``None`` while organisers have not set them up."""
    return db.session.scalar(
        select(Exhibition).options(selectinload(Exhibition.days)).where(Exhibition.edition_id == edition.id)
    )


def online_state(edition, now) -> str:
    """``"open"``, ``"not_yet"`` or ``"closed"`` for the edition's virtual stalls (open when no window is set)."""
    exhibition = exhibition_of(edition)
    return "open" if exhibition is None else exhibition.online_state(now)
