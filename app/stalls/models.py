"""Virtual stalls: an exhibitor's page for the edition's online window, with products and brochures."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import UTCDateTime
from app.core.i18n import bilingual
from app.core.time import utcnow
from app.extensions import db


class Stall(db.Model):
    """One organisation's virtual stall at one edition."""

    __tablename__ = "stalls"
    __table_args__ = (
        UniqueConstraint("edition_id", "organisation_id"),
        Index("ix_stalls_edition_id_featured", "edition_id", "is_featured"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    village_id: Mapped[int | None] = mapped_column(ForeignKey("villages.id", ondelete="SET NULL"), index=True)
    sector: Mapped[str | None] = mapped_column(String(30), index=True)  # a key of teams.choices.SECTORS
    tagline_vi: Mapped[str | None] = mapped_column(String(200))
    tagline_en: Mapped[str | None] = mapped_column(String(200))
    description_vi: Mapped[str | None] = mapped_column(Text)  # Markdown, sanitised when shown
    description_en: Mapped[str | None] = mapped_column(Text)
    banner_path: Mapped[str | None] = mapped_column(String(255))
    logo_path: Mapped[str | None] = mapped_column(String(255))  # falls back to the organisation's logo
    video_url: Mapped[str | None] = mapped_column(String(500))  # YouTube or Vimeo
    contact_name: Mapped[str | None] = mapped_column(String(120))
    contact_role: Mapped[str | None] = mapped_column(String(120))
    contact_email: Mapped[str | None] = mapped_column(String(254))
    contact_phone: Mapped[str | None] = mapped_column(String(30))
    website: Mapped[str | None] = mapped_column(String(255))
    # Folded (lower case, no diacritics) name, tagline, sector and place, so "can tho" finds "Cần Thơ".
    search_text: Mapped[str] = mapped_column(Text, default="")
    is_featured: Mapped[bool] = mapped_column(default=False)
    featured_position: Mapped[int] = mapped_column(default=0)
    is_hidden: Mapped[bool] = mapped_column(default=False)  # taken down by organisers
    hidden_reason: Mapped[str | None] = mapped_column(String(300))  # told to the stall's owners
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    edition: Mapped["Edition"] = relationship("Edition")  # noqa: F821
    organisation: Mapped["Organisation"] = relationship("Organisation")  # noqa: F821
    village: Mapped["Village | None"] = relationship("Village")  # noqa: F821
    products: Mapped[list[Product]] = relationship(back_populates="stall", cascade="all, delete-orphan",
                                                   order_by="Product.position, Product.id")
    brochures: Mapped[list[Brochure]] = relationship(back_populates="stall", cascade="all, delete-orphan",
                                                     order_by="Brochure.id")

    tagline = bilingual("tagline")
    description = bilingual("description")

    @property
    def name(self) -> str:
        return self.organisation.name


class Product(db.Model):
    """A product or technology in a stall's catalogue; no price means "contact us"."""

    __tablename__ = "products"
    __table_args__ = (CheckConstraint("price_vnd IS NULL OR price_vnd >= 0", name="price_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    stall_id: Mapped[int] = mapped_column(ForeignKey("stalls.id", ondelete="CASCADE"), index=True)
    name_vi: Mapped[str] = mapped_column(String(160))
    name_en: Mapped[str | None] = mapped_column(String(160))
    description_vi: Mapped[str | None] = mapped_column(Text)  # Markdown
    description_en: Mapped[str | None] = mapped_column(Text)
    stage: Mapped[str | None] = mapped_column(String(20))  # a key of teams.choices.STAGES
    price_vnd: Mapped[int | None]
    position: Mapped[int] = mapped_column(default=0)

    stall: Mapped[Stall] = relationship(back_populates="products")
    images: Mapped[list[ProductImage]] = relationship(back_populates="product", cascade="all, delete-orphan",
                                                      order_by="ProductImage.position, ProductImage.id")

    name = bilingual("name")
    description = bilingual("description")

    @property
    def has_price(self) -> bool:
        return self.price_vnd is not None


class ProductImage(db.Model):
    __tablename__ = "product_images"

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"), index=True)
    path: Mapped[str] = mapped_column(String(255))
    position: Mapped[int] = mapped_column(default=0)

    product: Mapped[Product] = relationship(back_populates="images")


class Brochure(db.Model):
    """A PDF a visitor can download from the stall (checked by content when uploaded)."""

    __tablename__ = "brochures"

    id: Mapped[int] = mapped_column(primary_key=True)
    stall_id: Mapped[int] = mapped_column(ForeignKey("stalls.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(160))
    path: Mapped[str] = mapped_column(String(255))
    size_bytes: Mapped[int]
    downloads: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    stall: Mapped[Stall] = relationship(back_populates="brochures")


class StallVisit(db.Model):
    """One visitor's view of a stall on one day (edition time zone).

    ``visitor_key`` is a keyed hash of the account id, or of the IP address and browser for
    anonymous visitors, salted with the day: it counts a visitor once per day, and the raw IP
    address is never stored.
    """

    __tablename__ = "stall_visits"
    __table_args__ = (UniqueConstraint("stall_id", "day", "visitor_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    stall_id: Mapped[int] = mapped_column(ForeignKey("stalls.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    visitor_key: Mapped[str] = mapped_column(String(64))
