"""Who may run a competition, enter it, and see an entry."""
from __future__ import annotations

from app.competitions.models import Competition, Entry
from app.events.permissions import can_manage_edition
from app.teams.permissions import is_member


def can_manage_competition(user, competition: Competition) -> bool:
    """The edition's organisers run its competitions."""
    return can_manage_edition(user, competition.edition)


def can_enter(user, organisation) -> bool:
    """Members of a startup team may enter it in a competition."""
    return organisation.kind == "startup" and is_member(user, organisation)


def can_edit_entry(user, entry: Entry) -> bool:
    """The team's members edit their own entry (the services check the deadline)."""
    return is_member(user, entry.organisation)


def can_view_entry(user, entry: Entry) -> bool:
    """A team sees only its own entries; organisers see all (judges see theirs through judging)."""
    return can_edit_entry(user, entry) or can_manage_competition(user, entry.competition)
