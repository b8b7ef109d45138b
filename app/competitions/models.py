"""Competitions of an edition, their tracks and rounds, the teams' entries and the awards."""
from __future__ import annotations

import enum
from datetime import datetime
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import UTCDateTime
from app.core.i18n import bilingual
from app.core.time import utcnow
from app.extensions import db


class RoundKind(enum.StrEnum):
    SCREENING = "screening"
    SEMI_FINAL = "semi_final"
    FINAL = "final"


ROUND_KIND_LABELS = {
    RoundKind.SCREENING: _l("Online screening"),
    RoundKind.SEMI_FINAL: _l("Semi-final"),
    RoundKind.FINAL: _l("Final pitch"),
}


class RankingMethod(enum.StrEnum):
    RAW = "raw"
    CORRECTED = "corrected"


class EntryStatus(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    WITHDRAWN = "withdrawn"


ENTRY_STATUS_LABELS = {
    EntryStatus.DRAFT: _l("Draft"),
    EntryStatus.SUBMITTED: _l("Submitted"),
    EntryStatus.WITHDRAWN: _l("Withdrawn"),
}


class Eligibility(enum.StrEnum):
    PENDING = "pending"
    ELIGIBLE = "eligible"
    INELIGIBLE = "ineligible"


ELIGIBILITY_LABELS = {
    Eligibility.PENDING: _l("Not screened yet"),
    Eligibility.ELIGIBLE: _l("Eligible"),
    Eligibility.INELIGIBLE: _l("Not eligible"),
}


class Competition(db.Model):
    __tablename__ = "competitions"
    __table_args__ = (UniqueConstraint("edition_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"), index=True)
    slug: Mapped[str] = mapped_column(String(80))
    name_vi: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    rules_vi: Mapped[str | None] = mapped_column(Text)
    rules_en: Mapped[str | None] = mapped_column(Text)
    eligibility_vi: Mapped[str | None] = mapped_column(Text)
    eligibility_en: Mapped[str | None] = mapped_column(Text)
    prizes_vi: Mapped[str | None] = mapped_column(Text)
    prizes_en: Mapped[str | None] = mapped_column(Text)
    blind_judging: Mapped[bool] = mapped_column(default=False)
    # Published before judging starts, per DOMAIN.md: the criterion that breaks remaining ties.
    tie_break_criterion_position: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    edition: Mapped["Edition"] = relationship("Edition")  # noqa: F821
    tracks: Mapped[list[Track]] = relationship(back_populates="competition", cascade="all, delete-orphan",
                                               order_by="Track.position, Track.id")
    rounds: Mapped[list[Round]] = relationship(back_populates="competition", cascade="all, delete-orphan",
                                               order_by="Round.position")
    entries: Mapped[list[Entry]] = relationship(back_populates="competition", cascade="all, delete-orphan",
                                                order_by="Entry.id")
    awards: Mapped[list[Award]] = relationship(back_populates="competition", cascade="all, delete-orphan",
                                               order_by="Award.position, Award.id")

    name = bilingual("name")
    rules = bilingual("rules")
    eligibility = bilingual("eligibility")
    prizes = bilingual("prizes")


class Track(db.Model):
    """A separate ranking within a competition (e.g. idea / project), optionally a village's."""

    __tablename__ = "tracks"

    id: Mapped[int] = mapped_column(primary_key=True)
    competition_id: Mapped[int] = mapped_column(ForeignKey("competitions.id", ondelete="CASCADE"), index=True)
    name_vi: Mapped[str] = mapped_column(String(160))
    name_en: Mapped[str] = mapped_column(String(160))
    village_id: Mapped[int | None] = mapped_column(ForeignKey("villages.id", ondelete="SET NULL"))
    position: Mapped[int] = mapped_column(default=0)

    competition: Mapped[Competition] = relationship(back_populates="tracks")
    village: Mapped["Village | None"] = relationship("Village")  # noqa: F821

    name = bilingual("name")


class Round(db.Model):
    __tablename__ = "rounds"
    __table_args__ = (
        UniqueConstraint("competition_id", "position"),
        CheckConstraint("judges_per_entry >= 1", name="judges_per_entry_positive"),
        CheckConstraint("advance_count IS NULL OR advance_count >= 0", name="advance_count_not_negative"),
        CheckConstraint("kind IN ('screening', 'semi_final', 'final')", name="kind_known"),
        CheckConstraint("ranking_method IN ('raw', 'corrected')", name="ranking_method_known"),
        CheckConstraint("submission_closes_at IS NULL OR submission_opens_at IS NULL "
                        "OR submission_closes_at > submission_opens_at", name="submission_window_ordered"),
        CheckConstraint("judging_closes_at IS NULL OR judging_opens_at IS NULL "
                        "OR judging_closes_at > judging_opens_at", name="judging_window_ordered"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    competition_id: Mapped[int] = mapped_column(ForeignKey("competitions.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    kind: Mapped[str] = mapped_column(String(20), default=RoundKind.SCREENING)
    name_vi: Mapped[str] = mapped_column(String(160))
    name_en: Mapped[str] = mapped_column(String(160))
    submission_opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    submission_closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    judging_opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    judging_closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    judges_per_entry: Mapped[int] = mapped_column(default=3)
    advance_count: Mapped[int | None]
    advance_per_track: Mapped[bool] = mapped_column(default=False)
    ranking_method: Mapped[str] = mapped_column(String(10), default=RankingMethod.CORRECTED)
    # What advancing teams must add for this round (e.g. an updated deck).
    material_request_vi: Mapped[str | None] = mapped_column(Text)
    material_request_en: Mapped[str | None] = mapped_column(Text)
    requires_updated_deck: Mapped[bool] = mapped_column(default=False)
    results_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Live final: the big screen shows standings only once the organiser reveals them.
    standings_revealed: Mapped[bool] = mapped_column(default=False)

    competition: Mapped[Competition] = relationship(back_populates="rounds")
    criteria: Mapped[list[Criterion]] = relationship(back_populates="round", cascade="all, delete-orphan",
                                                     order_by="Criterion.position, Criterion.id")
    participations: Mapped[list[RoundEntry]] = relationship(back_populates="round", cascade="all, delete-orphan")

    name = bilingual("name")
    material_request = bilingual("material_request")

    @property
    def kind_label(self):
        return ROUND_KIND_LABELS[RoundKind(self.kind)]

    @property
    def is_published(self) -> bool:
        return self.results_published_at is not None


class Criterion(db.Model):
    """One line of a round's rubric; weights of a rubric sum to 100."""

    __tablename__ = "criteria"
    __table_args__ = (
        CheckConstraint("max_points > 0", name="max_points_positive"),
        CheckConstraint("weight > 0 AND weight <= 100", name="weight_in_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    name_vi: Mapped[str] = mapped_column(String(160))
    name_en: Mapped[str] = mapped_column(String(160))
    description_vi: Mapped[str | None] = mapped_column(Text)
    description_en: Mapped[str | None] = mapped_column(Text)
    max_points: Mapped[int] = mapped_column(default=10)
    weight: Mapped[Decimal] = mapped_column(Numeric(5, 2))

    round: Mapped[Round] = relationship(back_populates="criteria")

    name = bilingual("name")
    description = bilingual("description")


class Entry(db.Model):
    """A startup team's application to a competition."""

    __tablename__ = "entries"
    __table_args__ = (
        UniqueConstraint("competition_id", "organisation_id"),
        CheckConstraint("status IN ('draft', 'submitted', 'withdrawn')", name="status_known"),
        CheckConstraint("eligibility IN ('pending', 'eligible', 'ineligible')", name="eligibility_known"),
        CheckConstraint("funding_sought_vnd IS NULL OR funding_sought_vnd >= 0", name="funding_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    competition_id: Mapped[int] = mapped_column(ForeignKey("competitions.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    track_id: Mapped[int | None] = mapped_column(ForeignKey("tracks.id", ondelete="SET NULL"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    project_name: Mapped[str] = mapped_column(String(200))
    problem: Mapped[str | None] = mapped_column(Text)
    solution: Mapped[str | None] = mapped_column(Text)
    innovation: Mapped[str | None] = mapped_column(Text)
    target_market: Mapped[str | None] = mapped_column(Text)
    business_model: Mapped[str | None] = mapped_column(Text)
    traction: Mapped[str | None] = mapped_column(Text)
    team_description: Mapped[str | None] = mapped_column(Text)
    funding_sought_vnd: Mapped[int | None] = mapped_column(Numeric(18, 0))
    links: Mapped[str | None] = mapped_column(Text)
    video_url: Mapped[str | None] = mapped_column(String(500))
    deck_path: Mapped[str | None] = mapped_column(String(255))
    status: Mapped[str] = mapped_column(String(12), default=EntryStatus.DRAFT)
    eligibility: Mapped[str] = mapped_column(String(12), default=Eligibility.PENDING)
    ineligible_reason: Mapped[str | None] = mapped_column(Text)
    nominated_by: Mapped[str | None] = mapped_column(String(200))  # a village, region or incubator
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    competition: Mapped[Competition] = relationship(back_populates="entries")
    organisation: Mapped["Organisation"] = relationship("Organisation")  # noqa: F821
    track: Mapped[Track | None] = relationship()
    images: Mapped[list[EntryImage]] = relationship(back_populates="entry", cascade="all, delete-orphan",
                                                    order_by="EntryImage.id")
    participations: Mapped[list[RoundEntry]] = relationship(back_populates="entry", cascade="all, delete-orphan")

    @property
    def status_label(self):
        return ENTRY_STATUS_LABELS[EntryStatus(self.status)]

    @property
    def eligibility_label(self):
        return ELIGIBILITY_LABELS[Eligibility(self.eligibility)]


class EntryImage(db.Model):
    __tablename__ = "entry_images"

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("entries.id", ondelete="CASCADE"), index=True)
    path: Mapped[str] = mapped_column(String(255))

    entry: Mapped[Entry] = relationship(back_populates="images")


class RoundEntry(db.Model):
    """An entry taking part in a round: its deadline override, extra material and outcome."""

    __tablename__ = "round_entries"
    __table_args__ = (
        UniqueConstraint("round_id", "entry_id"),
        CheckConstraint("outcome IN ('pending', 'advanced', 'eliminated')", name="outcome_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("entries.id", ondelete="CASCADE"), index=True)
    deadline_override: Mapped[datetime | None] = mapped_column(UTCDateTime())
    updated_deck_path: Mapped[str | None] = mapped_column(String(255))
    material_note: Mapped[str | None] = mapped_column(Text)
    outcome: Mapped[str] = mapped_column(String(12), default="pending")
    # Order of appearance in a live final.
    pitch_order: Mapped[int | None]

    round: Mapped[Round] = relationship(back_populates="participations")
    entry: Mapped[Entry] = relationship(back_populates="participations")


class Award(db.Model):
    """A prize given at the award ceremony (first, second, third, special prizes per village or track)."""

    __tablename__ = "awards"

    id: Mapped[int] = mapped_column(primary_key=True)
    competition_id: Mapped[int] = mapped_column(ForeignKey("competitions.id", ondelete="CASCADE"), index=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("entries.id", ondelete="CASCADE"), index=True)
    title_vi: Mapped[str] = mapped_column(String(200))
    title_en: Mapped[str] = mapped_column(String(200))
    track_id: Mapped[int | None] = mapped_column(ForeignKey("tracks.id", ondelete="SET NULL"))
    village_id: Mapped[int | None] = mapped_column(ForeignKey("villages.id", ondelete="SET NULL"))
    position: Mapped[int] = mapped_column(default=0)

    competition: Mapped[Competition] = relationship(back_populates="awards")
    entry: Mapped[Entry] = relationship()
    track: Mapped[Track | None] = relationship()
    village: Mapped["Village | None"] = relationship("Village")  # noqa: F821

    title = bilingual("title")
