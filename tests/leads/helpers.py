"""Small helpers for the leads tests."""
from __future__ import annotations

from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select

from app.core.time import utcnow
from app.extensions import db
from app.leads import bots
from app.leads.models import Lead
from app.notifications.models import OutboxMessage
from tests.factories import make_edition, make_organisation, make_stall, make_user


def outbox_rows(kind: str | None = None) -> list[OutboxMessage]:
    query = select(OutboxMessage).order_by(OutboxMessage.id)
    if kind:
        query = query.where(OutboxMessage.kind == kind)
    return list(db.session.scalars(query))


def lead_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Lead))


def shown_token(seconds_ago: float = 10) -> str:
    """The bot-check token of a form shown ``seconds_ago``."""
    return bots.form_token(current_app.config["SECRET_KEY"], utcnow() - timedelta(seconds=seconds_ago))


def stall_with_team(*, owner_locale: str = "vi", members=(), edition=None, **fields):
    """A stall of a startup whose owner is "Lê Minh Chủ" (and ``members``), at a published edition."""
    owner = make_user(name="Lê Minh Chủ", email="owner@startup.vn", locale=owner_locale)
    organisation = make_organisation(owner, name="Nông Nghiệp Xanh", members=tuple(members))
    edition = edition or make_edition(slug="techfest-2026", name_vi="Techfest Hải Phòng 2026",
                                      name_en="Techfest Haiphong 2026")
    return make_stall(edition, organisation=organisation, **fields)


def lead_form(**overrides) -> dict:
    """A complete contact form as an anonymous visitor sends it, shown ten seconds ago."""
    data = {"name": "Trần Thị Nhà Đầu Tư", "email": "investor@quy.vn", "phone": "0901 234 567",
            "company": "Quỹ Đầu tư Sao Mai", "interest": "investment",
            "message": "Chúng tôi muốn tìm hiểu về cảm biến độ ẩm đất.", "consent": "y",
            "form_token": shown_token()}
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
