"""An edition of the festival and what happens in it."""
from __future__ import annotations

import enum
from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, Column, Date, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import UTCDateTime
from app.core.i18n import bilingual
from app.core.time import utcnow
from app.extensions import db


DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"


class EditionStatus(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    ARCHIVED = "archived"


EDITION_STATUS_LABELS = {
    EditionStatus.DRAFT: _l("Draft"),
    EditionStatus.PUBLISHED: _l("Published"),
    EditionStatus.ARCHIVED: _l("Archived"),
}


class SessionKind(enum.StrEnum):
    OPENING = "opening"
    CONFERENCE = "conference"
    TALK_SHOW = "talk_show"
    INVESTOR = "investor"
    WORKSHOP = "workshop"
    TRAINING = "training"
    PITCHING = "pitching"
    AWARD = "award"
    NETWORKING = "networking"


SESSION_KIND_LABELS = {
    SessionKind.OPENING: _l("Opening ceremony"),
    SessionKind.CONFERENCE: _l("Conference"),
    SessionKind.TALK_SHOW: _l("Talk show"),
    SessionKind.INVESTOR: _l("Investor connection"),
    SessionKind.WORKSHOP: _l("Workshop"),
    SessionKind.TRAINING: _l("Training"),
    SessionKind.PITCHING: _l("Pitching"),
    SessionKind.AWARD: _l("Award ceremony"),
    SessionKind.NETWORKING: _l("Networking"),
}

SESSION_LANGUAGE_LABELS = {
    "vi": _l("Vietnamese"),
    "en": _l("English"),
    "vi_en": _l("Vietnamese and English"),
    "ko": _l("Korean, interpreted"),
    "ja": _l("Japanese, interpreted"),
}


class Edition(db.Model):
    __tablename__ = "editions"
    __table_args__ = (
        CheckConstraint("status IN ('draft', 'published', 'archived')", name="status_known"),
        CheckConstraint("ends_on >= starts_on", name="ends_after_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name_vi: Mapped[str] = mapped_column(String(160))
    name_en: Mapped[str] = mapped_column(String(160))
    theme_vi: Mapped[str | None] = mapped_column(String(255))
    theme_en: Mapped[str | None] = mapped_column(String(255))
    slogan_vi: Mapped[str | None] = mapped_column(String(255))
    slogan_en: Mapped[str | None] = mapped_column(String(255))
    description_vi: Mapped[str | None] = mapped_column(Text)
    description_en: Mapped[str | None] = mapped_column(Text)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    timezone: Mapped[str] = mapped_column(String(64), default=DEFAULT_TIMEZONE)
    banner_path: Mapped[str | None] = mapped_column(String(255))
    status: Mapped[str] = mapped_column(String(10), default=EditionStatus.DRAFT, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    venues: Mapped[list[Venue]] = relationship(back_populates="edition", cascade="all, delete-orphan",
                                               order_by="Venue.name")
    villages: Mapped[list[Village]] = relationship(back_populates="edition", cascade="all, delete-orphan",
                                                   order_by="Village.position, Village.id")
    sessions: Mapped[list[Session]] = relationship(back_populates="edition", cascade="all, delete-orphan",
                                                   order_by="Session.starts_at, Session.id")
    speakers: Mapped[list[Speaker]] = relationship(back_populates="edition", cascade="all, delete-orphan",
                                                   order_by="Speaker.name")

    name = bilingual("name")
    theme = bilingual("theme")
    slogan = bilingual("slogan")
    description = bilingual("description")

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def status_label(self):
        return EDITION_STATUS_LABELS[EditionStatus(self.status)]

    @property
    def is_published(self) -> bool:
        return self.status in (EditionStatus.PUBLISHED, EditionStatus.ARCHIVED)


class Venue(db.Model):
    __tablename__ = "venues"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(160))
    address: Mapped[str | None] = mapped_column(String(255))
    map_url: Mapped[str | None] = mapped_column(String(500))

    edition: Mapped[Edition] = relationship(back_populates="venues")
    rooms: Mapped[list[Room]] = relationship(back_populates="venue", cascade="all, delete-orphan",
                                             order_by="Room.name")


class Room(db.Model):
    __tablename__ = "rooms"
    __table_args__ = (
        UniqueConstraint("venue_id", "name"),
        CheckConstraint("capacity IS NULL OR capacity > 0", name="capacity_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    venue_id: Mapped[int] = mapped_column(ForeignKey("venues.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    capacity: Mapped[int | None]

    venue: Mapped[Venue] = relationship(back_populates="rooms")

    @property
    def label(self) -> str:
        return f"{self.name} · {self.venue.name}"


class Village(db.Model):
    """A thematic Techfest village (Làng Techfest) led by a village head."""

    __tablename__ = "villages"
    __table_args__ = (UniqueConstraint("edition_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"), index=True)
    slug: Mapped[str] = mapped_column(String(80))
    name_vi: Mapped[str] = mapped_column(String(160))
    name_en: Mapped[str] = mapped_column(String(160))
    description_vi: Mapped[str | None] = mapped_column(Text)
    description_en: Mapped[str | None] = mapped_column(Text)
    head_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    co_head_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    position: Mapped[int] = mapped_column(default=0)

    edition: Mapped[Edition] = relationship(back_populates="villages")
    head: Mapped["User | None"] = relationship("User", foreign_keys=[head_id])  # noqa: F821
    co_head: Mapped["User | None"] = relationship("User", foreign_keys=[co_head_id])  # noqa: F821

    name = bilingual("name")
    description = bilingual("description")


session_speakers = Table(
    "session_speakers",
    db.metadata,
    Column("session_id", ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True),
    Column("speaker_id", ForeignKey("speakers.id", ondelete="CASCADE"), primary_key=True),
)


class Speaker(db.Model):
    __tablename__ = "speakers"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(String(120))
    title: Mapped[str | None] = mapped_column(String(160))
    organisation: Mapped[str | None] = mapped_column(String(160))
    photo_path: Mapped[str | None] = mapped_column(String(255))
    bio_vi: Mapped[str | None] = mapped_column(Text)
    bio_en: Mapped[str | None] = mapped_column(Text)

    edition: Mapped[Edition] = relationship(back_populates="speakers")
    sessions: Mapped[list[Session]] = relationship(secondary=session_speakers, back_populates="speakers",
                                                   order_by="Session.starts_at")

    bio = bilingual("bio")


class Session(db.Model):
    """One item of the program: a ceremony, conference, workshop, training, pitching, …"""

    __tablename__ = "sessions"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("capacity IS NULL OR capacity >= 0", name="capacity_not_negative"),
        # The seat counter is the guard that makes "never more than capacity" hold under
        # concurrent registrations: it is only ever changed by a conditional UPDATE.
        CheckConstraint("confirmed_seats >= 0 AND (capacity IS NULL OR confirmed_seats <= capacity)",
                        name="seats_within_capacity"),
        CheckConstraint("seats_per_team IS NULL OR seats_per_team > 0", name="seats_per_team_positive"),
        CheckConstraint("status IN ('scheduled', 'cancelled')", name="status_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    title_vi: Mapped[str] = mapped_column(String(200))
    title_en: Mapped[str] = mapped_column(String(200))
    description_vi: Mapped[str | None] = mapped_column(Text)
    description_en: Mapped[str | None] = mapped_column(Text)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    room_id: Mapped[int | None] = mapped_column(ForeignKey("rooms.id", ondelete="SET NULL"), index=True)
    online_url: Mapped[str | None] = mapped_column(String(500))
    village_id: Mapped[int | None] = mapped_column(ForeignKey("villages.id", ondelete="SET NULL"), index=True)
    track: Mapped[str | None] = mapped_column(String(80))
    language: Mapped[str] = mapped_column(String(10), default="vi")
    requires_registration: Mapped[bool] = mapped_column(default=False)
    capacity: Mapped[int | None]
    confirmed_seats: Mapped[int] = mapped_column(default=0)
    registration_opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    registration_closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    registers_teams: Mapped[bool] = mapped_column(default=False)
    seats_per_team: Mapped[int | None]
    status: Mapped[str] = mapped_column(String(10), default="scheduled")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    edition: Mapped[Edition] = relationship(back_populates="sessions")
    room: Mapped[Room | None] = relationship()
    village: Mapped[Village | None] = relationship()
    speakers: Mapped[list[Speaker]] = relationship(secondary=session_speakers, back_populates="sessions",
                                                   order_by="Speaker.name")

    title = bilingual("title")
    description = bilingual("description")

    @property
    def kind_label(self):
        return SESSION_KIND_LABELS.get(SessionKind(self.kind), self.kind)

    @property
    def language_label(self):
        return SESSION_LANGUAGE_LABELS.get(self.language, self.language)

    @property
    def is_cancelled(self) -> bool:
        return self.status == "cancelled"

    @property
    def is_online(self) -> bool:
        return bool(self.online_url)

    @property
    def seats_left(self) -> int | None:
        return None if self.capacity is None else max(self.capacity - self.confirmed_seats, 0)

    def local_start(self) -> datetime:
        return self.starts_at.astimezone(self.edition.zone)

    def local_end(self) -> datetime:
        return self.ends_at.astimezone(self.edition.zone)
