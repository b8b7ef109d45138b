"""Seats in sessions: register, cancel, waitlist promotion, check-in and reminders.

Capacity holds under concurrent requests because the session row's ``confirmed_seats`` is
only ever changed by a conditional ``UPDATE … WHERE confirmed_seats + n <= capacity`` (and
a CHECK constraint refuses anything else), inside a transaction that first locks the
session row on PostgreSQL.
"""
from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import NamedTuple

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from app.core.errors import Conflict, DomainError, NotAllowed
from app.core.time import utcnow
from app.events.models import Session
from app.exhibition.models import BoothApplication, StaffPass
from app.extensions import db
from app.registrations import notifications
from app.registrations.codes import display_code, new_code, normalise_code
from app.registrations.models import Registration, RegistrationStatus
from app.registrations.queries import find_registration, registration_refusal  # noqa: F401 - part of the API
from app.teams.models import Organisation
from app.teams.permissions import is_member

REMINDER_LEAD_TIME = timedelta(hours=24)


class RegistrationClosed(DomainError):
    status_code = 409


class UnknownCode(DomainError):
    status_code = 404


class WrongDesk(Conflict):
    """A code that belongs to the other check-in desk: ``owner`` is the ticket or staff pass it belongs to."""

    def __init__(self, message, *, owner, **params):
        super().__init__(message, **params)
        self.owner = owner


SESSION_TICKET, STAFF_PASS = "session ticket", "staff pass"


class ScannedCode(NamedTuple):
    code: str  # normalised
    kind: str | None  # SESSION_TICKET, STAFF_PASS, or None when nothing has the code
    owner: Registration | StaffPass | None


def _lock_session(session: Session) -> Session:
    """Serialise registration changes for one session (a row lock on PostgreSQL)."""
    locked = select(Session).where(Session.id == session.id).with_for_update()
    return db.session.scalar(locked.execution_options(populate_existing=True)) or session


