"""Reads for booth applications, bookings, staff passes and the organisers' exhibition overview.

List and overview reads are a fixed number of queries whatever the number of rows.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import aliased, selectinload

from app.exhibition.models import (
    ApplicationStatus, Booth, BoothApplication, BoothBooking, BoothType, Hall, PaymentStatus, StaffCheckIn, StaffPass,
)
from app.exhibition.queries.settings import booth_types_of
from app.extensions import db

STATUSES = tuple(status.value for status in ApplicationStatus)
PAYMENT_STATUSES = tuple(status.value for status in PaymentStatus)


def _details():
    return (
        selectinload(BoothApplication.organisation), selectinload(BoothApplication.applicant),
        selectinload(BoothApplication.booth_type), selectinload(BoothApplication.preferred_hall),
        selectinload(BoothApplication.preferred_booth),
        selectinload(BoothApplication.bookings).selectinload(BoothBooking.booth).selectinload(Booth.hall),
        selectinload(BoothApplication.bookings).selectinload(BoothBooking.booth).selectinload(Booth.booth_type),
    )


def application_price(application: BoothApplication) -> int:
    """VND due: the booked booths' prices, plus the applied type's price for each allowed booth not yet booked."""
    booked = sum(booking.booth.booth_type.price_vnd for booking in application.bookings)
    still_due = max(application.booths_allowed - len(application.bookings), 0)
    return booked + still_due * application.booth_type.price_vnd


def booth_holder(booth_id: int) -> str | None:
    """The name of the exhibitor holding a booth, or ``None`` when it is free."""
    from app.teams.models import Organisation

    return db.session.scalar(
        select(Organisation.name).join(BoothApplication, BoothApplication.organisation_id == Organisation.id)
        .join(BoothBooking, BoothBooking.application_id == BoothApplication.id).where(BoothBooking.booth_id == booth_id)
    )


# Exhibitors ----------------------------------------------------------------------------------

def application_details(application_id: int) -> BoothApplication | None:
    """An application with its organisation, type, preferences, booths and staff passes loaded."""
    return db.session.scalar(
        select(BoothApplication).options(*_details(), selectinload(BoothApplication.staff_passes))
        .where(BoothApplication.id == application_id)
    )


def my_applications(user) -> list[BoothApplication]:
    """The applications of every organisation ``user`` belongs to, newest edition first."""
    from app.events.models import Edition
    from app.teams.models import Membership

    return list(db.session.scalars(
        select(BoothApplication).join(Membership, Membership.organisation_id == BoothApplication.organisation_id)
        .join(Edition, Edition.id == BoothApplication.edition_id)
        .where(Membership.user_id == user.id)
        .options(*_details(), selectinload(BoothApplication.edition))
        .order_by(Edition.starts_on.desc(), BoothApplication.id)
    ))


def applications_at(user, edition) -> dict[int, BoothApplication]:
    """Organisation id → its application at ``edition``, for the organisations ``user`` belongs to."""
    organisation_ids = [membership.organisation_id for membership in user.memberships]
    if not organisation_ids:
        return {}
    rows = db.session.scalars(select(BoothApplication).where(
        BoothApplication.edition_id == edition.id, BoothApplication.organisation_id.in_(organisation_ids)))
    return {application.organisation_id: application for application in rows}


def picking_applications(user, edition) -> list[BoothApplication]:
    """``user``'s approved applications at ``edition`` that still have a booth to pick."""
    return [application for application in applications_at(user, edition).values()
            if application.has_booth_to_fill]


def booth_in(edition, booth_id: int | None) -> Booth | None:
    """A booth of ``edition`` (with its hall, type and booking), or ``None``."""
    if not booth_id:
        return None
    return db.session.scalar(
        select(Booth).options(selectinload(Booth.hall), selectinload(Booth.booth_type), selectinload(Booth.booking))
        .where(Booth.id == booth_id, Booth.edition_id == edition.id)
    )


