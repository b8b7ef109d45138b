"""The exhibition settings of an edition, and its booth types."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.exhibition.models import Booth, BoothType, Exhibition
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


def booth_types_of(edition) -> list[BoothType]:
    """The edition's booth types in their display order."""
    return list(db.session.scalars(
        select(BoothType).where(BoothType.edition_id == edition.id).order_by(BoothType.position, BoothType.id)
    ))


def booth_type_usage(edition) -> dict[int, int]:
    """Booth type id → how many booths of the edition's plans use it."""
    return dict(db.session.execute(
        select(Booth.booth_type_id, func.count()).where(Booth.edition_id == edition.id).group_by(Booth.booth_type_id)
    ).all())
