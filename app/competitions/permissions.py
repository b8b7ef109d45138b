"""Who may run a competition, enter it, and see an entry."""
from __future__ import annotations

from sqlalchemy import select

from app.competitions.models import Competition, Entry
from app.events.permissions import can_manage_edition
from app.extensions import db
from app.judging.models import Assignment, Judge
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


def is_assigned_judge(user, entry: Entry) -> bool:
    """The user is an active judge of the competition assigned to this entry in some round."""
    if not getattr(user, "is_authenticated", False):
        return False
    return db.session.scalar(
        select(Assignment.id).join(Judge, Assignment.judge_id == Judge.id)
        .where(Assignment.entry_id == entry.id, Judge.user_id == user.id, Judge.active).limit(1)
    ) is not None


def can_read_entry_files(user, entry: Entry) -> bool:
    """The deck and images of an entry: its team, the organisers, and the judges assigned to it."""
    return can_view_entry(user, entry) or is_assigned_judge(user, entry)
