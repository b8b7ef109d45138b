"""Running the fair assignment and changing it by hand."""
from __future__ import annotations

from collections import Counter

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from app.accounts.models import User
from app.competitions.models import Entry, Round
from app.core.errors import Conflict, DomainError
from app.core.time import utcnow
from app.extensions import db
from app.judging import queries
from app.judging.assignment import AssignmentImpossible, assign, replace_judge
from app.judging.models import Assignment, Judge, ScoreChange
from app.judging.services.errors import AssignmentRefused
from app.judging.services.sheets import plain_points


def _refusal(error: AssignmentImpossible, inputs: queries.AssignmentInputs) -> AssignmentRefused:
    names = {entry.id: entry.project_name for entry in inputs.entries}
    entries = [names.get(entry_id, str(entry_id)) for entry_id in error.entries]
    if error.reason == "conflicts of interest prevent balanced loads":
        return AssignmentRefused(_l("Conflicts of interest make it impossible to keep the judges' loads within "
                                    "one entry of each other. Invite more judges or lower the number of judges "
                                    "per entry."))
    return AssignmentRefused(_l("Not enough judges without a conflict of interest (%(k)d needed) for: %(names)s. "
                                "Invite more judges or lower the number of judges per entry."),
                             entries=entries, k=inputs.round.judges_per_entry, names=", ".join(entries))


def assign_judges(round_: Round) -> None:
    """Give every entry of the round k judges, fairly; assignments begun or made by hand are kept."""
    inputs = queries.assignment_inputs(round_)
    if not inputs.entries:
        raise AssignmentRefused(_l("This round has no submitted, eligible entries to assign yet."))
    existing = queries.round_assignments(round_)
    started = queries.started_assignment_ids(round_)
    kept = [a for a in existing if a.by_hand or a.id in started]
    kept_pairs = {(a.judge_id, a.entry_id) for a in kept}
    try:
        result = assign([e.id for e in inputs.entries], [j.id for j in inputs.judges], round_.judges_per_entry,
                        forbidden=inputs.forbidden, preferred=inputs.preferred | kept_pairs)
    except AssignmentImpossible as error:
        raise _refusal(error, inputs) from None
    wanted = _merge_kept(result.judges_of, kept_pairs, inputs) if kept_pairs else result.pairs()
    for assignment in existing:
        if assignment not in kept and (assignment.judge_id, assignment.entry_id) not in wanted:
            db.session.delete(assignment)
    present = {(a.judge_id, a.entry_id) for a in existing}
    for judge_id, entry_id in sorted(wanted - present):
        db.session.add(Assignment(round_id=round_.id, judge_id=judge_id, entry_id=entry_id))
    _commit_assignments()


def _commit_assignments() -> None:
    """Commit; two organisers changing the same round at once get a 409 instead of a 500."""
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise Conflict(_l("The assignment was changed at the same time by someone else. Reload the page and try "
                          "again.")) from None


def _merge_kept(judges_of: dict, kept_pairs: set, inputs: queries.AssignmentInputs) -> set[tuple[int, int]]:
    """The computed pairs where nothing is kept; kept pairs topped up to k elsewhere, then loads levelled."""
    kept_of: dict[int, set[int]] = {}
    for judge_id, entry_id in kept_pairs:
        kept_of.setdefault(entry_id, set()).add(judge_id)
    wanted = set(kept_pairs) | {(j, e) for e, js in judges_of.items() if e not in kept_of for j in js}
    active = [judge.id for judge in inputs.judges]
    load = Counter(judge_id for judge_id, _entry in wanted)
    for entry_id in sorted(e for e in judges_of if e in kept_of):
        for _ in range(inputs.round.judges_per_entry - len(kept_of[entry_id])):
            pick = min((j for j in active if (j, entry_id) not in wanted and (j, entry_id) not in inputs.reasons),
                       key=lambda j: (load[j], (j, entry_id) not in inputs.preferred, j))
            wanted.add((pick, entry_id))
            load[pick] += 1
    return _level(wanted, kept_pairs, inputs)


def _level(wanted: set, kept_pairs: set, inputs: queries.AssignmentInputs) -> set[tuple[int, int]]:
    """Level the loads with the assignment module's own levelling (inside ``replace_judge``, nobody dropping out).

    Each kept pair rides along as an entry of its own that only its judge may hold, so it counts in
    the judge's load but never moves; a judge is never put a second time on an entry they keep.
    """
    active = sorted(judge.id for judge in inputs.judges)
    current: dict = {}
    forbidden = inputs.forbidden | kept_pairs
    for judge_id, entry_id in sorted(wanted):
        if (judge_id, entry_id) not in kept_pairs:
            current.setdefault(entry_id, []).append(judge_id)
        elif judge_id in active:
            held = f"kept-{judge_id}-{entry_id}"
            current[held] = [judge_id]
            forbidden |= {(other, held) for other in active if other != judge_id}
    try:
        levelled = replace_judge(current, None, active, forbidden=forbidden)
    except AssignmentImpossible:
        return wanted  # conflicts prevent levelling: the page shows the loads as unbalanced
    return kept_pairs | {(j, e) for j, e in levelled.pairs() if not isinstance(e, str)}


