"""The one place the application asks for "now", so tests can freeze it."""
from __future__ import annotations

from datetime import UTC, datetime

_frozen: datetime | None = None


def utcnow() -> datetime:
    """Current time, timezone-aware, in UTC (or the frozen moment in tests)."""
    return _frozen if _frozen is not None else datetime.now(UTC)


def freeze(moment: datetime | None) -> None:
    """Make ``utcnow`` return ``moment`` (an aware datetime) until called with ``None``."""
    global _frozen
    if moment is not None and moment.tzinfo is None:
        raise ValueError("freeze() needs an aware datetime")
    _frozen = moment
