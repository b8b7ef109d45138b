"""Organisations (startups and others), their members, and invitations to join them."""
from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import get_locale
from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import UTCDateTime
from app.core.i18n import bilingual
from app.core.text import fold
from app.core.time import utcnow
from app.extensions import db
from app.teams.choices import ORGANISATION_KINDS, SECTORS, STAGES


class MemberRole(enum.StrEnum):
    OWNER = "owner"
    MEMBER = "member"


class Province(db.Model):
    """A province or centrally-run city of Viet Nam: editable data, since borders change."""

    __tablename__ = "provinces"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name_vi: Mapped[str] = mapped_column(String(80))
    name_en: Mapped[str] = mapped_column(String(80))
    is_current: Mapped[bool] = mapped_column(default=True)

    name = bilingual("name")


class Organisation(db.Model):
    __tablename__ = "organisations"
    __table_args__ = (
        CheckConstraint(
            "kind IN ('startup', 'company', 'university', 'fund', 'support')", name="kind_known"
        ),
        CheckConstraint("founded_year IS NULL OR (founded_year BETWEEN 1900 AND 2100)", name="founded_year_range"),
        CheckConstraint("province_id IS NULL OR country_code = 'VN'", name="province_only_in_vietnam"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), default="startup", index=True)
    name: Mapped[str] = mapped_column(String(160))
    name_folded: Mapped[str] = mapped_column(String(160), index=True)
    logo_path: Mapped[str | None] = mapped_column(String(255))
    sector: Mapped[str | None] = mapped_column(String(30))
    stage: Mapped[str | None] = mapped_column(String(20))
    country_code: Mapped[str] = mapped_column(String(2), default="VN")
    province_id: Mapped[int | None] = mapped_column(ForeignKey("provinces.id", ondelete="SET NULL"), index=True)
    founded_year: Mapped[int | None]
    website: Mapped[str | None] = mapped_column(String(255))
    pitch_vi: Mapped[str | None] = mapped_column(String(280))
    pitch_en: Mapped[str | None] = mapped_column(String(280))
    description_vi: Mapped[str | None] = mapped_column(Text)
    description_en: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    province: Mapped[Province | None] = relationship()
    memberships: Mapped[list[Membership]] = relationship(
        back_populates="organisation", cascade="all, delete-orphan", order_by="Membership.id"
    )
    invitations: Mapped[list[Invitation]] = relationship(
        back_populates="organisation", cascade="all, delete-orphan", order_by="Invitation.id"
    )

    def set_name(self, name: str) -> None:
        self.name = " ".join(name.split())
        self.name_folded = fold(self.name)

    @property
    def kind_label(self):
        return ORGANISATION_KINDS.get(self.kind, self.kind)

    @property
    def sector_label(self):
        return SECTORS.get(self.sector, "") if self.sector else ""

    @property
    def stage_label(self):
        return STAGES.get(self.stage, "") if self.stage else ""

    pitch = bilingual("pitch")
    description = bilingual("description")

    @property
    def place(self) -> str:
        """Province for Vietnamese organisations, country name for the others."""
        if self.country_code == "VN" and self.province is not None:
            return self.province.name
        return get_locale().territories.get(self.country_code, self.country_code)

    @property
    def owner(self):
        return next((m.user for m in self.memberships if m.role == MemberRole.OWNER), None)


class Membership(db.Model):
    __tablename__ = "memberships"
    __table_args__ = (
        UniqueConstraint("organisation_id", "user_id"),
        CheckConstraint("role IN ('owner', 'member')", name="role_known"),
        # Exactly one owner per organisation is kept by the services; at most one by the database.
        Index(
            "uq_memberships_one_owner", "organisation_id", unique=True,
            sqlite_where=text("role = 'owner'"), postgresql_where=text("role = 'owner'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(10), default=MemberRole.MEMBER)
    title: Mapped[str | None] = mapped_column(String(80))
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    organisation: Mapped[Organisation] = relationship(back_populates="memberships")
    user: Mapped["User"] = relationship("User", back_populates="memberships")  # noqa: F821

    @property
    def is_owner(self) -> bool:
        return self.role == MemberRole.OWNER


class Invitation(db.Model):
    """An emailed invitation to join a team; the link works before the invitee has an account."""

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(254))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    accepted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    organisation: Mapped[Organisation] = relationship(back_populates="invitations")
    invited_by: Mapped["User | None"] = relationship("User", foreign_keys=[invited_by_id])  # noqa: F821

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > utcnow()