def add_judge_to_entry(round_: Round, *, judge: Judge, entry: Entry) -> Assignment:
    """The organiser adds one judge to one entry by hand; conflicts of interest are still refused."""
    inputs = queries.assignment_inputs(round_)
    if entry.id not in {e.id for e in inputs.entries}:
        raise DomainError(_l("This entry is not taking part in this round."))
    if judge.competition_id != round_.competition_id or not judge.active:
        raise DomainError(_l("Choose an active judge of this competition."))
    reasons = inputs.reasons.get((judge.id, entry.id))
    if reasons:
        raise Conflict(_l("%(judge)s cannot judge %(entry)s: %(reasons)s."), judge=judge.user.name,
                       entry=entry.project_name, reasons=", ".join(str(queries.CONFLICT_REASONS[r]) for r in reasons))
    if db.session.scalar(select(Assignment.id).where(Assignment.round_id == round_.id,
                                                     Assignment.judge_id == judge.id, Assignment.entry_id == entry.id)):
        raise Conflict(_l("%(judge)s already judges %(entry)s."), judge=judge.user.name, entry=entry.project_name)
    assignment = Assignment(round_id=round_.id, judge=judge, entry=entry, by_hand=True)
    db.session.add(assignment)
    _commit_assignments()
    return assignment


def remove_assignment(assignment: Assignment, *, confirmed: bool = False, by: User | None = None) -> None:
    """Take one judge off one entry; a sheet already begun is removed only when the organiser confirms.

    The audit trail keeps the removed sheet: its scores are written into a last change row.
    """
    started = assignment.id in queries.started_assignment_ids(assignment.round)
    if started and not confirmed:
        raise Conflict(_l("%(judge)s has already scored %(entry)s. Confirm to remove the assignment and its "
                          "scores."), judge=assignment.judge.user.name, entry=assignment.entry.project_name)
    if started:
        scores = "; ".join(f"{s.criterion_id}={plain_points(s.points)}" for s in
                           sorted(assignment.scores, key=lambda s: s.criterion_id))
        db.session.add(ScoreChange(
            assignment_id=assignment.id, round_id=assignment.round_id, judge_id=assignment.judge_id,
            entry_id=assignment.entry_id, changed_by_id=by.id if by else None, changed_at=utcnow(),
            field="assignment_removed", old_value=f"{assignment.status}; {scores}", new_value=None,
        ))
        db.session.flush()
        # Detach the history explicitly: SQLite does not enforce ON DELETE SET NULL by default.
        db.session.execute(update(ScoreChange).where(ScoreChange.assignment_id == assignment.id)
                           .values(assignment_id=None).execution_options(synchronize_session=False))
    db.session.delete(assignment)
    db.session.commit()


def replace_dropped_judge(round_: Round, judge: Judge) -> int:
    """A judge drops out: deactivate them and hand their sheets not yet begun to other judges.

    Scored work stays where it is, so only sheets nobody has begun are moved (and levelled).
    Returns how many entries changed hands.
    """
    if judge.competition_id != round_.competition_id:
        raise DomainError(_l("Choose a judge of this competition."))
    inputs = queries.assignment_inputs(round_)
    in_round = {e.id for e in inputs.entries}
    started = queries.started_assignment_ids(round_)
    active = {j.id for j in inputs.judges}
    movable: dict[tuple[int, int], Assignment] = {}
    fixed: set[tuple[int, int]] = set()
    for assignment in queries.round_assignments(round_):
        pair = (assignment.judge_id, assignment.entry_id)
        if assignment.id in started or (assignment.judge_id not in active and assignment.judge_id != judge.id):
            fixed.add(pair)
        elif assignment.entry_id in in_round:
            movable[pair] = assignment
        elif assignment.judge_id == judge.id:
            db.session.delete(assignment)  # an entry that left the round needs no substitute
    current = {entry_id: [] for entry_id in in_round}
    for judge_id, entry_id in sorted(movable):
        current[entry_id].append(judge_id)
    try:
        result = replace_judge(current, judge.id, sorted(active | {judge.id}),
                               forbidden=inputs.forbidden | fixed, preferred=inputs.preferred)
    except AssignmentImpossible as error:
        db.session.rollback()
        raise _refusal(error, inputs) from None
    wanted = result.pairs()
    for pair, assignment in movable.items():
        if pair not in wanted:
            db.session.delete(assignment)
    added = sorted(wanted - set(movable))
    for judge_id, entry_id in added:
        db.session.add(Assignment(round_id=round_.id, judge_id=judge_id, entry_id=entry_id))
    judge.active = False
    _commit_assignments()
    return len(added)
