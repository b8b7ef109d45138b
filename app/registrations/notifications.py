"""Mail about seats in sessions: confirmation with QR code, waitlist, promotion, changes, reminders."""
from __future__ import annotations

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.core.urls import external_url
from app.extensions import db
from app.notifications.outbox import queue_email
from app.registrations.calendar import new_calendar, session_event, to_ics
from app.registrations.codes import display_code, qr_png
from app.registrations.models import Registration, RegistrationStatus


def ticket_url(registration: Registration) -> str:
    return external_url("registrations.ticket", code=registration.check_in_code)


def session_location(session) -> str | None:
    if session.room is not None:
        venue = session.room.venue
        return ", ".join(part for part in (session.room.name, venue.name, venue.address) if part)
    return None


def session_ics(registration: Registration, *, locale: str) -> bytes:
    session = registration.session
    with force_locale(locale):
        calendar = new_calendar(session.edition.name)
        calendar.add_component(session_event(
            session, url=external_url("events.session", slug=session.edition.slug, session_id=session.id),
            location=session_location(session), tentative=registration.is_waitlisted,
        ))
        return to_ics(calendar)


def _queue(registration: Registration, *, kind: str, subject, template: str, with_ticket: bool):
    user, session = registration.user, registration.session
    with force_locale(user.locale):
        title = session.title  # in the recipient's language, for the subject line
    attachments = [("session.ics", "text/calendar", session_ics(registration, locale=user.locale))]
    if with_ticket:
        attachments.insert(0, ("ticket-qr.png", "image/png", qr_png(ticket_url(registration))))
    queue_email(
        user.email, recipient_name=user.name, locale=user.locale, kind=kind, subject=subject,
        template=template, attachments=attachments, registration=registration, session=session,
        edition=session.edition, location=session_location(session), ticket_url=ticket_url(registration),
        code=display_code(registration.check_in_code),
        session_url=external_url("events.session", slug=session.edition.slug, session_id=session.id),
        program_url=external_url("events.program", slug=session.edition.slug),
        agenda_url=external_url("registrations.my_agenda"), title=title,
    )


def notify_registration(registration: Registration) -> None:
    """Confirm a seat (with the QR code and a calendar file), or say the person is on the waitlist."""
    if registration.is_confirmed:
        _queue(registration, kind="registrations.confirmed", with_ticket=True,
               subject=_l("Your seat is confirmed: %(title)s"), template="registrations/emails/confirmed")
    else:
        _queue(registration, kind="registrations.waitlisted", with_ticket=False,
               subject=_l("You are on the waitlist: %(title)s"), template="registrations/emails/waitlisted")


def notify_promoted(registration: Registration) -> None:
    """A seat was freed: tell the person who moved up from the waitlist."""
    _queue(registration, kind="registrations.promoted", with_ticket=True,
           subject=_l("A seat is yours: %(title)s"), template="registrations/emails/promoted")


def notify_reminder(registration: Registration) -> None:
    """Remind a confirmed participant the day before."""
    _queue(registration, kind="registrations.reminder", with_ticket=True,
           subject=_l("Reminder: %(title)s"), template="registrations/emails/reminder")


def _active_registrations(session):
    return db.session.scalars(
        select(Registration).where(Registration.session_id == session.id,
                                   Registration.status != RegistrationStatus.CANCELLED)
        .order_by(Registration.id)
    ).all()


def notify_session_changed(session) -> None:
    """Tell everyone registered that the time or place of a session changed."""
    for registration in _active_registrations(session):
        _queue(registration, kind="registrations.session_changed", with_ticket=False,
               subject=_l("Changed: %(title)s"), template="registrations/emails/session_changed")


def notify_session_cancelled(session) -> None:
    """Tell everyone registered that a session is cancelled."""
    for registration in _active_registrations(session):
        _queue(registration, kind="registrations.session_cancelled", with_ticket=False,
               subject=_l("Cancelled: %(title)s"), template="registrations/emails/session_cancelled")
