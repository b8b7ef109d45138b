"""The physical exhibition: halls with floor plans, booth types, applications, bookings, staff passes."""
from __future__ import annotations

import enum
from datetime import date, datetime, time

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, Text, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import UTCDateTime
from app.core.i18n import bilingual
from app.core.time import utcnow
from app.extensions import db
from app.registrations.codes import display_code


class Exhibition(db.Model):
    """An edition's exhibition settings: set-up time, the virtual stalls' online window, booking options."""

    __tablename__ = "exhibitions"
    __table_args__ = (
        CheckConstraint("booths_per_exhibitor >= 1", name="booths_per_exhibitor_positive"),
        CheckConstraint("online_closes_at IS NULL OR online_opens_at IS NULL OR online_closes_at > online_opens_at",
                        name="online_window_ordered"),
        CheckConstraint("setup_ends_at IS NULL OR setup_starts_at IS NULL OR setup_ends_at > setup_starts_at",
                        name="setup_ordered"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"), unique=True)
    applications_open: Mapped[bool] = mapped_column(default=False)
    exhibitors_pick_booths: Mapped[bool] = mapped_column(default=False)
    booths_per_exhibitor: Mapped[int] = mapped_column(default=1)  # the default for new applications
    setup_starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    setup_ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    online_opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    online_closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    stall_owners_see_analytics: Mapped[bool] = mapped_column(default=True)
    notes_vi: Mapped[str | None] = mapped_column(Text)  # practical information for exhibitors
    notes_en: Mapped[str | None] = mapped_column(Text)

    edition: Mapped["Edition"] = relationship("Edition")  # noqa: F821
    days: Mapped[list[ExhibitionDay]] = relationship(back_populates="exhibition", cascade="all, delete-orphan",
                                                     order_by="ExhibitionDay.day")

    notes = bilingual("notes")

    def online_state(self, now: datetime) -> str:
        """``"open"``, ``"not_yet"`` or ``"closed"``: where ``now`` falls in the online window."""
        if self.online_opens_at is not None and now < self.online_opens_at:
            return "not_yet"
        if self.online_closes_at is not None and now >= self.online_closes_at:
            return "closed"
        return "open"


class ExhibitionDay(db.Model):
    """A day the physical exhibition is open, with its opening hours (edition's local time)."""

    __tablename__ = "exhibition_days"
    __table_args__ = (
        UniqueConstraint("exhibition_id", "day"),
        CheckConstraint("closes_at > opens_at", name="closes_after_opening"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    exhibition_id: Mapped[int] = mapped_column(ForeignKey("exhibitions.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    opens_at: Mapped[time] = mapped_column(Time)
    closes_at: Mapped[time] = mapped_column(Time)

    exhibition: Mapped[Exhibition] = relationship(back_populates="days")


class Hall(db.Model):
    """An exhibition hall or zone with its own floor plan; usually one per village."""

    __tablename__ = "halls"
    __table_args__ = (
        UniqueConstraint("edition_id", "code"),
        CheckConstraint("width > 0 AND depth > 0", name="size_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(10))  # the booth code prefix, e.g. "A"
    name_vi: Mapped[str] = mapped_column(String(160))
    name_en: Mapped[str] = mapped_column(String(160))
    village_id: Mapped[int | None] = mapped_column(ForeignKey("villages.id", ondelete="SET NULL"), index=True)
    venue_id: Mapped[int | None] = mapped_column(ForeignKey("venues.id", ondelete="SET NULL"))
    width: Mapped[float]  # metres, the plan's x extent
    depth: Mapped[float]  # metres, the plan's y extent
    position: Mapped[int] = mapped_column(default=0)

    edition: Mapped["Edition"] = relationship("Edition")  # noqa: F821
    village: Mapped["Village | None"] = relationship("Village")  # noqa: F821
    venue: Mapped["Venue | None"] = relationship("Venue")  # noqa: F821
    booths: Mapped[list[Booth]] = relationship(back_populates="hall", cascade="all, delete-orphan",
                                               order_by="Booth.code")

    name = bilingual("name")


class BoothType(db.Model):
    """A kind of booth: footprint, what is included, price (0 means free)."""

    __tablename__ = "booth_types"
    __table_args__ = (
        CheckConstraint("width > 0 AND depth > 0", name="size_positive"),
        CheckConstraint("price_vnd >= 0", name="price_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"), index=True)
    name_vi: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))
    width: Mapped[float]  # metres
    depth: Mapped[float]
    includes_vi: Mapped[str | None] = mapped_column(Text)
    includes_en: Mapped[str | None] = mapped_column(Text)
    price_vnd: Mapped[int] = mapped_column(default=0)
    for_startups: Mapped[bool] = mapped_column(default=False)
    position: Mapped[int] = mapped_column(default=0)

    edition: Mapped["Edition"] = relationship("Edition")  # noqa: F821

    name = bilingual("name")
    includes = bilingual("includes")

    @property
    def is_free(self) -> bool:
        return self.price_vnd == 0

    @property
    def area(self) -> float:
        return self.width * self.depth


class Booth(db.Model):
    """A booth on a hall's floor plan. Occupied when a :class:`BoothBooking` points at it."""

    __tablename__ = "booths"
    __table_args__ = (
        UniqueConstraint("edition_id", "code"),
        CheckConstraint("width > 0 AND depth > 0", name="size_positive"),
        CheckConstraint("x >= 0 AND y >= 0", name="position_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"), index=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("halls.id", ondelete="CASCADE"), index=True)
    booth_type_id: Mapped[int] = mapped_column(ForeignKey("booth_types.id", ondelete="RESTRICT"), index=True)
    code: Mapped[str] = mapped_column(String(20))
    x: Mapped[float]  # metres from the hall's left edge
    y: Mapped[float]  # metres from the hall's top edge
    width: Mapped[float]
    depth: Mapped[float]
    is_held: Mapped[bool] = mapped_column(default=False)  # kept back by organisers (sponsor, stage, …)
    hold_note: Mapped[str | None] = mapped_column(String(200))

    edition: Mapped["Edition"] = relationship("Edition")  # noqa: F821
    hall: Mapped[Hall] = relationship(back_populates="booths")
    booth_type: Mapped[BoothType] = relationship()
    booking: Mapped[BoothBooking | None] = relationship(back_populates="booth", uselist=False)


class ApplicationStatus(enum.StrEnum):
    SUBMITTED = "submitted"
    APPROVED = "approved"
    WAITLISTED = "waitlisted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


APPLICATION_STATUS_LABELS = {
    ApplicationStatus.SUBMITTED: _l("Received"),
    ApplicationStatus.APPROVED: _l("Approved"),
    ApplicationStatus.WAITLISTED: _l("On the waitlist"),
    ApplicationStatus.REJECTED: _l("Not accepted"),
    ApplicationStatus.WITHDRAWN: _l("Withdrawn"),
}


class PaymentStatus(enum.StrEnum):
    PENDING = "pending"
    PAID = "paid"
    WAIVED = "waived"


PAYMENT_STATUS_LABELS = {
    PaymentStatus.PENDING: _l("Payment pending"),
    PaymentStatus.PAID: _l("Paid"),
    PaymentStatus.WAIVED: _l("Waived"),
}


class BoothApplication(db.Model):
    """An organisation's request to exhibit at an edition: one per exhibitor and edition."""

    __tablename__ = "booth_applications"
    __table_args__ = (
        UniqueConstraint("edition_id", "organisation_id"),
        CheckConstraint("status IN ('submitted', 'approved', 'waitlisted', 'rejected', 'withdrawn')",
                        name="status_known"),
        CheckConstraint("payment_status IN ('pending', 'paid', 'waived')", name="payment_status_known"),
        CheckConstraint("staff_count BETWEEN 1 AND 50", name="staff_count_range"),
        CheckConstraint("booths_allowed >= 1", name="booths_allowed_positive"),
        # Changed only by conditional UPDATEs, like a session's seat counter: the guard that keeps
        # "one booth per exhibitor unless the organiser allows more" under concurrent picks.
        CheckConstraint("booths_taken >= 0 AND booths_taken <= booths_allowed", name="booths_within_allowance"),
        Index("ix_booth_applications_edition_id_status", "edition_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    applicant_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    booth_type_id: Mapped[int] = mapped_column(ForeignKey("booth_types.id", ondelete="RESTRICT"))
    preferred_hall_id: Mapped[int | None] = mapped_column(ForeignKey("halls.id", ondelete="SET NULL"))
    preferred_booth_id: Mapped[int | None] = mapped_column(ForeignKey("booths.id", ondelete="SET NULL"))
    products: Mapped[str] = mapped_column(Text)  # what the exhibitor will show
    staff_count: Mapped[int] = mapped_column(default=2)
    note: Mapped[str | None] = mapped_column(Text)  # anything else for the organisers
    status: Mapped[str] = mapped_column(String(12), default=ApplicationStatus.SUBMITTED)
    rejection_reason: Mapped[str | None] = mapped_column(Text)
    payment_status: Mapped[str] = mapped_column(String(10), default=PaymentStatus.PENDING)
    booths_allowed: Mapped[int] = mapped_column(default=1)
    booths_taken: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    edition: Mapped["Edition"] = relationship("Edition")  # noqa: F821
    organisation: Mapped["Organisation"] = relationship("Organisation")  # noqa: F821
    applicant: Mapped["User | None"] = relationship("User", foreign_keys=[applicant_id])  # noqa: F821
    decided_by: Mapped["User | None"] = relationship("User", foreign_keys=[decided_by_id])  # noqa: F821
    booth_type: Mapped[BoothType] = relationship()
    preferred_hall: Mapped[Hall | None] = relationship()
    preferred_booth: Mapped[Booth | None] = relationship()
    bookings: Mapped[list[BoothBooking]] = relationship(back_populates="application", cascade="all, delete-orphan",
                                                        order_by="BoothBooking.id")
    staff_passes: Mapped[list[StaffPass]] = relationship(back_populates="application", cascade="all, delete-orphan",
                                                         order_by="StaffPass.id")

    @property
    def status_label(self):
        return APPLICATION_STATUS_LABELS[ApplicationStatus(self.status)]

    @property
    def payment_status_label(self):
        return PAYMENT_STATUS_LABELS[PaymentStatus(self.payment_status)]

    @property
    def is_approved(self) -> bool:
        return self.status == ApplicationStatus.APPROVED

    @property
    def has_booth_to_fill(self) -> bool:
        """Approved and holding fewer booths than it is allowed."""
        return self.is_approved and self.booths_taken < self.booths_allowed

    @property
    def booths(self) -> list[Booth]:
        return [booking.booth for booking in self.bookings]


class BoothBooking(db.Model):
    """A booth given to an approved application. ``booth_id`` is unique: one exhibitor per booth."""

    __tablename__ = "booth_bookings"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("booth_applications.id", ondelete="CASCADE"), index=True)
    booth_id: Mapped[int] = mapped_column(ForeignKey("booths.id", ondelete="CASCADE"), unique=True)
    picked_by_exhibitor: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    application: Mapped[BoothApplication] = relationship(back_populates="bookings")
    booth: Mapped[Booth] = relationship(back_populates="booking")


class StaffPass(db.Model):
    """A named pass for one of an exhibitor's booth staff, with a QR code checked in at the entrance."""

    __tablename__ = "staff_passes"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("booth_applications.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(30))
    check_in_code: Mapped[str] = mapped_column(String(16), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    application: Mapped[BoothApplication] = relationship(back_populates="staff_passes")
    check_ins: Mapped[list[StaffCheckIn]] = relationship(back_populates="staff_pass", cascade="all, delete-orphan",
                                                         order_by="StaffCheckIn.day")

    @property
    def display_code(self) -> str:
        return display_code(self.check_in_code)


class StaffCheckIn(db.Model):
    """A staff pass used at the exhibition entrance, at most once per exhibition day."""

    __tablename__ = "staff_check_ins"
    __table_args__ = (UniqueConstraint("staff_pass_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_pass_id: Mapped[int] = mapped_column(ForeignKey("staff_passes.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    checked_in_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    checked_in_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    staff_pass: Mapped[StaffPass] = relationship(back_populates="check_ins")
