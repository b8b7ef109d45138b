"""Reads of editions and their program that the public pages share.

Each function runs a fixed number of SQL statements, however many sessions an edition has:
relationships a page shows are loaded with the rows (``joinedload``/``selectinload``) and
numbers are counted by the database (``tests/events/test_queries_counts.py`` holds this).
"""
from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from app.core.time import utcnow
from app.events.models import Edition, EditionStatus, Room, Session, Speaker, Venue, Village
from app.extensions import db
from app.registrations.models import Registration, RegistrationStatus

SCHEDULED = "scheduled"


def public_editions() -> dict[str, list[Edition]]:
    """Published and archived editions, split into current, upcoming and past (by the edition's dates)."""
    editions = db.session.scalars(
        select(Edition).where(Edition.status.in_([EditionStatus.PUBLISHED, EditionStatus.ARCHIVED]))
        .order_by(Edition.starts_on.desc(), Edition.id.desc())
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


# Landing page ----------------------------------------------------------------------------

@dataclass(frozen=True)
class EditionNumbers:
    """The key numbers of an edition, counted by the database in one statement."""

    sessions: int
    speakers: int
    villages: int
    venues: int
    registrations: int
    first_session_at: datetime | None


def _count(model, *conditions):
    return select(func.count()).select_from(model).where(*conditions).scalar_subquery()


def edition_numbers(edition: Edition) -> EditionNumbers:
    """Scheduled sessions, speakers, villages, venues and active (confirmed or waitlisted) registrations."""
    scheduled = (Session.edition_id == edition.id, Session.status == SCHEDULED)
    registrations = (
        select(func.count()).select_from(Registration).join(Session, Registration.session_id == Session.id)
        .where(Session.edition_id == edition.id, Registration.status != RegistrationStatus.CANCELLED)
        .scalar_subquery()
    )
    row = db.session.execute(select(
        _count(Session, *scheduled),
        _count(Speaker, Speaker.edition_id == edition.id),
        _count(Village, Village.edition_id == edition.id),
        _count(Venue, Venue.edition_id == edition.id),
        registrations,
        select(func.min(Session.starts_at)).where(*scheduled).scalar_subquery(),
    )).one()
    return EditionNumbers(*row)


def edition_start(edition: Edition, numbers: EditionNumbers) -> datetime:
    """When the festival starts: its first session, else midnight of its first day (edition's time)."""
    if numbers.first_session_at is not None:
        return numbers.first_session_at
    return datetime.combine(edition.starts_on, time.min, tzinfo=edition.zone).astimezone(UTC)


def edition_villages(edition: Edition) -> list[Village]:
    """The edition's villages in their display order, with their heads."""
    return list(db.session.scalars(
        select(Village).where(Village.edition_id == edition.id)
        .options(joinedload(Village.head), joinedload(Village.co_head))
        .order_by(Village.position, Village.id)
    ))


def edition_speakers(edition: Edition, *, limit: int | None = None, with_sessions: bool = False) -> list[Speaker]:
    """The edition's speakers by name; ``with_sessions`` also loads the sessions each one speaks at."""
    query = select(Speaker).where(Speaker.edition_id == edition.id).order_by(Speaker.name, Speaker.id).limit(limit)
    if with_sessions:
        query = query.options(selectinload(Speaker.sessions))
    return list(db.session.scalars(query))


def sessions_per_day(edition: Edition) -> list[tuple[date, int]]:
    """How many scheduled sessions each day of the program has, days in the edition's timezone."""
    starts = db.session.scalars(
        select(Session.starts_at).where(Session.edition_id == edition.id, Session.status == SCHEDULED)
    )
    per_day = Counter(moment.astimezone(edition.zone).date() for moment in starts)
    return sorted(per_day.items())


def upcoming_sessions(edition: Edition, *, limit: int = 5) -> list[Session]:
    """The next scheduled sessions not yet over (none once the festival has ended)."""
    return list(db.session.scalars(
        _program_query(edition, with_speakers=False)
        .where(Session.status == SCHEDULED, Session.ends_at > utcnow()).limit(limit)
    ))


# Program ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class ProgramDay:
    day: date
    sessions: list[Session]


def edition_days(edition: Edition) -> list[date]:
    """Every day of the edition, first to last."""
    return [edition.starts_on + timedelta(days=n) for n in range((edition.ends_on - edition.starts_on).days + 1)]


def edition_rooms(edition: Edition) -> list[Room]:
    """Rooms of every venue of the edition, by venue then room name, with their venue."""
    return list(db.session.scalars(
        select(Room).join(Room.venue).where(Venue.edition_id == edition.id)
        .options(contains_eager(Room.venue)).order_by(Venue.name, Room.name)
    ))


def local_day_bounds(edition: Edition, day: date) -> tuple[datetime, datetime]:
    """The UTC instants between which ``day`` runs in the edition's timezone."""
    start = datetime.combine(day, time.min, tzinfo=edition.zone)
    end = datetime.combine(day + timedelta(days=1), time.min, tzinfo=edition.zone)
    return start.astimezone(UTC), end.astimezone(UTC)


def program(edition: Edition, *, day: date | None = None, kind: str | None = None, village_id: int | None = None,
            room_id: int | None = None) -> list[ProgramDay]:
    """The edition's sessions (cancelled ones included), filtered, grouped by day in the edition's timezone."""
    query = _program_query(edition)
    if day is not None:
        start, end = local_day_bounds(edition, day)
        query = query.where(Session.starts_at >= start, Session.starts_at < end)
    if kind:
        query = query.where(Session.kind == kind)
    if village_id is not None:
        query = query.where(Session.village_id == village_id)
    if room_id is not None:
        query = query.where(Session.room_id == room_id)
    sessions = db.session.scalars(query).all()
    return [ProgramDay(day, list(group))
            for day, group in itertools.groupby(sessions, key=lambda s: s.local_start().date())]


def session_details(edition: Edition, session_id: int) -> Session | None:
    """One session of ``edition`` with everything its page shows, or None."""
    return db.session.scalar(
        _program_query(edition).where(Session.id == session_id)
    )


def _program_query(edition: Edition, *, with_speakers: bool = True):
    # Session.edition is not loaded: the edition is already in the identity map, so
    # ``session.edition`` (used by local_start) costs no statement.
    query = (
        select(Session).where(Session.edition_id == edition.id)
        .options(joinedload(Session.room).joinedload(Room.venue), joinedload(Session.village))
        .order_by(Session.starts_at, Session.id)
    )
    return query.options(selectinload(Session.speakers)) if with_speakers else query
