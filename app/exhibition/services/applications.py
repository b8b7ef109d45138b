"""Booth applications and bookings: apply, decide, assign, move, release and pick booths, record payment.

"A booth holds at most one exhibitor" is the unique ``booth_bookings.booth_id``: of two requests
for the same booth, the database lets one insert through and the other gets a clear Conflict.
"An exhibitor holds at most ``booths_allowed`` booths" is the application's ``booths_taken``
counter, changed only by conditional UPDATEs (``… WHERE booths_taken < booths_allowed``) under
a CHECK constraint, like a session's seat counter: concurrent picks by one exhibitor queue on
the application's row and only those within the allowance succeed.

Held booths: exhibitors never get one by picking; organisers may assign a held booth
explicitly (holding a booth is how they keep it for someone), and the hold then simply no
longer matters because the booth is taken.
"""
from __future__ import annotations

from functools import wraps

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from app.core.errors import Conflict, DomainError, NotAllowed
from app.core.text import blank_to_none
from app.core.time import utcnow
from app.events.models import EditionStatus
from app.exhibition import notifications
from app.exhibition.models import (
    APPLICATION_STATUS_LABELS, ApplicationStatus, Booth, BoothApplication, BoothBooking, Exhibition, Hall, PaymentStatus,
)
from app.exhibition.permissions import can_apply_for_booth
from app.exhibition.queries.applications import booth_holder
from app.exhibition.queries.settings import exhibition_of
from app.extensions import db
from app.stalls.services import ensure_stall

MAX_STAFF = 50
MAX_BOOTHS_ALLOWED = 20
WITHDRAWABLE = (ApplicationStatus.SUBMITTED, ApplicationStatus.WAITLISTED, ApplicationStatus.APPROVED)
DECIDABLE = {
    ApplicationStatus.APPROVED: (ApplicationStatus.SUBMITTED, ApplicationStatus.WAITLISTED, ApplicationStatus.REJECTED),
    ApplicationStatus.REJECTED: (ApplicationStatus.SUBMITTED, ApplicationStatus.WAITLISTED, ApplicationStatus.APPROVED),
    ApplicationStatus.WAITLISTED: (ApplicationStatus.SUBMITTED, ApplicationStatus.APPROVED, ApplicationStatus.REJECTED),
    ApplicationStatus.WITHDRAWN: WITHDRAWABLE,
}


class ApplicationsClosed(Conflict):
    """Applications cannot be made now (no exhibition, closed, or the edition is not open)."""


def _all_or_nothing(service):
    """A refused service leaves nothing behind: its earlier changes in the transaction are rolled back."""
    @wraps(service)
    def wrapper(*args, **kwargs):
        try:
            return service(*args, **kwargs)
        except DomainError:
            db.session.rollback()
            raise

    return wrapper


# Applying ----------------------------------------------------------------------------------

@_all_or_nothing
def submit_application(organisation, *, edition, applicant, booth_type, preferred_hall=None, preferred_booth=None,
                       products: str, staff_count: int, note: str | None = None) -> BoothApplication:
    """Apply for a booth on behalf of ``organisation``: one application per organisation and edition.

    An organisation that withdrew may apply again (its application is reopened); otherwise a
    second application is a Conflict, also when two arrive at the same instant.
    """
    exhibition = _open_exhibition(edition)
    if not can_apply_for_booth(applicant, organisation):
        raise NotAllowed(_l("You can only apply on behalf of an organisation you belong to."))
    preferred_hall = _check_choices(edition, booth_type, preferred_hall, preferred_booth)
    products = _check_text(products, staff_count)
    application = _reopenable_application(edition, organisation)
    if application is None:
        application = BoothApplication(edition_id=edition.id, organisation_id=organisation.id)
        db.session.add(application)
    application.applicant = applicant
    application.booth_type, application.preferred_hall, application.preferred_booth = (
        booth_type, preferred_hall, preferred_booth)
    application.products, application.staff_count, application.note = products, staff_count, blank_to_none(note)
    application.status, application.payment_status = ApplicationStatus.SUBMITTED, PaymentStatus.PENDING
    application.booths_allowed, application.booths_taken = exhibition.booths_per_exhibitor, 0
    application.rejection_reason = application.decided_at = application.decided_by = None
    application.created_at = utcnow()
    try:
        db.session.flush()
    except IntegrityError:  # a teammate applied for the same organisation at the same instant
        db.session.rollback()
        raise _already_applied(organisation) from None
    notifications.notify_application_received(application)
    db.session.commit()
    return application


