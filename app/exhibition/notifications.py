"""Mail about booths: application received, approved (booth, set-up, days, payment), rejected, booth
assigned or changed, and staff passes with their QR code.

Exhibitor mail goes to the applicant and the organisation's owner (once when they are the same
person), each in their own language.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.core.urls import external_url
from app.exhibition.models import BoothApplication, BoothBooking, StaffPass
from app.exhibition.queries.applications import application_price
from app.exhibition.queries.settings import exhibition_of
from app.extensions import db
from app.notifications.outbox import queue_email
from app.registrations.codes import qr_png


def recipients(application: BoothApplication) -> list:
    """The applicant and the organisation's owner, without duplicates, active accounts only."""
    people = []
    for person in (application.applicant, application.organisation.owner):
        if person is not None and person.active and all(person.id != other.id for other in people):
            people.append(person)
    return people


def staff_pass_url(staff_pass: StaffPass) -> str:
    """The pass page's address: what its QR code holds, so the entrance desk (or a phone's camera) reads it."""
    return external_url("exhibitor.staff_pass", code=staff_pass.check_in_code)


def _queue_for_team(application: BoothApplication, *, kind: str, subject, template: str, **context) -> None:
    edition = application.edition
    for person in recipients(application):
        queue_email(
            person.email, recipient_name=person.name, locale=person.locale, kind=kind, subject=subject,
            template=template, application=application, edition=edition, exhibition=exhibition_of(edition),
            exhibitor=application.organisation.name, price=application_price(application),
            application_url=external_url("exhibitor.application", application_id=application.id), **context,
        )


def notify_application_received(application: BoothApplication) -> None:
    """Confirm that an application arrived, with what was asked for."""
    _queue_for_team(application, kind="exhibition.application_received", template="exhibition/emails/received",
                    subject=_l("Booth application received: %(exhibitor)s"))


def notify_application_approved(application: BoothApplication) -> None:
    """Tell the exhibitor it is in: booth(s), type, set-up window, exhibition days and hours, payment."""
    _queue_for_team(application, kind="exhibition.application_approved", template="exhibition/emails/approved",
                    subject=_l("Your booth application is approved: %(exhibitor)s"),
                    passes_url=external_url("exhibitor.staff_passes", application_id=application.id))


def notify_application_rejected(application: BoothApplication) -> None:
    """Tell the exhibitor the application was not accepted, and why."""
    _queue_for_team(application, kind="exhibition.application_rejected", template="exhibition/emails/rejected",
                    subject=_l("Your booth application was not accepted: %(exhibitor)s"))


def notify_booth_assigned(booking: BoothBooking) -> None:
    """Tell the exhibitor which booth is theirs (assigned by organisers or picked by the team)."""
    _queue_for_team(booking.application, kind="exhibition.booth_assigned", template="exhibition/emails/booth_assigned",
                    subject=_l("Your booth: %(code)s"), code=booking.booth.code, booth=booking.booth)


def notify_booth_changed(booking: BoothBooking, *, old_booth) -> None:
    """Tell the exhibitor its booth moved: old code → new code."""
    _queue_for_team(booking.application, kind="exhibition.booth_changed", template="exhibition/emails/booth_changed",
                    subject=_l("Your booth has changed: %(old)s → %(code)s"), code=booking.booth.code,
                    old=old_booth.code, booth=booking.booth, old_booth=old_booth)


def notify_staff_pass(staff_pass: StaffPass, *, sender) -> None:
    """Send a staff member their pass with its QR code (in their account's language, else the sender's)."""
    from app.accounts.models import User

    account = db.session.scalar(select(User).where(User.email == staff_pass.email))
    application, url = staff_pass.application, staff_pass_url(staff_pass)
    queue_email(
        staff_pass.email, recipient_name=staff_pass.name, locale=account.locale if account else sender.locale,
        kind="exhibition.staff_pass", subject=_l("Your exhibitor staff pass: %(exhibitor)s"),
        template="exhibition/emails/staff_pass", attachments=[("staff-pass-qr.png", "image/png", qr_png(url))],
        staff_pass=staff_pass, application=application, edition=application.edition,
        exhibition=exhibition_of(application.edition), exhibitor=application.organisation.name, pass_url=url,
    )
