"""Judges of a competition, their assignments and their scores, with an audit trail."""
from __future__ import annotations

import enum
from datetime import datetime
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import UTCDateTime
from app.core.time import utcnow
from app.extensions import db


class SheetStatus(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"


SHEET_STATUS_LABELS = {
    SheetStatus.DRAFT: _l("Draft"),
    SheetStatus.SUBMITTED: _l("Submitted"),
}


class Judge(db.Model):
    """A person judging one competition: an expert, an investor, often from abroad."""

    __tablename__ = "judges"
    __table_args__ = (UniqueConstraint("competition_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    competition_id: Mapped[int] = mapped_column(ForeignKey("competitions.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    organisation_name: Mapped[str | None] = mapped_column(String(200))
    title: Mapped[str | None] = mapped_column(String(160))
    # Comma-separated codes: sectors from teams.choices.SECTORS, village ids of the edition.
    expertise_sectors: Mapped[str] = mapped_column(String(400), default="")
    expertise_village_ids: Mapped[str] = mapped_column(String(400), default="")
    active: Mapped[bool] = mapped_column(default=True)
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    competition: Mapped["Competition"] = relationship("Competition")  # noqa: F821
    user: Mapped["User"] = relationship("User")  # noqa: F821
    conflicts: Mapped[list[DeclaredConflict]] = relationship(back_populates="judge", cascade="all, delete-orphan")

    @property
    def sectors(self) -> set[str]:
        return {s for s in self.expertise_sectors.split(",") if s}

    @property
    def village_ids(self) -> set[int]:
        return {int(v) for v in self.expertise_village_ids.split(",") if v.isdigit()}


class JudgeInvitation(db.Model):
    """An emailed invitation to judge a competition; works for people without an account."""

    __tablename__ = "judge_invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    competition_id: Mapped[int] = mapped_column(ForeignKey("competitions.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(254))
    name: Mapped[str | None] = mapped_column(String(120))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    competition: Mapped["Competition"] = relationship("Competition")  # noqa: F821
    invited_by: Mapped["User | None"] = relationship("User")  # noqa: F821

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > utcnow()


class DeclaredConflict(db.Model):
    """A judge's declared conflict of interest with a startup or organisation."""

    __tablename__ = "declared_conflicts"
    __table_args__ = (UniqueConstraint("judge_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    judge_id: Mapped[int] = mapped_column(ForeignKey("judges.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    reason: Mapped[str | None] = mapped_column(String(300))
    declared_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    judge: Mapped[Judge] = relationship(back_populates="conflicts")
    organisation: Mapped["Organisation"] = relationship("Organisation")  # noqa: F821


class Assignment(db.Model):
    """A judge asked to score an entry in a round; its score sheet holds the scores."""

    __tablename__ = "assignments"
    __table_args__ = (UniqueConstraint("round_id", "judge_id", "entry_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    judge_id: Mapped[int] = mapped_column(ForeignKey("judges.id", ondelete="CASCADE"), index=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("entries.id", ondelete="CASCADE"), index=True)
    by_hand: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Score sheet: the judge's words and the state of their scoring.
    status: Mapped[str] = mapped_column(String(10), default=SheetStatus.DRAFT)
    comment_for_team: Mapped[str | None] = mapped_column(Text)
    private_note: Mapped[str | None] = mapped_column(Text)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    round: Mapped["Round"] = relationship("Round")  # noqa: F821
    judge: Mapped[Judge] = relationship()
    entry: Mapped["Entry"] = relationship("Entry")  # noqa: F821
    scores: Mapped[list[Score]] = relationship(back_populates="assignment", cascade="all, delete-orphan")

    @property
    def is_submitted(self) -> bool:
        return self.status == SheetStatus.SUBMITTED


class Score(db.Model):
    """One judge's points for one criterion of one entry: at most one (a database constraint)."""

    __tablename__ = "scores"
    __table_args__ = (
        UniqueConstraint("judge_id", "entry_id", "criterion_id"),
        CheckConstraint("points >= 0", name="points_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignments.id", ondelete="CASCADE"), index=True)
    judge_id: Mapped[int] = mapped_column(ForeignKey("judges.id", ondelete="CASCADE"))
    entry_id: Mapped[int] = mapped_column(ForeignKey("entries.id", ondelete="CASCADE"), index=True)
    criterion_id: Mapped[int] = mapped_column(ForeignKey("criteria.id", ondelete="CASCADE"), index=True)
    points: Mapped[Decimal] = mapped_column(Numeric(6, 2))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    assignment: Mapped[Assignment] = relationship(back_populates="scores")
    criterion: Mapped["Criterion"] = relationship("Criterion")  # noqa: F821


class ScoreChange(db.Model):
    """The audit trail: every change to a score sheet, by whom and when, with old and new values.

    Rows name the round, judge and entry themselves and outlive the assignment: an organiser
    who removes a scored assignment leaves its history (and a row saying it was removed).
    """

    __tablename__ = "score_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int | None] = mapped_column(ForeignKey("assignments.id", ondelete="SET NULL"), index=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    judge_id: Mapped[int] = mapped_column(ForeignKey("judges.id", ondelete="CASCADE"))
    entry_id: Mapped[int] = mapped_column(ForeignKey("entries.id", ondelete="CASCADE"), index=True)
    criterion_id: Mapped[int | None] = mapped_column(ForeignKey("criteria.id", ondelete="SET NULL"))
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # "points", "status", "comment_for_team", "private_note", or "assignment_removed"
    field: Mapped[str] = mapped_column(String(30))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)

    changed_by: Mapped["User | None"] = relationship("User")  # noqa: F821
    criterion: Mapped["Criterion | None"] = relationship("Criterion")  # noqa: F821