def _open_exhibition(edition) -> Exhibition:
    exhibition = exhibition_of(edition)
    if exhibition is None:
        raise ApplicationsClosed(_l("%(edition)s has no exhibition."), edition=edition.name)
    if not exhibition.applications_open or edition.status != EditionStatus.PUBLISHED:
        raise ApplicationsClosed(_l("Booth applications for %(edition)s are closed."), edition=edition.name)
    return exhibition


def _check_choices(edition, booth_type, preferred_hall, preferred_booth) -> Hall | None:
    """The preferred hall (the preferred booth's, when only a booth is chosen); refusals name their field."""
    if booth_type is None or booth_type.edition_id != edition.id:
        raise DomainError(_l("Choose a booth type of this edition."), field="booth_type_id")
    if preferred_hall is not None and preferred_hall.edition_id != edition.id:
        raise DomainError(_l("Choose a hall of this edition."), field="preferred_hall_id")
    if preferred_booth is None:
        return preferred_hall
    if preferred_booth.edition_id != edition.id:
        raise DomainError(_l("Choose a booth of this edition."), field="preferred_booth_id")
    if preferred_hall is not None and preferred_booth.hall_id != preferred_hall.id:
        raise DomainError(_l("Booth %(code)s is not in %(hall)s."), field="preferred_booth_id",
                       code=preferred_booth.code, hall=preferred_hall.name)
    return preferred_booth.hall


def _check_text(products: str, staff_count: int) -> str:
    products = (products or "").strip()
    if not products:
        raise DomainError(_l("Say which products or technologies you will show."), field="products")
    if not 1 <= (staff_count or 0) <= MAX_STAFF:
        raise DomainError(_l("Booth staff: between 1 and %(max)d people."), field="staff_count",
                       max=MAX_STAFF)
    return products


def _reopenable_application(edition, organisation) -> BoothApplication | None:
    existing = db.session.scalar(select(BoothApplication).where(
        BoothApplication.edition_id == edition.id, BoothApplication.organisation_id == organisation.id))
    if existing is not None and existing.status != ApplicationStatus.WITHDRAWN:
        raise _already_applied(organisation, existing)
    return existing


def _already_applied(organisation, application: BoothApplication | None = None) -> Conflict:
    if application is None:
        return Conflict(_l("%(organisation)s has already applied for a booth at this edition."),
                        organisation=organisation.name)
    return Conflict(_l("%(organisation)s has already applied for a booth at this edition (%(status)s)."),
                    organisation=organisation.name, status=application.status_label)


@_all_or_nothing
def withdraw_application(application: BoothApplication) -> BoothApplication:
    """The exhibitor withdraws: any booth goes back to the plan; decided refusals stay as they are."""
    _set_status(application, ApplicationStatus.WITHDRAWN, by=None)
    _release_all(application)
    db.session.commit()
    return application


# Deciding ----------------------------------------------------------------------------------

@_all_or_nothing
def approve_application(application: BoothApplication, *, by, booth: Booth | None = None,
                        booths_allowed: int | None = None) -> BoothApplication:
    """Accept an exhibitor, optionally with a booth and a number of booths allowed; give it a virtual stall."""
    _set_status(application, ApplicationStatus.APPROVED, by=by)
    application.rejection_reason = None
    if booths_allowed is not None:
        _set_allowance(application, booths_allowed)
    if booth is not None:
        _book(application, booth, by=by, picked=False)
    ensure_stall(application.edition, application.organisation, village_id=_village_id(application, booth))
    db.session.flush()
    db.session.refresh(application)
    notifications.notify_application_approved(application)
    db.session.commit()
    return application


