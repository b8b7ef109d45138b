"""Small helpers for the meetings tests."""
from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from app.extensions import db
from app.meetings.models import Meeting, MeetingSlot
from tests.factories import (make_booth, make_booth_application, make_hall, make_meeting_slot, make_organisation,
                             make_stall)
from tests.leads.helpers import outbox_rows, stall_with_team  # noqa: F401 - shared with the leads tests


VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def vietnam(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment of December 2026 given in Viet Nam's local time, as stored (UTC)."""
    return datetime(2026, 12, day, hour, minute, tzinfo=VIETNAM).astimezone(UTC)


def other_stall(edition, name: str = "Công ty Khác"):
    """Another exhibitor's stall at ``edition``."""
    return make_stall(edition, organisation=make_organisation(name=name))


def slot_at(stall, day: int, hour: int, minute: int = 0, **fields) -> MeetingSlot:
    return make_meeting_slot(stall, starts_at=vietnam(day, hour, minute), **fields)


def active_meetings(slot) -> int:
    return db.session.scalar(select(func.count()).select_from(Meeting)
                             .where(Meeting.slot_id == slot.id, Meeting.cancelled_at.is_(None)))


def slot_count(stall) -> int:
    return db.session.scalar(select(func.count()).select_from(MeetingSlot).where(MeetingSlot.stall_id == stall.id))


def give_booth(stall, *, code: str = "A-12", hall_code: str = "A"):
    """Book booth ``code`` in a new hall ("Khu A" / "Hall A") for the stall's exhibitor at its edition."""
    hall = make_hall(stall.edition, code=hall_code)
    booth = make_booth(hall, code=code)
    make_booth_application(stall.edition, organisation=stall.organisation, booth=booth)
    return booth
