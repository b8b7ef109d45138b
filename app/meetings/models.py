"""One-to-one meetings: slots a stall owner publishes, and the bookings visitors make."""
from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import UTCDateTime
from app.core.time import utcnow
from app.extensions import db


class MeetingMode(enum.StrEnum):
    AT_BOOTH = "booth"
    ONLINE = "online"


MEETING_MODE_LABELS = {
    MeetingMode.AT_BOOTH: _l("In person at the booth"),
    MeetingMode.ONLINE: _l("Online"),
}


class MeetingSlot(db.Model):
    """A time a stall's team offers for a meeting, at the booth or online."""

    __tablename__ = "meeting_slots"
    __table_args__ = (
        UniqueConstraint("stall_id", "starts_at"),
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("mode IN ('booth', 'online')", name="mode_known"),
        Index("ix_meeting_slots_stall_id_starts_at_ends_at", "stall_id", "starts_at", "ends_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    stall_id: Mapped[int] = mapped_column(ForeignKey("stalls.id", ondelete="CASCADE"))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    mode: Mapped[str] = mapped_column(String(10), default=MeetingMode.AT_BOOTH)
    location: Mapped[str | None] = mapped_column(String(255))  # a table at the booth, or a video link
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    stall: Mapped["Stall"] = relationship("Stall")  # noqa: F821
    meetings: Mapped[list[Meeting]] = relationship(back_populates="slot", cascade="all, delete-orphan",
                                                   order_by="Meeting.id")

    @property
    def mode_label(self):
        return MEETING_MODE_LABELS[MeetingMode(self.mode)]

    @property
    def active_meeting(self) -> Meeting | None:
        return next((meeting for meeting in self.meetings if meeting.is_active), None)


class Meeting(db.Model):
    """A booked slot. The partial unique index keeps a slot from being booked twice."""

    __tablename__ = "meetings"
    __table_args__ = (
        Index("uq_meetings_one_active_per_slot", "slot_id", unique=True,
              sqlite_where=text("cancelled_at IS NULL"), postgresql_where=text("cancelled_at IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slot_id: Mapped[int] = mapped_column(ForeignKey("meeting_slots.id", ondelete="CASCADE"))
    visitor_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    topic: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    cancelled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    cancel_reason: Mapped[str | None] = mapped_column(String(300))

    slot: Mapped[MeetingSlot] = relationship(back_populates="meetings")
    visitor: Mapped["User"] = relationship("User", foreign_keys=[visitor_id])  # noqa: F821
    cancelled_by: Mapped["User | None"] = relationship("User", foreign_keys=[cancelled_by_id])  # noqa: F821

    @property
    def is_active(self) -> bool:
        return self.cancelled_at is None
