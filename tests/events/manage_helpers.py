"""Helpers for the organiser pages' tests: people in each role, and reading pages."""
from __future__ import annotations

import html
import re
from datetime import UTC, datetime
from io import BytesIO
from urllib.parse import quote

from PIL import Image
from sqlalchemy import select

from app.accounts.models import Role, RoleGrant
from app.extensions import db
from app.notifications.models import OutboxMessage
from tests.factories import make_user


def person(**fields):
    """An account that reads the site in English (the source language)."""
    return make_user(locale="en", **fields)


def organiser_of(edition, **fields):
    """An account holding an organiser grant for ``edition`` only."""
    user = person(**fields)
    db.session.add(RoleGrant(user=user, role=str(Role.ORGANISER), edition_id=edition.id))
    db.session.commit()
    return user


def platform_organiser(**fields):
    """An organiser of every edition (a grant without edition): may create editions."""
    return person(roles=(Role.ORGANISER,), **fields)


def admin(**fields):
    return person(roles=(Role.ADMIN,), **fields)


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def page_text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def plain(fragment: str) -> str:
    """The words of an HTML fragment, tags removed and spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def field_error(response, field: str) -> str | None:
    match = re.search(rf'<div id="{field}-error" class="invalid-feedback d-block">([^<]*)</div>', page_text(response))
    return match.group(1) if match else None


def form_error(response) -> str | None:
    match = re.search(r'<div class="alert alert-danger" role="alert">([^<]*)</div>', page_text(response))
    return match.group(1).strip() if match else None


def input_value(response, field: str) -> str | None:
    match = re.search(rf'<input[^>]*name="{field}"[^>]*value="([^"]*)"', response.get_data(as_text=True))
    return html.unescape(match.group(1)) if match else None


def selected_value(response, field: str) -> str | None:
    select_tag = re.search(rf'<select[^>]*name="{field}"[^>]*>(.*?)</select>', response.get_data(as_text=True), re.S)
    option = re.search(r'<option selected value="([^"]*)"', select_tag.group(1)) if select_tag else None
    return option.group(1) if option else None


def flashes(response) -> list[tuple[str, str]]:
    """(category, text) of the flashed messages shown on a page."""
    return [(category, plain(text)) for category, text in re.findall(
        r'<div class="alert alert-(\w+) alert-dismissible fade show" role="alert">(.*?)<button', response.get_data(as_text=True),
        re.S)]


def login_redirect(path: str) -> str:
    return "/account/login?next=" + quote(path, safe="/")


def image_upload(name: str = "image.png", width: int = 64, height: int = 64):
    output = BytesIO()
    Image.new("RGB", (width, height), (20, 140, 60)).save(output, format="PNG")
    return (BytesIO(output.getvalue()), name)


def outbox_rows() -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))
