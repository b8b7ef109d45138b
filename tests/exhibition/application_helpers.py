"""Builders and readers shared by the booth application, booking, pass and organiser tests."""
from __future__ import annotations

from datetime import UTC, date, datetime
from types import SimpleNamespace

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select

from app.accounts.models import Role
from app.exhibition.models import BoothApplication, BoothBooking
from app.extensions import db
from app.notifications.models import OutboxMessage
from tests.factories import (make_booth, make_booth_application, make_booth_type, make_edition, make_exhibition,
                             make_hall, make_organisation, make_user, make_village)

EXHIBITION_DAYS = (date(2026, 12, 10), date(2026, 12, 11))


def english(error: Exception) -> str:
    """A refusal's message in English (the source language)."""
    with force_locale("en"):
        return str(error)


@pytest.fixture
def in_english():
    """Run services as an English reader would: names in refusals come out in English too."""
    with force_locale("en"):
        yield


def outbox_rows(kind: str | None = None) -> list[OutboxMessage]:
    query = select(OutboxMessage).order_by(OutboxMessage.id)
    if kind:
        query = query.where(OutboxMessage.kind == kind)
    return list(db.session.scalars(query))


def booking_count() -> int:
    return db.session.scalar(select(func.count()).select_from(BoothBooking))


def reloaded(application: BoothApplication) -> BoothApplication:
    db.session.expire_all()
    return db.session.get(BoothApplication, application.id)


def exhibition_world(*, picking: bool = False, locale: str = "en", **exhibition_fields) -> SimpleNamespace:
    """An edition with an open exhibition (10–11 December), hall A in the agritech village with booths
    A-12 and A-13 (standard, 5,000,000 VND) and A-20 (corner), one organiser and one startup."""
    organiser = make_user(name="Trần Thị Ngọc", locale=locale)
    edition = make_edition(organisers=(organiser,), slug="techfest-hai-phong", name_vi="Techfest Hải Phòng 2026",
                           name_en="Techfest Haiphong 2026")
    exhibition = make_exhibition(
        edition, days=EXHIBITION_DAYS, exhibitors_pick_booths=picking,
        setup_starts_at=exhibition_fields.pop("setup_starts_at", datetime(2026, 12, 9, 6, 0, tzinfo=UTC)),
        setup_ends_at=exhibition_fields.pop("setup_ends_at", datetime(2026, 12, 9, 13, 0, tzinfo=UTC)),
        **exhibition_fields)
    village = make_village(edition, name_vi="Làng Nông nghiệp", name_en="Agritech village")
    hall = make_hall(edition, code="A", name_vi="Khu A", name_en="Hall A", village_id=village.id)
    standard = make_booth_type(edition, name_vi="Gian tiêu chuẩn", name_en="Standard booth", price_vnd=5_000_000,
                               includes_en="A table, two chairs, one socket")
    corner = make_booth_type(edition, name_vi="Gian góc", name_en="Corner booth", width=6.0, price_vnd=9_000_000)
    booths = {code: make_booth(hall, code=code, booth_type=standard, x=x)
              for code, x in (("A-12", 0.0), ("A-13", 4.0))}
    booths["A-20"] = make_booth(hall, code="A-20", booth_type=corner, x=10.0)
    owner = make_user(name="Lê Văn Chủ", locale=locale)
    member = make_user(name="Phạm Thị Thành Viên", locale=locale)
    startup = make_organisation(owner, name="Nông Nghiệp Xanh", members=(member,))
    return SimpleNamespace(edition=edition, exhibition=exhibition, village=village, hall=hall, standard=standard,
                           corner=corner, booths=booths, organiser=organiser, owner=owner, member=member,
                           startup=startup, admin=make_user(roles=(Role.ADMIN,), locale=locale))


def approved_application(world, organisation=None, *, booth=None, **fields) -> BoothApplication:
    """An approved application of the standard type (with ``booth`` booked, if given)."""
    return make_booth_application(world.edition, organisation=organisation or make_organisation(),
                                  booth_type=world.standard, status="approved", booth=booth, **fields)
