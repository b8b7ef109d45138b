"""Refusals the judging services raise."""
from __future__ import annotations

from app.core.errors import Conflict, DomainError


class InvalidJudgeInvitation(DomainError):
    status_code = 404


class AssignmentRefused(Conflict):
    """The assignment cannot meet its guarantees; ``entries`` are the entries lacking judges."""

    def __init__(self, message, entries=(), **params):
        super().__init__(message, **params)
        self.entries = list(entries)


class ScoringClosed(Conflict):
    """Scores cannot change: the judging window is not open (or results are out)."""


class FieldRefused(DomainError):
    """Refused input, shown next to ``field``."""

    status_code = 422