def _take_seats(session_id: int, seats: int) -> bool:
    result = db.session.execute(
        update(Session)
        .where(Session.id == session_id,
               or_(Session.capacity.is_(None), Session.confirmed_seats + seats <= Session.capacity))
        .values(confirmed_seats=Session.confirmed_seats + seats)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def _release_seats(session_id: int, seats: int) -> None:
    db.session.execute(
        update(Session).where(Session.id == session_id)
        .values(confirmed_seats=Session.confirmed_seats - seats)
        .execution_options(synchronize_session=False)
    )


def register(session: Session, user, *, organisation: Organisation | None = None, seats: int = 1) -> Registration:
    """Give ``user`` (or their team) a seat, or a place on the waitlist when the session is full."""
    refusal = registration_refusal(session)
    if refusal:
        raise RegistrationClosed(refusal)
    seats = _check_team_rules(session, user, organisation, seats)
    session = _lock_session(session)
    registration = _existing_registration(session, user, organisation)
    if registration is not None and registration.is_active:
        db.session.rollback()  # release the session's row lock at once
        if organisation is not None and registration.organisation_id == organisation.id:
            raise Conflict(_l("%(team)s is already registered for this session."), team=organisation.name)
        raise Conflict(_l("You are already registered for this session."))
    # Take the seats before adding the row: the row is only flushed once its status is known.
    confirmed = _take_seats(session.id, seats)
    if registration is None:
        registration = Registration(session_id=session.id, check_in_code=new_code())
    registration.user, registration.organisation, registration.seats = user, organisation, seats
    registration.queued_at, registration.cancelled_at = utcnow(), None
    registration.checked_in_at = registration.checked_in_by_id = registration.reminder_sent_at = None
    registration.status = RegistrationStatus.CONFIRMED if confirmed else RegistrationStatus.WAITLISTED
    registration.confirmed_at = utcnow() if confirmed else None
    db.session.add(registration)
    try:
        db.session.flush()
    except IntegrityError:  # the same person (or team) registering twice at the same instant
        db.session.rollback()
        raise Conflict(_l("You are already registered for this session.")) from None
    notifications.notify_registration(registration)
    db.session.commit()
    return registration


def _check_team_rules(session: Session, user, organisation, seats: int) -> int:
    if not session.registers_teams:
        if organisation is not None:
            raise DomainError(_l("This session registers people, not teams."))
        return 1
    if organisation is None or organisation.kind != "startup":
        raise DomainError(_l("This session registers whole startup teams: choose your team."))
    if not is_member(user, organisation):
        raise NotAllowed(_l("You can only register a team you belong to."))
    if not 1 <= seats <= session.seats_per_team:
        raise DomainError(_l("A team may take between 1 and %(max)d seats."), max=session.seats_per_team)
    return seats


def _existing_registration(session: Session, user, organisation) -> Registration | None:
    query = select(Registration).where(Registration.session_id == session.id)
    if organisation is not None:
        team = db.session.scalar(query.where(Registration.organisation_id == organisation.id))
        if team is not None:
            return team
    return db.session.scalar(query.where(Registration.user_id == user.id))


def cancel(registration: Registration) -> list[Registration]:
    """Give up a seat or a waitlist place; freed seats go to the waitlist in the same transaction."""
    if not registration.is_active:
        raise Conflict(_l("This registration is already cancelled."))
    if registration.session.starts_at <= utcnow():
        raise RegistrationClosed(_l("This session has already started."))
    session = _lock_session(registration.session)
    was_confirmed = registration.is_confirmed
    registration.status, registration.cancelled_at = RegistrationStatus.CANCELLED, utcnow()
    db.session.flush()
    promoted = []
    if was_confirmed:
        _release_seats(session.id, registration.seats)
        if not session.is_cancelled:  # nobody is promoted into a cancelled session
            promoted = _promote_waitlist(session)
    db.session.commit()
    return promoted


def _promote_waitlist(session: Session) -> list[Registration]:
    """Confirm waitlisted registrations in the order they queued, while seats are free.

    Strictly first come, first served: a team waiting for more seats than are free keeps its
    turn and is not overtaken by later, smaller registrations.
    """
    waiting = db.session.scalars(
        select(Registration)
        .where(Registration.session_id == session.id, Registration.status == RegistrationStatus.WAITLISTED)
        .order_by(Registration.queued_at, Registration.id)
    ).all()
    promoted = []
    for registration in waiting:
        if not _take_seats(session.id, registration.seats):
            break
        registration.status, registration.confirmed_at = RegistrationStatus.CONFIRMED, utcnow()
        notifications.notify_promoted(registration)
        promoted.append(registration)
    return promoted


def promote_after_capacity_change(session: Session) -> list[Registration]:
    """After an organiser raises the capacity, fill the new seats from the waitlist."""
    promoted = _promote_waitlist(_lock_session(session))
    db.session.commit()
    return promoted


def scan_code(typed: str) -> ScannedCode:
    """What a typed or scanned code (or ticket or pass URL) belongs to: a session ticket or a staff pass.

    The one lookup both check-in desks share, so each can tell a code meant for the other desk.
    """
    code = normalise_code(typed)
    if not code:
        return ScannedCode(code, None, None)
    registration = db.session.scalar(
        select(Registration).options(selectinload(Registration.user)).where(Registration.check_in_code == code))
    if registration is not None:
        return ScannedCode(code, SESSION_TICKET, registration)
    staff_pass = db.session.scalar(
        select(StaffPass).options(selectinload(StaffPass.application).selectinload(BoothApplication.organisation))
        .where(StaffPass.check_in_code == code))
    return ScannedCode(code, STAFF_PASS if staff_pass is not None else None, staff_pass)


def registration_for_code(typed: str) -> Registration:
    """The registration a typed or scanned code (or ticket URL) belongs to; ``UnknownCode`` if none.

    A staff pass is refused with ``WrongDesk``: it is checked in at the exhibition entrance.
    """
    scanned = scan_code(typed)
    if scanned.kind == STAFF_PASS:
        raise WrongDesk(_l("This is an exhibitor's staff pass (%(name)s, %(exhibitor)s): check it in at the "
                           "exhibition entrance."), owner=scanned.owner, name=scanned.owner.name,
                        exhibitor=scanned.owner.application.organisation.name)
    if scanned.kind is None:
        raise UnknownCode(_l("No registration has the code %(code)s."), code=scanned.code[:20] or "–")
    return scanned.owner


def check_in(session: Session, typed_code: str, *, by) -> Registration:
    """Mark a confirmed participant as arrived; refuse codes for another session or already used."""
    registration = registration_for_code(typed_code)
    if registration.session_id != session.id:
        raise Conflict(_l("This code is for another session: %(title)s."), title=registration.session.title)
    if not registration.is_confirmed:
        raise Conflict(_l("%(name)s is not confirmed for this session (%(status)s)."),
                       name=registration.user.name, status=registration.status_label)
    now = utcnow()
    result = db.session.execute(
        update(Registration)
        .where(Registration.id == registration.id, Registration.checked_in_at.is_(None))
        .values(checked_in_at=now, checked_in_by_id=by.id)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        db.session.rollback()
        db.session.refresh(registration)
        raise Conflict(_l("Code %(code)s was already used: %(name)s arrived at %(time)s."),
                       code=display_code(registration.check_in_code), name=registration.user.name,
                       time=registration.checked_in_at.astimezone(session.edition.zone).strftime("%H:%M"))
    db.session.commit()
    db.session.refresh(registration)
    return registration


def send_due_reminders(now: datetime | None = None) -> int:
    """Remind confirmed participants of sessions starting within 24 hours; never twice.

    Each reminder is claimed by a conditional UPDATE of ``reminder_sent_at`` in the same
    transaction as its outbox row, so two runs at once cannot both send it.
    """
    now = now or utcnow()
    due = db.session.scalars(
        select(Registration.id).join(Registration.session).where(
            Registration.status == RegistrationStatus.CONFIRMED, Registration.reminder_sent_at.is_(None),
            Session.status == "scheduled", Session.starts_at > now, Session.starts_at <= now + REMINDER_LEAD_TIME,
        ).order_by(Registration.id)
    ).all()
    sent = 0
    for registration_id in due:
        claimed = db.session.execute(
            update(Registration).where(Registration.id == registration_id, Registration.reminder_sent_at.is_(None))
            .values(reminder_sent_at=now).execution_options(synchronize_session=False)
        ).rowcount
        if claimed:
            notifications.notify_reminder(db.session.get(Registration, registration_id))
            sent += 1
        db.session.commit()
    return sent


def ensure_calendar_token(user) -> str:
    """The secret of the person's calendar feed URL, created on first use."""
    if not user.calendar_token:
        user.calendar_token = secrets.token_urlsafe(32)
        db.session.commit()
    return user.calendar_token


def reset_calendar_token(user) -> str:
    """Replace the calendar feed URL: the old one stops working (it was shared by mistake)."""
    user.calendar_token = secrets.token_urlsafe(32)
    db.session.commit()
    return user.calendar_token
