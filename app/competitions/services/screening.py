"""Organisers screen entries (eligible or not, the team is told why) and give one entry more time."""
from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l

from app.competitions import notifications
from app.competitions.models import Eligibility, Entry, EntryStatus, Round, RoundEntry
from app.competitions.queries import first_round, participation
from app.competitions.services.common import clean
from app.core.errors import Conflict, DomainError
from app.core.time import utcnow
from app.extensions import db


def decide_eligibility(entry: Entry, *, eligible: bool, reason: str | None = None) -> None:
    """Screen a submitted entry: eligible, or not eligible with a reason; the team is emailed the decision."""
    reason = clean(reason)
    if entry.status != EntryStatus.SUBMITTED:
        raise Conflict(_l("Only submitted entries are screened."))
    if not eligible and not reason:
        raise DomainError(_l("Say why the entry is not eligible: the team will read it."), field="reason")
    decision = Eligibility.ELIGIBLE if eligible else Eligibility.INELIGIBLE
    stored_reason = None if eligible else reason
    if entry.eligibility == decision and entry.ineligible_reason == stored_reason:
        return  # nothing changed: the team already knows
    entry.eligibility, entry.ineligible_reason = decision, stored_reason
    notifications.notify_screening_decision(entry, reason=reason)
    db.session.commit()


def set_entry_deadline(entry: Entry, round_: Round, *, until: datetime | None) -> None:
    """Give one entry more time for a round (or take the extension back with ``until=None``)."""
    if round_.competition_id != entry.competition_id:
        raise DomainError(_l("Choose a round of this competition."), field="round_id")
    if until is not None and until <= utcnow():
        raise DomainError(_l("Choose a moment in the future."), field="until")
    round_entry = participation(entry, round_)
    if round_entry is None:
        if round_.id != first_round(entry.competition).id:
            raise DomainError(_l("This entry does not take part in that round."), field="round_id")
        if until is None:
            return
        round_entry = RoundEntry(round_id=round_.id)
        entry.participations.append(round_entry)
    round_entry.deadline_override = until
    db.session.commit()
