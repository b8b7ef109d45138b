"""Every change of the judging domain: judges and their conflicts, fair assignment, scoring."""
from __future__ import annotations

from collections import Counter
from datetime import timedelta
from decimal import Decimal, InvalidOperation

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from app.accounts.models import Role, RoleGrant, User, normalise_email
from app.competitions.models import Competition, Entry, Round
from app.core.tokens import new_link_token, token_hash
from app.core.errors import Conflict, DomainError, NotAllowed
from app.core.time import utcnow
from app.extensions import db
from app.judging import notifications, queries
from app.judging.assignment import AssignmentImpossible, assign, replace_judge
from app.judging.models import (
    Assignment, DeclaredConflict, Judge, JudgeInvitation, Score, ScoreChange, SheetStatus,
)
from app.teams.choices import SECTORS
from app.teams.models import Organisation

POINTS_STEP = Decimal("0.5")


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

    def __init__(self, message, *, field: str | None = None, **params):
        super().__init__(message, **params)
        self.field = field


# Judges and invitations ----------------------------------------------------------------------

def invite_judge(competition: Competition, *, email: str, name: str | None, invited_by: User) -> JudgeInvitation:
    """Email a single-use link to judge the competition; inviting again replaces the earlier link."""
    email = normalise_email(email)
    invitee = db.session.scalar(select(User).where(User.email == email))
    if invitee is not None and db.session.scalar(select(Judge.id).where(
            Judge.competition_id == competition.id, Judge.user_id == invitee.id, Judge.active)):
        raise Conflict(_l("%(email)s already judges this competition."), email=email)
    now = utcnow()
    for earlier in db.session.scalars(select(JudgeInvitation).where(
            JudgeInvitation.competition_id == competition.id, JudgeInvitation.email == email)):
        if earlier.is_pending:
            earlier.revoked_at = now
    token = new_link_token()
    invitation = JudgeInvitation(
        competition=competition, email=email, name=(name or "").strip() or None, token_hash=token_hash(token),
        invited_by=invited_by, expires_at=now + timedelta(days=current_app.config["INVITATION_MAX_AGE_DAYS"]))
    db.session.add(invitation)
    db.session.flush()
    notifications.notify_judge_invitation(invitation, token, locale=invitee.locale if invitee else invited_by.locale)
    db.session.commit()
    return invitation


def judge_invitation_for_token(token: str) -> JudgeInvitation:
    """The pending invitation behind a link; refuse unknown, used, revoked or expired links."""
    invitation = db.session.scalar(select(JudgeInvitation).where(JudgeInvitation.token_hash == token_hash(token)))
    if invitation is None:
        raise InvalidJudgeInvitation(_l("This invitation link is not valid."))
    if invitation.accepted_at is not None:
        raise InvalidJudgeInvitation(_l("This invitation has already been used."))
    if invitation.revoked_at is not None:
        raise InvalidJudgeInvitation(_l("This invitation has been withdrawn or replaced by a newer one."))
    if invitation.expires_at <= utcnow():
        raise InvalidJudgeInvitation(_l("This invitation has expired. Ask the organisers for a new one."))
    return invitation


def accept_judge_invitation(token: str, user: User) -> Judge:
    """Become a judge of the competition with a valid link (the platform's judge role comes with it)."""
    invitation = judge_invitation_for_token(token)
    judge = db.session.scalar(select(Judge).where(Judge.competition_id == invitation.competition_id,
                                                  Judge.user_id == user.id))
    if judge is not None and judge.active:
        raise Conflict(_l("You already judge %(competition)s."), competition=invitation.competition.name)
    if judge is None:
        judge = Judge(competition=invitation.competition, user=user)
        db.session.add(judge)
    judge.active = True
    if not any(g.role == Role.JUDGE and g.edition_id is None for g in user.role_grants):
        db.session.add(RoleGrant(user=user, role=str(Role.JUDGE), granted_by_id=invitation.invited_by_id))
    invitation.accepted_at = utcnow()
    try:
        db.session.commit()
    except IntegrityError:  # the same person accepted twice at once
        db.session.rollback()
        raise Conflict(_l("You already judge %(competition)s."), competition=invitation.competition.name) from None
    return judge


def revoke_judge_invitation(invitation: JudgeInvitation) -> None:
    """Withdraw a pending invitation so its link stops working."""
    if invitation.is_pending:
        invitation.revoked_at = utcnow()
        db.session.commit()


def set_judge_active(judge: Judge, *, active: bool) -> None:
    """Deactivate a judge who drops out (their sheets stay) or bring them back."""
    judge.active = active
    db.session.commit()


def update_judge_profile(judge: Judge, *, organisation_name: str | None, title: str | None,
                         sectors: list[str], village_ids: list[int]) -> None:
    """The judge states where they work and what they know; expertise guides the assignment."""
    known_villages = {v.id for v in judge.competition.edition.villages}
    if any(code not in SECTORS for code in sectors):
        raise FieldRefused(_l("Choose sectors from the list."), field="sectors")
    if any(v not in known_villages for v in village_ids):
        raise FieldRefused(_l("Choose villages of this edition."), field="village_ids")
    judge.organisation_name = " ".join((organisation_name or "").split()) or None
    judge.title = " ".join((title or "").split()) or None
    judge.expertise_sectors = ",".join(code for code in SECTORS if code in sectors)
    judge.expertise_village_ids = ",".join(str(v) for v in sorted(set(village_ids)))
    db.session.commit()


def declare_conflict(judge: Judge, organisation: Organisation, *, reason: str | None = None) -> DeclaredConflict:
    """The judge declares a conflict of interest with an organisation entered in the competition."""
    if not queries.has_entered(judge.competition, organisation):
        raise DomainError(_l("Choose an organisation that entered this competition."))
    if any(c.organisation_id == organisation.id for c in judge.conflicts):
        raise Conflict(_l("You have already declared a conflict with %(name)s."), name=organisation.name)
    conflict = DeclaredConflict(organisation=organisation, reason=(reason or "").strip() or None)
    judge.conflicts.append(conflict)
    db.session.commit()
    return conflict


def withdraw_conflict(judge: Judge, conflict: DeclaredConflict) -> None:
    """The judge takes back a declared conflict."""
    if conflict.judge_id != judge.id:
        raise NotAllowed(_l("This conflict belongs to another judge."))
    judge.conflicts.remove(conflict)
    db.session.commit()


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


# Running the assignment and changing it by hand ----------------------------------------------

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


# Scoring -----------------------------------------------------------------------------------

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