def booth_choices(edition, *, include_held: bool) -> list[tuple[Hall, list[Booth]]]:
    """Free booths grouped by hall (plan order), for booth selects; held ones only for organisers."""
    query = (
        select(Booth).join(Hall, Booth.hall_id == Hall.id)
        .outerjoin(BoothBooking, BoothBooking.booth_id == Booth.id)
        .where(Booth.edition_id == edition.id, BoothBooking.id.is_(None))
        .options(selectinload(Booth.hall), selectinload(Booth.booth_type))
        .order_by(Hall.position, Hall.code, Booth.code)
    )
    if not include_held:
        query = query.where(Booth.is_held.is_(False))
    groups: dict[int, tuple[Hall, list[Booth]]] = {}
    for booth in db.session.scalars(query):
        groups.setdefault(booth.hall_id, (booth.hall, []))[1].append(booth)
    return list(groups.values())


def halls_and_types(edition) -> tuple[list[Hall], list[BoothType]]:
    """The edition's halls and booth types in display order, for the application form."""
    halls = db.session.scalars(select(Hall).where(Hall.edition_id == edition.id).order_by(Hall.position, Hall.code))
    return list(halls), booth_types_of(edition)


# Organisers ----------------------------------------------------------------------------------

def applications_query(edition, status: str | None = None) -> Select:
    """An edition's applications, oldest first, optionally of one status, with what the list shows."""
    query = (select(BoothApplication).where(BoothApplication.edition_id == edition.id)
             .options(*_details()).order_by(BoothApplication.created_at, BoothApplication.id))
    if status in STATUSES:
        query = query.where(BoothApplication.status == status)
    return query


def status_counts(edition) -> dict[str, int]:
    """How many applications in each status, and ``total``."""
    rows = db.session.execute(
        select(BoothApplication.status, func.count(BoothApplication.id))
        .where(BoothApplication.edition_id == edition.id).group_by(BoothApplication.status)
    )
    counts = dict.fromkeys(STATUSES, 0) | {status: number for status, number in rows}
    return counts | {"total": sum(counts.values())}


def hall_counts(edition) -> list[tuple[Hall, dict[str, int]]]:
    """Booths per hall (zone): total, taken, held (and not taken) and free, in plan order."""
    taken = BoothBooking.id.is_not(None)
    rows = db.session.execute(
        select(Hall, func.count(Booth.id).label("total"),
               func.coalesce(func.sum(case((taken, 1), else_=0)), 0).label("taken"),
               func.coalesce(func.sum(case((~taken & Booth.is_held.is_(True), 1), else_=0)), 0).label("held"))
        .outerjoin(Booth, Booth.hall_id == Hall.id).outerjoin(BoothBooking, BoothBooking.booth_id == Booth.id)
        .where(Hall.edition_id == edition.id).group_by(Hall.id).order_by(Hall.position, Hall.code)
    ).all()
    return [(row[0], {"total": row.total, "taken": int(row.taken), "held": int(row.held),
                      "free": row.total - int(row.taken) - int(row.held)}) for row in rows]


def payment_totals(edition) -> dict:
    """Approved exhibitors by payment status with the VND they account for; ``expected`` leaves out waived."""
    booked = (select(BoothBooking.application_id, func.sum(BoothType.price_vnd).label("vnd"),
                     func.count(BoothBooking.id).label("booths"))
              .join(Booth, BoothBooking.booth_id == Booth.id).join(BoothType, Booth.booth_type_id == BoothType.id)
              .group_by(BoothBooking.application_id).subquery())
    applied = aliased(BoothType)
    still_due = BoothApplication.booths_allowed - func.coalesce(booked.c.booths, 0)
    price = func.coalesce(booked.c.vnd, 0) + case((still_due > 0, still_due), else_=0) * applied.price_vnd
    rows = db.session.execute(
        select(BoothApplication.payment_status, func.count(BoothApplication.id), func.coalesce(func.sum(price), 0))
        .join(applied, BoothApplication.booth_type_id == applied.id)
        .outerjoin(booked, booked.c.application_id == BoothApplication.id)
        .where(BoothApplication.edition_id == edition.id, BoothApplication.status == ApplicationStatus.APPROVED)
        .group_by(BoothApplication.payment_status)
    )
    totals = {status: {"count": 0, "vnd": 0} for status in PAYMENT_STATUSES}
    for status, count, vnd in rows:
        totals[status] = {"count": count, "vnd": int(vnd)}
    return {**totals, "expected": totals["pending"]["vnd"] + totals["paid"]["vnd"]}


