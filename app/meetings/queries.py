"""Reads about meetings: a stall's slots, a visitor's meetings, clashes, where exhibitors have their booth."""
from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from sqlalchemy import exists, select
from sqlalchemy.orm import joinedload, selectinload

from app.events.models import Session, Speaker, session_speakers
from app.exhibition.models import Booth
from app.extensions import db
from app.meetings.models import Meeting, MeetingSlot
from app.registrations.models import Registration, RegistrationStatus
from app.stalls.models import Stall
from app.stalls.queries import stall_booths


def future_slots(stall: Stall, now: datetime) -> list[MeetingSlot]:
    """The stall's slots that have not started yet, with their meetings (to tell free from booked)."""
    return list(db.session.scalars(
        select(MeetingSlot).options(selectinload(MeetingSlot.meetings))
        .where(MeetingSlot.stall_id == stall.id, MeetingSlot.starts_at > now)
        .order_by(MeetingSlot.starts_at)
    ))


def stall_slots(stall: Stall) -> list[MeetingSlot]:
    """All the stall's slots, each with its meetings and their visitors, in time order."""
    return list(db.session.scalars(
        select(MeetingSlot)
        .options(selectinload(MeetingSlot.meetings).options(joinedload(Meeting.visitor),
                                                            joinedload(Meeting.cancelled_by)))
        .where(MeetingSlot.stall_id == stall.id).order_by(MeetingSlot.starts_at)
    ))


def overlapping_slots(stall: Stall, starts_at: datetime, ends_at: datetime) -> list[MeetingSlot]:
    """The stall's slots sharing some time with ``starts_at``–``ends_at``."""
    return list(db.session.scalars(
        select(MeetingSlot).where(MeetingSlot.stall_id == stall.id, MeetingSlot.starts_at < ends_at,
                                  MeetingSlot.ends_at > starts_at).order_by(MeetingSlot.starts_at)
    ))


def visitor_clash(visitor, slot: MeetingSlot) -> Meeting | None:
    """The visitor's active meeting (at any stall) overlapping ``slot``, if any."""
    return db.session.scalar(
        select(Meeting).join(Meeting.slot)
        .where(Meeting.visitor_id == visitor.id, Meeting.cancelled_at.is_(None), MeetingSlot.id != slot.id,
               MeetingSlot.starts_at < slot.ends_at, MeetingSlot.ends_at > slot.starts_at)
        .order_by(MeetingSlot.starts_at).limit(1)
    )


class SessionClash(NamedTuple):
    """A session that takes the person's time, and whether they speak at it (else they are registered)."""

    session: Session
    speaking: bool


def session_clash(person, starts_at: datetime, ends_at: datetime) -> SessionClash | None:
    """The first scheduled session (of any edition) overlapping ``starts_at``–``ends_at`` that ``person`` speaks
    at or holds a confirmed registration for, with its edition; ``None`` if there is none. One query."""
    speaking = exists().where(session_speakers.c.session_id == Session.id,
                              session_speakers.c.speaker_id == Speaker.id, Speaker.user_id == person.id)
    attending = exists().where(Registration.session_id == Session.id, Registration.user_id == person.id,
                               Registration.status == RegistrationStatus.CONFIRMED)
    row = db.session.execute(
        select(Session, speaking.label("speaking")).options(joinedload(Session.edition))
        .where(Session.status != "cancelled", Session.starts_at < ends_at, Session.ends_at > starts_at,
               speaking | attending)
        .order_by(Session.starts_at, Session.id).limit(1)
    ).first()
    return None if row is None else SessionClash(row.Session, bool(row.speaking))


def visitor_meetings(visitor) -> list[Meeting]:
    """Every meeting the visitor booked, cancelled ones too, with slot, stall and edition, in time order."""
    return list(db.session.scalars(
        select(Meeting).join(Meeting.slot)
        .options(selectinload(Meeting.slot).selectinload(MeetingSlot.stall)
                 .options(selectinload(Stall.edition), selectinload(Stall.organisation)))
        .where(Meeting.visitor_id == visitor.id).order_by(MeetingSlot.starts_at, Meeting.id)
    ))


def booths_of(stalls) -> dict[int, Booth]:
    """Stall id → the booth its exhibitor booked at the same edition (the first by code), with its hall."""
    return {stall_id: booths[0] for stall_id, booths in stall_booths(stalls).items()}


def booth_of(stall: Stall) -> Booth | None:
    """The booth of the stall's exhibitor at its edition, if it has one."""
    return booths_of([stall]).get(stall.id)
