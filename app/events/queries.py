"""Reads of editions and their program that several pages share."""
from __future__ import annotations

from sqlalchemy import select

from app.core.time import utcnow
from app.events.models import Edition, EditionStatus


def public_editions() -> dict[str, list[Edition]]:
    """Published and archived editions, split into current, upcoming and past (by the edition's dates)."""
    from app.extensions import db

    editions = db.session.scalars(
        select(Edition).where(Edition.status.in_([EditionStatus.PUBLISHED, EditionStatus.ARCHIVED]))
        .order_by(Edition.starts_on.desc())
    ).all()
    groups = {"current": [], "upcoming": [], "past": []}
    for edition in editions:
        today = utcnow().astimezone(edition.zone).date()
        if edition.ends_on < today or edition.status == EditionStatus.ARCHIVED:
            groups["past"].append(edition)
        elif edition.starts_on > today:
            groups["upcoming"].append(edition)
        else:
            groups["current"].append(edition)
    groups["upcoming"].reverse()  # soonest first
    return groups
