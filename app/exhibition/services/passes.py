"""Exhibitor staff passes: named by the team once approved, emailed with a QR code, checked in at the
exhibition entrance once per exhibition day (the edition's time zone decides what "today" is).
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.accounts.models import normalise_email
from app.core.errors import Conflict, DomainError
from app.core.text import blank_to_none
from app.core.time import utcnow
from app.exhibition import notifications
from app.exhibition.models import ApplicationStatus, BoothApplication, StaffCheckIn, StaffPass
from app.exhibition.queries.settings import exhibition_of
from app.extensions import db
from app.registrations.codes import display_code, new_code
from app.registrations.services import SESSION_TICKET, STAFF_PASS, UnknownCode, WrongDesk, scan_code


def _lock_application(application: BoothApplication) -> BoothApplication:
    """Serialise pass changes of one exhibitor (a row lock on PostgreSQL), so two adds cannot overshoot."""
    locked = select(BoothApplication).where(BoothApplication.id == application.id).with_for_update()
    return db.session.scalar(locked.execution_options(populate_existing=True)) or application


def _unused_code() -> str:
    """A fresh check-in code that neither a session ticket nor another staff pass uses."""
    while True:
        code = new_code()
        if scan_code(code).kind is None:
            return code


def add_staff_pass(application: BoothApplication, *, name: str, email: str | None = None,
                   phone: str | None = None, by) -> StaffPass:
    """Name one of the booth staff (up to the application's staff count); the pass is emailed if it has an email."""
    name = " ".join((name or "").split())
    if not name:
        raise DomainError(_l("Give the staff member's name."), field="name")
    application = _lock_application(application)
    if application.status != ApplicationStatus.APPROVED:
        db.session.rollback()
        raise Conflict(_l("Staff passes are given once the application is approved."))
    held = db.session.scalar(select(func.count(StaffPass.id)).where(StaffPass.application_id == application.id))
    if held >= application.staff_count:
        db.session.rollback()
        raise Conflict(_l("All %(count)d staff passes of %(exhibitor)s are named: remove one first, or ask the "
                          "organisers for more."), count=application.staff_count,
                       exhibitor=application.organisation.name)
    email = blank_to_none(email)
    staff_pass = StaffPass(application=application, name=name, email=normalise_email(email) if email else None,
                           phone=blank_to_none(phone), check_in_code=_unused_code())
    db.session.add(staff_pass)
    db.session.flush()
    if staff_pass.email:
        notifications.notify_staff_pass(staff_pass, sender=by)
    db.session.commit()
    return staff_pass


def remove_staff_pass(staff_pass: StaffPass) -> None:
    """Take a pass back (someone cannot come); its place can be given to someone else."""
    db.session.delete(staff_pass)
    db.session.commit()


def email_staff_pass(staff_pass: StaffPass, *, by) -> None:
    """Send (again) a staff member their pass with its QR code."""
    if not staff_pass.email:
        raise Conflict(_l("%(name)s has no email address on the pass."), name=staff_pass.name)
    if staff_pass.application.status != ApplicationStatus.APPROVED:
        raise Conflict(_l("This pass is not valid: the application is %(status)s."),
                       status=staff_pass.application.status_label)
    notifications.notify_staff_pass(staff_pass, sender=by)
    db.session.commit()


def staff_pass_for_entrance(edition, typed_code: str) -> StaffPass:
    """The staff pass a code belongs to, for the entrance of ``edition``; refuse tickets and other passes."""
    scanned = scan_code(typed_code)
    if scanned.kind == SESSION_TICKET:
        raise WrongDesk(_l("This is a session ticket (%(name)s, %(title)s): check it in at the session's door."),
                        owner=scanned.owner, name=scanned.owner.user.name, title=scanned.owner.session.title)
    if scanned.kind != STAFF_PASS:
        raise UnknownCode(_l("No staff pass has the code %(code)s."), code=scanned.code[:20] or "–")
    staff_pass = scanned.owner
    if staff_pass.application.edition_id != edition.id:
        raise Conflict(_l("This staff pass is for another edition: %(edition)s."),
                       edition=staff_pass.application.edition.name)
    if staff_pass.application.status != ApplicationStatus.APPROVED:
        raise Conflict(_l("The pass of %(name)s is not valid: the application of %(exhibitor)s is %(status)s."),
                       name=staff_pass.name, exhibitor=staff_pass.application.organisation.name,
                       status=staff_pass.application.status_label)
    return staff_pass


def check_in_staff(edition, typed_code: str, *, by) -> StaffCheckIn:
    """Let a staff member in at the exhibition entrance: once per exhibition day."""
    staff_pass = staff_pass_for_entrance(edition, typed_code)
    now = utcnow()
    today = now.astimezone(edition.zone).date()
    exhibition = exhibition_of(edition)
    if exhibition is None or today not in {day.day for day in exhibition.days}:
        raise Conflict(_l("Today (%(day)s) is not an exhibition day: staff passes are checked in on exhibition days "
                          "only."), day=today.strftime("%d/%m/%Y"))
    check_in = StaffCheckIn(staff_pass_id=staff_pass.id, day=today, checked_in_at=now, checked_in_by_id=by.id)
    db.session.add(check_in)
    try:
        db.session.commit()
    except IntegrityError:  # already in today: the unique (pass, day) refuses the second one
        db.session.rollback()
        raise _already_in(edition, staff_pass.id, today) from None
    return check_in


def _already_in(edition, staff_pass_id: int, day) -> Conflict:
    earlier = db.session.scalar(select(StaffCheckIn).where(StaffCheckIn.staff_pass_id == staff_pass_id,
                                                           StaffCheckIn.day == day))
    staff_pass = db.session.get(StaffPass, staff_pass_id)
    return Conflict(_l("Pass %(code)s was already used today: %(name)s came in at %(time)s."),
                    code=display_code(staff_pass.check_in_code), name=staff_pass.name,
                    time=earlier.checked_in_at.astimezone(edition.zone).strftime("%H:%M"))
