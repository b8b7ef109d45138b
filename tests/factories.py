"""Builders for test data. Each returns a committed object with sensible defaults."""
from __future__ import annotations

import itertools
from functools import lru_cache

from werkzeug.security import generate_password_hash

from app.accounts.models import Role, RoleGrant, User
from app.core.time import utcnow
from app.extensions import db
from app.teams.models import MemberRole, Membership, Organisation, Province

PASSWORD = "correct horse battery"
_sequence = itertools.count(1)


@lru_cache(maxsize=1)
def _password_hash() -> str:
    # Hash once per run: real scrypt, without paying for it in every test.
    return generate_password_hash(PASSWORD)


def make_user(*, email: str | None = None, name: str | None = None, locale: str = "vi",
              confirmed: bool = True, active: bool = True, roles: tuple[Role, ...] = ()) -> User:
    number = next(_sequence)
    user = User(email=email or f"user{number}@example.vn", name=name or f"Nguyễn Văn Thử {number}",
                password=None, locale=locale)
    user.password_hash = _password_hash()
    user.active = active
    user.email_confirmed_at = utcnow() if confirmed else None
    for role in roles:
        user.role_grants.append(RoleGrant(role=str(role)))
    db.session.add(user)
    db.session.commit()
    return user


def make_province(*, code: str = "hai-phong", name_vi: str = "Hải Phòng", name_en: str = "Hai Phong") -> Province:
    province = db.session.query(Province).filter_by(code=code).one_or_none()
    if province is None:
        province = Province(code=code, name_vi=name_vi, name_en=name_en)
        db.session.add(province)
        db.session.commit()
    return province


def make_organisation(owner: User | None = None, *, name: str | None = None, kind: str = "startup",
                      members: tuple[User, ...] = (), **fields) -> Organisation:
    organisation = Organisation(kind=kind, **fields)
    organisation.set_name(name or f"Khởi nghiệp Xanh {next(_sequence)}")
    organisation.memberships.append(Membership(user=owner or make_user(), role=MemberRole.OWNER))
    for member in members:
        organisation.memberships.append(Membership(user=member, role=MemberRole.MEMBER))
    db.session.add(organisation)
    db.session.commit()
    return organisation
