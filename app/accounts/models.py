"""People who use the platform and the roles granted to them."""
from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from app.core.db import UTCDateTime
from app.core.text import fold
from app.core.time import utcnow
from app.extensions import db


class Role(enum.StrEnum):
    """Roles granted by an administrator. Startup member and visitor are not granted:
    a startup member is anyone in a startup team, and every account is a visitor."""

    ADMIN = "admin"
    ORGANISER = "organiser"
    JUDGE = "judge"
    EXHIBITOR = "exhibitor"

    @property
    def label(self):
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.ADMIN: _l("Platform administrator"),
    Role.ORGANISER: _l("Organiser"),
    Role.JUDGE: _l("Judge"),
    Role.EXHIBITOR: _l("Exhibitor"),
}


class User(UserMixin, db.Model):
    __tablename__ = "users"
    __table_args__ = (CheckConstraint("locale IN ('vi', 'en')", name="locale_supported"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    name_folded: Mapped[str] = mapped_column(String(120), index=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    locale: Mapped[str] = mapped_column(String(5), default="vi")
    active: Mapped[bool] = mapped_column(default=True)
    email_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    province_id: Mapped[int | None] = mapped_column(ForeignKey("provinces.id", ondelete="SET NULL"))
    # Secret part of the personal calendar feed URL; replaced when the user resets it.
    calendar_token: Mapped[str | None] = mapped_column(String(64), unique=True)

    role_grants: Mapped[list[RoleGrant]] = relationship(
        back_populates="user",
        cascade="all, delete-orphan",
        foreign_keys="RoleGrant.user_id",
        order_by="RoleGrant.role",
    )
    province: Mapped["Province | None"] = relationship("Province")  # noqa: F821
    memberships: Mapped[list["Membership"]] = relationship(  # noqa: F821 - teams domain
        "Membership", back_populates="user", cascade="all, delete-orphan"
    )

    def __init__(self, *, email: str, name: str, password: str | None, locale: str = "vi", **kwargs):
        super().__init__(email=normalise_email(email), locale=locale, **kwargs)
        self.set_name(name)
        if password is not None:  # None: the caller sets ``password_hash`` itself
            self.set_password(password)

    def set_name(self, name: str) -> None:
        self.name = " ".join(name.split())
        self.name_folded = fold(self.name)

    def set_password(self, password: str) -> None:
        # Werkzeug's default is scrypt with a random salt.
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def is_active(self) -> bool:  # Flask-Login
        return self.active

    @property
    def is_confirmed(self) -> bool:
        return self.email_confirmed_at is not None

    @property
    def role_names(self) -> set[str]:
        return {grant.role for grant in self.role_grants}

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email}>"


class RoleGrant(db.Model):
    """A role held by a user, platform-wide (no edition) or for one festival edition."""

    __tablename__ = "role_grants"
    __table_args__ = (
        # One grant per user and role platform-wide, and one per user, role and edition.
        Index("uq_role_grants_platform", "user_id", "role", unique=True,
              sqlite_where=text("edition_id IS NULL"), postgresql_where=text("edition_id IS NULL")),
        Index("uq_role_grants_edition", "user_id", "role", "edition_id", unique=True,
              sqlite_where=text("edition_id IS NOT NULL"), postgresql_where=text("edition_id IS NOT NULL")),
        CheckConstraint("role IN ('admin', 'organiser', 'judge', 'exhibitor')", name="role_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    edition_id: Mapped[int | None] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"), index=True)
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    user: Mapped[User] = relationship(back_populates="role_grants", foreign_keys=[user_id])
    granted_by: Mapped[User | None] = relationship(foreign_keys=[granted_by_id])
    edition: Mapped["Edition | None"] = relationship("Edition")  # noqa: F821

    @property
    def label(self):
        return ROLE_LABELS.get(Role(self.role), self.role)


def normalise_email(email: str) -> str:
    """Emails are compared case-insensitively; store them trimmed and lower-cased."""
    return email.strip().lower()
