"""Who sees and decides results."""
from __future__ import annotations

from app.competitions.models import Round
from app.competitions.permissions import can_manage_competition
from app.events.permissions import can_view_edition


def can_manage_results(user, round_: Round) -> bool:
    """The edition's organisers rank, advance, publish and run the live final; judges and teams do not."""
    return can_manage_competition(user, round_.competition)


def can_watch_live(user, round_: Round) -> bool:
    """The big-screen leaderboard is public wherever the edition is visible (scores only once revealed)."""
    return can_view_edition(user, round_.competition.edition)