@_all_or_nothing
def reject_application(application: BoothApplication, *, by, reason: str) -> BoothApplication:
    """Turn an application down with a reason the exhibitor reads; any booth goes back to the plan."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_l("Give the exhibitor a reason."), field="reason")
    _set_status(application, ApplicationStatus.REJECTED, by=by)
    application.rejection_reason = reason
    _release_all(application)
    notifications.notify_application_rejected(application)
    db.session.commit()
    return application


@_all_or_nothing
def waitlist_application(application: BoothApplication, *, by) -> BoothApplication:
    """Keep an application waiting for space; any booth goes back to the plan."""
    _set_status(application, ApplicationStatus.WAITLISTED, by=by)
    application.rejection_reason = None
    _release_all(application)
    db.session.commit()
    return application


def _set_status(application: BoothApplication, status: ApplicationStatus, *, by) -> None:
    """Change the status only from the states that allow it, in one conditional UPDATE.

    Two organisers deciding at the same instant: the second finds the status changed and is refused.
    """
    allowed = DECIDABLE[status]
    values = {"status": status}
    if by is not None:
        values.update(decided_at=utcnow(), decided_by_id=by.id)
    changed = db.session.execute(
        update(BoothApplication).where(BoothApplication.id == application.id, BoothApplication.status.in_(allowed))
        .values(**values).execution_options(synchronize_session=False)
    ).rowcount
    if changed != 1:
        db.session.rollback()
        db.session.refresh(application)
        raise Conflict(_l("This application is %(status)s: it cannot become %(new)s."),
                       status=application.status_label, new=APPLICATION_STATUS_LABELS[status])
    db.session.refresh(application)


@_all_or_nothing
def set_booths_allowed(application: BoothApplication, booths_allowed: int, *, by) -> BoothApplication:
    """Let an approved exhibitor hold more (or fewer) booths; never fewer than it already holds."""
    _require_approved(application)
    _set_allowance(application, booths_allowed)
    db.session.commit()
    db.session.refresh(application)
    return application


def _set_allowance(application: BoothApplication, booths_allowed: int) -> None:
    if not 1 <= booths_allowed <= MAX_BOOTHS_ALLOWED:
        raise DomainError(_l("Booths allowed: between 1 and %(max)d."), field="booths_allowed",
                       max=MAX_BOOTHS_ALLOWED)
    changed = db.session.execute(
        update(BoothApplication)
        .where(BoothApplication.id == application.id, BoothApplication.booths_taken <= booths_allowed)
        .values(booths_allowed=booths_allowed).execution_options(synchronize_session=False)
    ).rowcount
    if changed != 1:
        db.session.rollback()
        raise Conflict(_l("%(organisation)s already has more booths than that: release some first."),
                       field="booths_allowed", organisation=application.organisation.name)


def _village_id(application: BoothApplication, booth: Booth | None) -> int | None:
    """The stall's village: the booth's hall's, else the preferred hall's."""
    hall = booth.hall if booth is not None else (
        application.bookings[0].booth.hall if application.bookings else application.preferred_hall)
    return hall.village_id if hall is not None else None


# Booths ------------------------------------------------------------------------------------

@_all_or_nothing
def assign_booth(application: BoothApplication, booth: Booth, *, by) -> BoothBooking:
    """An organiser gives an approved exhibitor a booth (a held one too), within its allowance."""
    _require_approved(application)
    booking = _book(application, booth, by=by, picked=False)
    notifications.notify_booth_assigned(booking)
    db.session.commit()
    return booking


@_all_or_nothing
def pick_booth(application: BoothApplication, booth: Booth, *, by) -> BoothBooking:
    """An approved exhibitor picks a free booth of its booth type on the plan, when organisers allow it."""
    exhibition = exhibition_of(application.edition)
    if exhibition is None or not exhibition.exhibitors_pick_booths:
        raise Conflict(_l("Exhibitors cannot pick their booth at this edition: the organisers assign booths."))
    _require_approved(application)
    _check_booth(application, booth)
    if booth.is_held:
        raise Conflict(_l("Booth %(code)s is kept by the organisers: choose another one."), code=booth.code)
    if booth.booth_type_id != application.booth_type_id:
        raise Conflict(_l("Booth %(code)s is of the type %(type)s; your application is for %(applied)s. "
                          "Choose a booth of your type, or ask the organisers."),
                       code=booth.code, type=booth.booth_type.name, applied=application.booth_type.name)
    booking = _book(application, booth, by=by, picked=True)
    notifications.notify_booth_assigned(booking)
    db.session.commit()
    return booking


@_all_or_nothing
def move_booking(booking: BoothBooking, new_booth: Booth, *, by) -> BoothBooking:
    """Move an exhibitor to another free booth of the edition; the exhibitor is emailed old → new."""
    application, old_booth = booking.application, booking.booth
    _check_booth(application, new_booth)
    if new_booth.id == old_booth.id:
        raise Conflict(_l("The exhibitor is already at booth %(code)s."), field="booth_id",
                       code=new_booth.code)
    _refuse_if_taken(new_booth)
    booking.booth, booking.created_by_id, booking.picked_by_exhibitor = new_booth, by.id, False
    _flush_booking(new_booth)
    notifications.notify_booth_changed(booking, old_booth=old_booth)
    db.session.commit()
    return booking


@_all_or_nothing
def release_booth(booking: BoothBooking) -> None:
    """Give a booth back to the plan; the exhibitor's allowance counter goes down with it."""
    _unbook(booking)
    db.session.commit()