def top_stalls(edition, limit: int = 10) -> list[tuple]:
    """The edition's most visited stalls: (stall, views, leads, active meetings), busiest first."""
    from app.leads.models import Lead
    from app.meetings.models import Meeting, MeetingSlot
    from app.stalls.models import Stall, StallVisit

    views = select(StallVisit.stall_id, func.count(StallVisit.id).label("n")).group_by(StallVisit.stall_id).subquery()
    leads = select(Lead.stall_id, func.count(Lead.id).label("n")).group_by(Lead.stall_id).subquery()
    meetings = (select(MeetingSlot.stall_id, func.count(Meeting.id).label("n"))
                .join(Meeting, Meeting.slot_id == MeetingSlot.id).where(Meeting.cancelled_at.is_(None))
                .group_by(MeetingSlot.stall_id).subquery())
    counts = [func.coalesce(sub.c.n, 0) for sub in (views, leads, meetings)]
    rows = db.session.execute(
        select(Stall, *counts).options(selectinload(Stall.organisation))
        .outerjoin(views, views.c.stall_id == Stall.id).outerjoin(leads, leads.c.stall_id == Stall.id)
        .outerjoin(meetings, meetings.c.stall_id == Stall.id).where(Stall.edition_id == edition.id)
        .order_by(*(count.desc() for count in counts), Stall.id).limit(limit)
    ).all()
    return [(stall, int(v), int(l), int(m)) for stall, v, l, m in rows]


def export_rows(edition, status: str | None = None) -> list[BoothApplication]:
    """The applications of the CSV export (same filter as the list), with what the export shows."""
    return list(db.session.scalars(applications_query(edition, status)))


# Staff passes at the entrance ----------------------------------------------------------------

def _passes_of(edition):
    return (select(StaffPass.id).join(BoothApplication, StaffPass.application_id == BoothApplication.id)
            .where(BoothApplication.edition_id == edition.id, BoothApplication.status == ApplicationStatus.APPROVED))


def entrance_counts(edition, day: date) -> dict[str, int]:
    """How many staff passes the approved exhibitors hold, and how many came in on ``day``."""
    passes = db.session.scalar(select(func.count()).select_from(_passes_of(edition).subquery()))
    arrived = db.session.scalar(select(func.count(StaffCheckIn.id)).where(
        StaffCheckIn.day == day, StaffCheckIn.staff_pass_id.in_(_passes_of(edition))))
    return {"passes": passes, "arrived": arrived}


def entrance_arrivals(edition, day: date, limit: int = 50) -> list[StaffCheckIn]:
    """The latest staff check-ins of ``day``, newest first, with the pass and its exhibitor."""
    return list(db.session.scalars(
        select(StaffCheckIn).join(StaffPass, StaffCheckIn.staff_pass_id == StaffPass.id)
        .join(BoothApplication, StaffPass.application_id == BoothApplication.id)
        .where(BoothApplication.edition_id == edition.id, StaffCheckIn.day == day)
        .options(selectinload(StaffCheckIn.staff_pass).selectinload(StaffPass.application)
                 .selectinload(BoothApplication.organisation))
        .order_by(StaffCheckIn.checked_in_at.desc(), StaffCheckIn.id.desc()).limit(limit)
    ))


def staff_pass_for_code(code: str) -> StaffPass | None:
    """The staff pass with ``code`` (typed or scanned), with its application and exhibitor."""
    from app.registrations.codes import normalise_code

    return db.session.scalar(
        select(StaffPass).options(selectinload(StaffPass.check_ins),
                                  selectinload(StaffPass.application).selectinload(BoothApplication.organisation),
                                  selectinload(StaffPass.application).selectinload(BoothApplication.edition))
        .where(StaffPass.check_in_code == normalise_code(code))
    )
