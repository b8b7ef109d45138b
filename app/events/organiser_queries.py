"""Reads for the organiser pages: editions with their figures, venues, and the agenda by day.

Each function runs a fixed number of SQL statements, however much an edition holds
(``tests/events/test_manage_*.py`` count them).
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from app.accounts.models import Role, RoleGrant
from app.accounts.permissions import is_admin
from app.events.models import Edition, Room, Session, Speaker, Venue, Village
from app.extensions import db
from app.registrations.models import Registration, RegistrationStatus


@dataclass(frozen=True)
class EditionSummary:
    edition: Edition
    sessions: int  # scheduled
    registrations: int  # confirmed or waitlisted


def organised_editions(user) -> list[EditionSummary]:
    """The editions ``user`` runs (all of them for administrators and platform-wide organisers), newest first."""
    query = select(Edition).order_by(Edition.starts_on.desc(), Edition.id.desc())
    runs_all = is_admin(user) or any(g.role == Role.ORGANISER and g.edition_id is None for g in user.role_grants)
    if not runs_all:
        query = query.where(Edition.id.in_(
            [g.edition_id for g in user.role_grants if g.role == Role.ORGANISER and g.edition_id is not None]))
    editions = db.session.scalars(query).all()
    ids = [edition.id for edition in editions]
    sessions = dict(db.session.execute(
        select(Session.edition_id, func.count()).where(Session.edition_id.in_(ids), Session.status == "scheduled")
        .group_by(Session.edition_id)
    ).all()) if ids else {}
    registrations = dict(db.session.execute(
        select(Session.edition_id, func.count(Registration.id)).join(Registration, Registration.session_id == Session.id)
        .where(Session.edition_id.in_(ids), Registration.status != RegistrationStatus.CANCELLED)
        .group_by(Session.edition_id)
    ).all()) if ids else {}
    return [EditionSummary(e, sessions.get(e.id, 0), registrations.get(e.id, 0)) for e in editions]


@dataclass(frozen=True)
class EditionFigures:
    venues: int
    rooms: int
    villages: int
    speakers: int
    sessions: int  # scheduled
    cancelled_sessions: int
    confirmed: int  # registrations
    waitlisted: int
    organisers: int  # of this edition (not counting platform-wide ones)


def _count(model, *conditions, join=None):
    statement = select(func.count()).select_from(model)
    if join is not None:
        statement = statement.join(*join)
    return statement.where(*conditions).scalar_subquery()


def edition_figures(edition: Edition) -> EditionFigures:
    """Everything the edition dashboard counts, in one statement."""
    in_edition = Session.edition_id == edition.id
    registrations_join = (Session, Registration.session_id == Session.id)
    row = db.session.execute(select(
        _count(Venue, Venue.edition_id == edition.id),
        _count(Room, Venue.edition_id == edition.id, join=(Venue, Room.venue_id == Venue.id)),
        _count(Village, Village.edition_id == edition.id),
        _count(Speaker, Speaker.edition_id == edition.id),
        _count(Session, in_edition, Session.status == "scheduled"),
        _count(Session, in_edition, Session.status == "cancelled"),
        _count(Registration, in_edition, Registration.status == RegistrationStatus.CONFIRMED, join=registrations_join),
        _count(Registration, in_edition, Registration.status == RegistrationStatus.WAITLISTED, join=registrations_join),
        _count(RoleGrant, RoleGrant.edition_id == edition.id, RoleGrant.role == Role.ORGANISER),
    )).one()
    return EditionFigures(*row)


def edition_venues(edition: Edition) -> list[Venue]:
    """The edition's venues by name, with their rooms."""
    return list(db.session.scalars(
        select(Venue).where(Venue.edition_id == edition.id).options(selectinload(Venue.rooms))
        .order_by(Venue.name, Venue.id)
    ))


@dataclass(frozen=True)
class AgendaLine:
    session: Session
    confirmed: int  # registrations (people or teams) holding seats
    waitlisted: int


def agenda_by_day(edition: Edition) -> list[tuple[date, list[AgendaLine]]]:
    """Every session of the edition (cancelled ones too), grouped by day in the edition's timezone."""
    sessions = db.session.scalars(
        select(Session).where(Session.edition_id == edition.id)
        .options(joinedload(Session.room).joinedload(Room.venue), joinedload(Session.village),
                 selectinload(Session.speakers))
        .order_by(Session.starts_at, Session.id)
    ).unique().all()
    counts = {(session_id, status): n for session_id, status, n in db.session.execute(
        select(Registration.session_id, Registration.status, func.count()).join(Session)
        .where(Session.edition_id == edition.id).group_by(Registration.session_id, Registration.status)
    )}
    lines = [AgendaLine(s, counts.get((s.id, RegistrationStatus.CONFIRMED), 0),
                        counts.get((s.id, RegistrationStatus.WAITLISTED), 0)) for s in sessions]
    return [(day, list(group)) for day, group in
            itertools.groupby(lines, key=lambda line: line.session.starts_at.astimezone(edition.zone).date())]
