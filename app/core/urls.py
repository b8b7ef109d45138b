"""URL helpers."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, has_request_context, url_for


def safe_next_url(target: str | None) -> str | None:
    """Only follow ``next`` to a path on this site (never to another host)."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target:  # browsers read /\evil.example as //evil.example: another host
        return None
    return target


def external_url(endpoint: str, **values) -> str:
    """An absolute URL for a mail, inside or outside a web request (then from ``BASE_URL``)."""
    if has_request_context():
        return url_for(endpoint, _external=True, **values)
    with current_app.test_request_context(base_url=current_app.config["BASE_URL"]):
        return url_for(endpoint, _external=True, **values)
