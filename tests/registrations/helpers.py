"""Small helpers for the registrations tests."""
from __future__ import annotations

import html
import re

from flask_babel import force_locale
from sqlalchemy import func, select

from app.events.models import Session
from app.extensions import db
from app.notifications.models import OutboxMessage
from app.registrations.models import Registration


def english(error: Exception) -> str:
    """A refusal's message in English (the source language), whatever the default locale."""
    with force_locale("en"):
        return str(error)


def outbox_rows(kind: str | None = None) -> list[OutboxMessage]:
    query = select(OutboxMessage).order_by(OutboxMessage.id)
    if kind:
        query = query.where(OutboxMessage.kind == kind)
    return list(db.session.scalars(query))


def seats_taken(session: Session) -> int:
    db.session.expire_all()
    return db.session.get(Session, session.id).confirmed_seats


def statuses(session: Session) -> list[tuple[int, str]]:
    """(user id, status) of every registration of ``session``, in the order they were made."""
    db.session.expire_all()
    rows = db.session.execute(select(Registration.user_id, Registration.status)
                              .where(Registration.session_id == session.id).order_by(Registration.id))
    return [tuple(row) for row in rows]


def registration_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Registration))


def page_text(response) -> str:
    """The visible text of a page, tags stripped and spaces squashed."""
    body = response.get_data(as_text=True)
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def element_text(response, element_id: str) -> str | None:
    """The text inside the element with ``id`` (first level of nesting is enough for our pages)."""
    body = response.get_data(as_text=True)
    match = re.search(rf'<(\w+)[^>]*\bid="{re.escape(element_id)}"[^>]*>(.*?)</\1>', body, flags=re.S)
    if not match:
        return None
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", match.group(2))).split())
