"""Counting stall views once per visitor and day, without keeping anyone's IP address.

Pure functions, tested without the application: the route gives them the secret key, the
day (in the edition's time zone) and what identifies the visitor.
"""
from __future__ import annotations

import hashlib
import hmac
from datetime import date, datetime
from zoneinfo import ZoneInfo

BOT_MARKERS = ("bot", "spider", "crawl")


def is_bot(user_agent: str | None) -> bool:
    """Search engines and link previews announce themselves; their requests are not visits."""
    agent = (user_agent or "").lower()
    return any(marker in agent for marker in BOT_MARKERS)


def visitor_key(secret: str | bytes, day: date, *, user_id: int | None = None, ip: str | None = None,
                user_agent: str | None = None) -> str:
    """A keyed hash (HMAC-SHA256) naming one visitor on one day: the account, else the IP address and browser.

    The day is part of the message, so the same person gets unrelated keys on different days,
    and without the secret key nobody can test which IP address a key came from.
    """
    who = f"u:{user_id}" if user_id is not None else f"a:{ip or ''}\n{user_agent or ''}"
    key = secret.encode() if isinstance(secret, str) else secret
    return hmac.new(key, f"{day.isoformat()}\n{who}".encode(), hashlib.sha256).hexdigest()


def local_day(moment: datetime, zone: ZoneInfo) -> date:
    """The calendar day ``moment`` (aware) falls on in ``zone``."""
    return moment.astimezone(zone).date()
