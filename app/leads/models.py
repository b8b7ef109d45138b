"""Leads: contact requests visitors leave at a virtual stall."""
from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import UTCDateTime
from app.core.time import utcnow
from app.extensions import db


class Interest(enum.StrEnum):
    INVESTMENT = "investment"
    PURCHASE = "purchase"
    PARTNERSHIP = "partnership"
    OTHER = "other"


INTEREST_LABELS = {
    Interest.INVESTMENT: _l("Investment"),
    Interest.PURCHASE: _l("Buying products or services"),
    Interest.PARTNERSHIP: _l("Partnership"),
    Interest.OTHER: _l("Something else"),
}


class LeadStatus(enum.StrEnum):
    NEW = "new"
    REPLIED = "replied"
    CLOSED = "closed"


LEAD_STATUS_LABELS = {
    LeadStatus.NEW: _l("New"),
    LeadStatus.REPLIED: _l("Replied"),
    LeadStatus.CLOSED: _l("Closed"),
}


class Lead(db.Model):
    """A visitor's contact request to a stall, signed in or with a name and email."""

    __tablename__ = "leads"
    __table_args__ = (
        CheckConstraint("interest IN ('investment', 'purchase', 'partnership', 'other')", name="interest_known"),
        CheckConstraint("status IN ('new', 'replied', 'closed')", name="status_known"),
        Index("ix_leads_stall_id_created_at", "stall_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    stall_id: Mapped[int] = mapped_column(ForeignKey("stalls.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(30))
    company: Mapped[str | None] = mapped_column(String(160))
    interest: Mapped[str] = mapped_column(String(12))
    message: Mapped[str] = mapped_column(Text)
    locale: Mapped[str] = mapped_column(String(5), default="vi")
    status: Mapped[str] = mapped_column(String(10), default=LeadStatus.NEW)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    status_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    stall: Mapped["Stall"] = relationship("Stall")  # noqa: F821
    user: Mapped["User | None"] = relationship("User")  # noqa: F821

    @property
    def interest_label(self):
        return INTEREST_LABELS[Interest(self.interest)]

    @property
    def status_label(self):
        return LEAD_STATUS_LABELS[LeadStatus(self.status)]