def _require_approved(application: BoothApplication) -> None:
    if application.status != ApplicationStatus.APPROVED:
        raise Conflict(_l("Booths go to approved applications; this one is %(status)s."),
                       status=application.status_label)


def _check_booth(application: BoothApplication, booth: Booth) -> None:
    if booth is None or booth.edition_id != application.edition_id:
        raise DomainError(_l("Choose a booth of this edition."), field="booth_id")


def _refuse_if_taken(booth: Booth, *, after_race: bool = False) -> None:
    holder = booth_holder(booth.id)
    if holder is not None:
        message = (_l("Booth %(code)s was just taken by %(exhibitor)s.") if after_race
                   else _l("Booth %(code)s is already taken by %(exhibitor)s."))
        raise Conflict(message, field="booth_id", code=booth.code, exhibitor=holder)


def _book(application: BoothApplication, booth: Booth, *, by, picked: bool) -> BoothBooking:
    """Book ``booth`` for ``application`` inside the caller's transaction, or refuse with a Conflict."""
    _check_booth(application, booth)
    _refuse_if_taken(booth)
    taken = db.session.execute(
        update(BoothApplication)
        .where(BoothApplication.id == application.id, BoothApplication.booths_taken < BoothApplication.booths_allowed)
        .values(booths_taken=BoothApplication.booths_taken + 1).execution_options(synchronize_session=False)
    ).rowcount
    if taken != 1:
        db.session.rollback()
        db.session.refresh(application)
        raise Conflict(_l("%(organisation)s already has the %(allowed)d booth(s) it is allowed."),
                       field="booth_id", organisation=application.organisation.name,
                       allowed=application.booths_allowed)
    booking = BoothBooking(application_id=application.id, booth_id=booth.id, picked_by_exhibitor=picked,
                           created_by_id=by.id if by is not None else None)
    db.session.add(booking)
    _flush_booking(booth)
    db.session.refresh(application)
    return booking


def _flush_booking(booth: Booth) -> None:
    """Write the booking; a unique violation means someone else got the booth an instant earlier."""
    code = booth.code
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        booth = db.session.get(Booth, booth.id)
        if booth is not None:
            _refuse_if_taken(booth, after_race=True)
        raise Conflict(_l("Booth %(code)s was just taken."), field="booth_id", code=code) from None


def _unbook(booking: BoothBooking) -> None:
    application_id = booking.application_id
    db.session.delete(booking)
    db.session.flush()
    db.session.execute(
        update(BoothApplication).where(BoothApplication.id == application_id, BoothApplication.booths_taken > 0)
        .values(booths_taken=BoothApplication.booths_taken - 1).execution_options(synchronize_session=False)
    )


def _release_all(application: BoothApplication) -> None:
    for booking in list(application.bookings):
        _unbook(booking)
    db.session.flush()
    db.session.refresh(application)


# Payment -----------------------------------------------------------------------------------

@_all_or_nothing
def set_payment_status(application: BoothApplication, status: str, *, by) -> BoothApplication:
    """Record the offline payment of an approved exhibitor: pending, paid or waived."""
    if status not in {s.value for s in PaymentStatus}:
        raise DomainError(_l("Choose a payment status."), field="status")
    _require_approved(application)
    application.payment_status = status
    db.session.commit()
    return application
