"""Bot checks for the contact form without third parties: a signed time stamp and a honeypot.

The form carries a token signed with the app's secret key that says when the form was
shown. People need some seconds to write a message; scripts post at once, or replay an old
page. Plain functions over the secret key and the clock, tested without a request.
"""
from __future__ import annotations

from datetime import datetime

from itsdangerous import BadSignature, URLSafeSerializer

SALT = "leads.contact-form"
MIN_SECONDS = 3
MAX_SECONDS = 2 * 3600


def form_token(secret_key: str, now: datetime) -> str:
    """A token saying the form was shown at ``now``."""
    return URLSafeSerializer(secret_key, salt=SALT).dumps({"shown": now.timestamp()})


def token_age(secret_key: str, token: str | None, now: datetime) -> float | None:
    """Seconds since the form with ``token`` was shown; ``None`` when the token is missing or forged."""
    try:
        payload = URLSafeSerializer(secret_key, salt=SALT).loads(token or "")
        return now.timestamp() - float(payload["shown"])
    except (BadSignature, KeyError, TypeError, ValueError):
        return None


def token_problem(secret_key: str, token: str | None, now: datetime) -> str | None:
    """``"missing"``, ``"too_fast"`` or ``"too_old"`` when the form must be sent again, else ``None``."""
    age = token_age(secret_key, token, now)
    if age is None:
        return "missing"
    if age < MIN_SECONDS:
        return "too_fast"
    if age > MAX_SECONDS:
        return "too_old"
    return None
