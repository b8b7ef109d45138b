"""Score sheets: when scoring is open, saving and submitting sheets, reminding late judges."""
from __future__ import annotations

from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from app.accounts.models import User
from app.competitions.models import Round
from app.core.errors import Conflict, DomainError
from app.core.time import utcnow
from app.extensions import db
from app.judging import notifications, queries
from app.judging.models import Assignment, Score, ScoreChange, SheetStatus
from app.judging.services.errors import FieldRefused, ScoringClosed


POINTS_STEP = Decimal("0.5")


def judging_opens_later(round_: Round) -> bool:
    """The round's judging window has not opened yet."""
    return round_.judging_opens_at is not None and utcnow() < round_.judging_opens_at


def judging_is_open(round_: Round) -> bool:
    """Scores change only inside the round's judging window (UTC) and before results are published."""
    if round_.is_published or judging_opens_later(round_):
        return False
    return round_.judging_closes_at is None or utcnow() < round_.judging_closes_at


def ensure_scoring_open(round_: Round) -> None:
    """Refuse (409) any change to scores outside the judging window."""
    if not judging_is_open(round_):
        raise ScoringClosed(_closed_reason(round_))


def _closed_reason(round_: Round):
    if round_.is_published:
        return _l("The results of this round are published: scores are locked.")
    if judging_opens_later(round_):
        return _l("Judging of this round has not opened yet.")
    return _l("Judging of this round has closed: scores are locked.")


def plain_points(value: Decimal | None) -> str | None:
    """7.50 → "7.5", 8.00 → "8": how points are shown and kept in the audit trail."""
    if value is None:
        return None
    value = Decimal(value)
    return str(value.quantize(Decimal(1))) if value == value.to_integral_value() else str(value.normalize())


def sheet_values(assignment: Assignment) -> dict:
    """The saved sheet as form data: points per criterion, the comment and the note."""
    values = {f"criterion_{score.criterion_id}": Decimal(plain_points(score.points)) for score in assignment.scores}
    return dict(values, comment_for_team=assignment.comment_for_team, private_note=assignment.private_note)


def _checked_points(round_: Round, points: dict[int, Decimal | None]) -> dict[int, Decimal | None]:
    checked = {}
    for criterion in round_.criteria:
        value = points.get(criterion.id)
        if value is not None:
            try:
                value = Decimal(value)
            except (InvalidOperation, TypeError, ValueError):
                raise FieldRefused(_l("Enter a number."), field=f"criterion_{criterion.id}") from None
            if not value.is_finite() or not (0 <= value <= criterion.max_points) or value % POINTS_STEP != 0:
                raise FieldRefused(_l("Enter a score from 0 to %(max)s, in steps of 0.5."),
                                   field=f"criterion_{criterion.id}", max=criterion.max_points)
        checked[criterion.id] = value
    return checked


def save_score_sheet(assignment: Assignment, *, points: dict[int, Decimal | None], comment_for_team: str | None,
                     private_note: str | None, submit: bool, by: User) -> Assignment:
    """Save the judge's scores (a draft, or submitted when every criterion is scored); every change is audited."""
    round_ = assignment.round
    ensure_scoring_open(round_)
    checked = _checked_points(round_, points)
    if submit and not round_.criteria:
        raise DomainError(_l("This round has no scoring criteria yet: ask the organisers."))
    if submit:
        missing = [c for c in round_.criteria if checked[c.id] is None]
        if missing:
            raise FieldRefused(_l("Score every criterion before submitting."), field=f"criterion_{missing[0].id}")
    changes: list[ScoreChange] = []

    def record(field_name: str, old, new, criterion_id: int | None = None) -> None:
        if old != new:
            changes.append(ScoreChange(assignment_id=assignment.id, round_id=assignment.round_id,
                                       judge_id=assignment.judge_id, entry_id=assignment.entry_id,
                                       criterion_id=criterion_id, changed_by_id=by.id,
                                       changed_at=utcnow(), field=field_name, old_value=old, new_value=new))

    existing = {score.criterion_id: score for score in assignment.scores}
    for criterion in round_.criteria:
        value, score = checked[criterion.id], existing.get(criterion.id)
        record("points", plain_points(score.points) if score else None, plain_points(value), criterion.id)
        if score is not None and value is None:
            assignment.scores.remove(score)
        elif score is None and value is not None:
            assignment.scores.append(Score(judge_id=assignment.judge_id, entry_id=assignment.entry_id,
                                           criterion_id=criterion.id, points=value))
        elif score is not None and plain_points(score.points) != plain_points(value):
            score.points = value
    for name, value in (("comment_for_team", comment_for_team), ("private_note", private_note)):
        value = (value or "").strip() or None
        record(name, getattr(assignment, name), value)
        setattr(assignment, name, value)
    status = SheetStatus.SUBMITTED if submit else SheetStatus.DRAFT
    record("status", str(assignment.status), str(status))
    if submit and changes:
        assignment.submitted_at = utcnow()
    assignment.status = status
    db.session.add_all(changes)
    try:
        db.session.commit()
    except IntegrityError:  # the same sheet saved twice at once: one wins, the other reloads
        db.session.rollback()
        raise Conflict(_l("These scores were changed at the same time elsewhere. Reload the page and try again.")) \
            from None
    return assignment


def remind_late_judges(round_: Round) -> int:
    """Email each active judge with sheets not yet submitted, with links to them; returns how many."""
    if round_.is_published or (round_.judging_closes_at is not None and utcnow() >= round_.judging_closes_at):
        raise ScoringClosed(_l("Judging of this round has closed: there is nobody to remind."))
    late = queries.late_assignments(round_)
    for judge, assignments in late.items():
        notifications.notify_judging_reminder(judge, round_, assignments)
    db.session.commit()
    return len(late)
