"""Stall videos: a YouTube or Vimeo link turned into an embed address that sets no tracking cookie.

Pure functions, tested without the application. YouTube videos play from
``www.youtube-nocookie.com`` and Vimeo videos with ``dnt=1`` (do not track); the stall page loads
either only after the visitor clicks "Play".
"""
from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from flask_babel import lazy_gettext as _l

from app.core.errors import DomainError

YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "music.youtube.com",
                 "youtube-nocookie.com", "www.youtube-nocookie.com"}
YOUTUBE_SHORT_HOSTS = {"youtu.be", "www.youtu.be"}
VIMEO_HOSTS = {"vimeo.com", "www.vimeo.com", "player.vimeo.com"}
YOUTUBE_EMBED = "https://www.youtube-nocookie.com/embed/"
VIMEO_EMBED = "https://player.vimeo.com/video/"

_YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")
_YOUTUBE_PATH = re.compile(r"/(?:embed|shorts|live|v)/([A-Za-z0-9_-]{11})/?")
_VIMEO_PATH = re.compile(r"/(?:video/|channels/[\w-]+/|groups/[\w-]+/videos/)?(\d{1,12})(?:/([0-9a-f]{6,20}))?/?")
_VIMEO_HASH = re.compile(r"[0-9a-f]{6,20}")
_DURATION = re.compile(r"(?:(\d{1,2})h)?(?:(\d{1,3})m)?(?:(\d{1,5})s?)?")


class InvalidVideo(DomainError):
    status_code = 400


def embed_url(url: str) -> str:
    """The no-tracking embed address of a YouTube or Vimeo video; anything else is refused."""
    parts = urlsplit(_with_scheme(url.strip()))
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https") or parts.username or parts.password:
        raise InvalidVideo(_l("Paste the address of a YouTube or Vimeo video, starting with https://"))
    if host in YOUTUBE_HOSTS or host in YOUTUBE_SHORT_HOSTS:
        return _youtube(parts, short=host in YOUTUBE_SHORT_HOSTS)
    if host in VIMEO_HOSTS:
        return _vimeo(parts)
    raise InvalidVideo(_l("Only YouTube and Vimeo videos can be shown on a stall."))


def provider(embed: str | None) -> str | None:
    """``"YouTube"`` or ``"Vimeo"`` for an address made by :func:`embed_url`."""
    if not embed:
        return None
    return "YouTube" if embed.startswith(YOUTUBE_EMBED) else "Vimeo" if embed.startswith(VIMEO_EMBED) else None


def watch_url(embed: str | None) -> str | None:
    """The video's own page on YouTube or Vimeo (a plain link for visitors without JavaScript)."""
    if provider(embed) == "YouTube":
        return "https://www.youtube.com/watch?v=" + urlsplit(embed).path.rsplit("/", 1)[-1]
    if provider(embed) == "Vimeo":
        return "https://vimeo.com/" + urlsplit(embed).path.rsplit("/", 1)[-1]
    return None


def _with_scheme(url: str) -> str:
    return url if "://" in url else "https://" + url


def _youtube(parts, *, short: bool) -> str:
    query = parse_qs(parts.query)
    if short:
        video_id = parts.path.strip("/")
    elif parts.path.rstrip("/") == "/watch":
        video_id = (query.get("v") or [""])[0]
    else:
        match = _YOUTUBE_PATH.fullmatch(parts.path)
        video_id = match.group(1) if match else ""
    if not _YOUTUBE_ID.fullmatch(video_id):
        raise InvalidVideo(_l("This YouTube address does not point to a video. Copy the link from the Share button."))
    start = _seconds((query.get("t") or query.get("start") or [""])[0])
    return f"{YOUTUBE_EMBED}{video_id}" + (f"?start={start}" if start else "")


def _vimeo(parts) -> str:
    match = _VIMEO_PATH.fullmatch(parts.path)
    if not match:
        raise InvalidVideo(_l("This Vimeo address does not point to a video. Copy the link from the Share button."))
    video_id, private_hash = match.group(1), match.group(2) or (parse_qs(parts.query).get("h") or [None])[0]
    suffix = f"&h={private_hash}" if private_hash and _VIMEO_HASH.fullmatch(private_hash) else ""
    return f"{VIMEO_EMBED}{video_id}?dnt=1{suffix}"


def _seconds(value: str) -> int:
    """``"90"``, ``"90s"`` or ``"1m30s"`` as seconds; anything else counts as no start time."""
    match = _DURATION.fullmatch(value) if value else None
    if not match:
        return 0
    hours, minutes, seconds = (int(group or 0) for group in match.groups())
    return hours * 3600 + minutes * 60 + seconds
