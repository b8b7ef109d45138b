"""Reads of the judging domain: each page's data in a fixed number of queries."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from app.competitions.models import Competition, Criterion, Eligibility, Entry, EntryStatus, Round, RoundEntry
from app.core.text import fold
from app.core.time import utcnow
from app.extensions import db
from app.judging.assignment import components
from app.judging.models import Assignment, DeclaredConflict, Judge, JudgeInvitation, Score, SheetStatus
from app.teams.models import Membership, Organisation


def edition_competitions(edition) -> list[Competition]:
    """The edition's competitions with their rounds, for the organiser's judging index."""
    return list(db.session.scalars(select(Competition).where(Competition.edition_id == edition.id)
                                   .options(selectinload(Competition.rounds)).order_by(Competition.id)))


# Judges of a competition ------------------------------------------------------------------

def competition_judges(competition: Competition) -> list[Judge]:
    """Every judge of the competition (active first) with their account and declared conflicts."""
    return list(db.session.scalars(
        select(Judge).where(Judge.competition_id == competition.id)
        .options(joinedload(Judge.user), selectinload(Judge.conflicts).joinedload(DeclaredConflict.organisation))
        .order_by(Judge.active.desc(), Judge.id)))


def active_judges(competition: Competition) -> list[Judge]:
    return list(db.session.scalars(
        select(Judge).where(Judge.competition_id == competition.id, Judge.active)
        .options(joinedload(Judge.user), selectinload(Judge.conflicts)).order_by(Judge.id)))


@dataclass
class Load:
    assigned: int = 0
    submitted: int = 0


def judge_loads(competition: Competition) -> dict[int, Load]:
    """Judge id → assignments and submitted sheets over every round of the competition."""
    rows = db.session.execute(
        select(Assignment.judge_id, func.count(Assignment.id),
               func.sum(case((Assignment.status == SheetStatus.SUBMITTED, 1), else_=0)))
        .join(Judge, Judge.id == Assignment.judge_id).where(Judge.competition_id == competition.id)
        .group_by(Assignment.judge_id))
    return defaultdict(Load, {judge_id: Load(assigned, int(submitted or 0)) for judge_id, assigned, submitted in rows})


def pending_invitations(competition: Competition) -> list[JudgeInvitation]:
    return list(db.session.scalars(
        select(JudgeInvitation).where(JudgeInvitation.competition_id == competition.id,
                                      JudgeInvitation.accepted_at.is_(None), JudgeInvitation.revoked_at.is_(None),
                                      JudgeInvitation.expires_at > utcnow())
        .order_by(JudgeInvitation.created_at, JudgeInvitation.id)))


def has_entered(competition: Competition, organisation: Organisation) -> bool:
    """The organisation has a submitted (or withdrawn) entry in the competition: a judge may declare a conflict."""
    return db.session.scalar(select(Entry.id).where(
        Entry.competition_id == competition.id, Entry.organisation_id == organisation.id,
        Entry.status != EntryStatus.DRAFT)) is not None


def competition_organisations(competition: Competition, text: str | None = None) -> list[Organisation]:
    """Organisations with an entry in the competition, by name (diacritics and case ignored)."""
    query = (select(Organisation).join(Entry, Entry.organisation_id == Organisation.id)
             .where(Entry.competition_id == competition.id, Entry.status != EntryStatus.DRAFT)
             .order_by(Organisation.name_folded, Organisation.id))
    if text:
        query = query.where(Organisation.name_folded.contains(fold(text), autoescape=True))
    return list(db.session.scalars(query.limit(200)))


# Entries and assignments of a round --------------------------------------------------------

def round_entries(round_: Round) -> list[Entry]:
    """Entries taking part in the round that were submitted and not found ineligible."""
    return list(db.session.scalars(
        select(Entry).join(RoundEntry, RoundEntry.entry_id == Entry.id)
        .where(RoundEntry.round_id == round_.id, Entry.status == EntryStatus.SUBMITTED,
               Entry.eligibility != Eligibility.INELIGIBLE)
        .options(joinedload(Entry.track),
                 joinedload(Entry.organisation).selectinload(Organisation.memberships).joinedload(Membership.user))
        .order_by(Entry.id)))


def round_assignments(round_: Round) -> list[Assignment]:
    return list(db.session.scalars(
        select(Assignment).where(Assignment.round_id == round_.id)
        .options(joinedload(Assignment.judge).joinedload(Judge.user), joinedload(Assignment.entry))
        .order_by(Assignment.entry_id, Assignment.judge_id)))


def started_assignment_ids(round_: Round) -> set[int]:
    """Assignments a judge has begun: any score, a comment, a note, or a submitted sheet."""
    has_score = select(Score.id).where(Score.assignment_id == Assignment.id).exists()
    return set(db.session.scalars(
        select(Assignment.id).where(Assignment.round_id == round_.id, or_(
            has_score, Assignment.status == SheetStatus.SUBMITTED,
            Assignment.comment_for_team.is_not(None), Assignment.private_note.is_not(None)))))


def score_counts(assignment_ids) -> dict[int, int]:
    ids = list(assignment_ids)
    if not ids:
        return {}
    rows = db.session.execute(select(Score.assignment_id, func.count(Score.id))
                              .where(Score.assignment_id.in_(ids)).group_by(Score.assignment_id))
    return dict(rows.all())


def criteria_counts(round_ids) -> dict[int, int]:
    ids = list(round_ids)
    if not ids:
        return {}
    rows = db.session.execute(select(Criterion.round_id, func.count(Criterion.id))
                              .where(Criterion.round_id.in_(ids)).group_by(Criterion.round_id))
    return dict(rows.all())


# The judge's own pages ---------------------------------------------------------------------

@dataclass
class Sheet:
    assignment: Assignment
    scored: int  # criteria with a score
    criteria: int

    @property
    def complete(self) -> bool:
        return self.criteria > 0 and self.scored >= self.criteria


@dataclass
class RoundWork:
    round: Round
    sheets: list[Sheet] = field(default_factory=list)

    @property
    def scored(self) -> int:
        return sum(sheet.complete for sheet in self.sheets)

    @property
    def submitted(self) -> int:
        return sum(sheet.assignment.is_submitted for sheet in self.sheets)


@dataclass
class Judging:
    judge: Judge
    rounds: list[RoundWork] = field(default_factory=list)


def judge_dashboard(user) -> list[Judging]:
    """The user's active judge records, each with their assignments per round and progress."""
    judges = list(db.session.scalars(
        select(Judge).where(Judge.user_id == user.id, Judge.active)
        .options(joinedload(Judge.competition).joinedload(Competition.edition)).order_by(Judge.id)))
    assignments = list(db.session.scalars(
        select(Assignment).where(Assignment.judge_id.in_([j.id for j in judges]))
        .options(joinedload(Assignment.round), joinedload(Assignment.entry))
        .order_by(Assignment.round_id, Assignment.entry_id))) if judges else []
    scored = score_counts(a.id for a in assignments)
    criteria = criteria_counts({a.round_id for a in assignments})
    by_judge = {judge.id: Judging(judge) for judge in judges}
    works: dict[tuple[int, int], RoundWork] = {}
    for assignment in sorted(assignments, key=lambda a: (a.round.position, a.entry.project_name, a.id)):
        key = (assignment.judge_id, assignment.round_id)
        if key not in works:
            works[key] = RoundWork(assignment.round)
            by_judge[assignment.judge_id].rounds.append(works[key])
        works[key].sheets.append(Sheet(assignment, scored.get(assignment.id, 0),
                                       criteria.get(assignment.round_id, 0)))
    return list(by_judge.values())


def scoring_sheet(assignment_id: int) -> Assignment | None:
    """An assignment with everything its scoring page shows, loaded together."""
    return db.session.scalar(
        select(Assignment).where(Assignment.id == assignment_id)
        .options(joinedload(Assignment.judge),
                 joinedload(Assignment.round).selectinload(Round.criteria),
                 joinedload(Assignment.round).joinedload(Round.competition).joinedload(Competition.edition),
                 joinedload(Assignment.entry).joinedload(Entry.track),
                 joinedload(Assignment.entry).selectinload(Entry.images),
                 joinedload(Assignment.entry).selectinload(Entry.participations),
                 joinedload(Assignment.entry).joinedload(Entry.organisation)
                 .selectinload(Organisation.memberships).joinedload(Membership.user),
                 selectinload(Assignment.scores)))


# Organiser's progress page -----------------------------------------------------------------

@dataclass
class JudgeProgress:
    judge: Judge
    assigned: int = 0
    submitted: int = 0
    drafts: int = 0  # begun, not submitted

    @property
    def late(self) -> bool:
        return self.submitted < self.assigned


@dataclass
class EntryProgress:
    entry: Entry
    assigned: int = 0
    submitted: int = 0


@dataclass
class RoundProgress:
    judges: list[JudgeProgress]
    entries: list[EntryProgress]

    @property
    def assigned(self) -> int:
        return sum(row.assigned for row in self.judges)

    @property
    def submitted(self) -> int:
        return sum(row.submitted for row in self.judges)


def round_progress(round_: Round) -> RoundProgress:
    """Completion per judge (assigned, submitted, drafts) and per entry (judges done)."""
    assignments = round_assignments(round_)
    started = started_assignment_ids(round_)
    judges: dict[int, JudgeProgress] = {}
    entries: dict[int, EntryProgress] = {}
    for assignment in assignments:
        judge_row = judges.setdefault(assignment.judge_id, JudgeProgress(assignment.judge))
        entry_row = entries.setdefault(assignment.entry_id, EntryProgress(assignment.entry))
        judge_row.assigned += 1
        entry_row.assigned += 1
        if assignment.is_submitted:
            judge_row.submitted += 1
            entry_row.submitted += 1
        elif assignment.id in started:
            judge_row.drafts += 1
    return RoundProgress(
        judges=sorted(judges.values(), key=lambda row: (row.submitted - row.assigned, row.judge.user.name_folded)),
        entries=sorted(entries.values(), key=lambda row: (row.submitted, row.entry.project_name)))


def late_assignments(round_: Round) -> dict[Judge, list[Assignment]]:
    """Active judges with sheets not yet submitted in the round, and those sheets."""
    late: dict[Judge, list[Assignment]] = {}
    for assignment in round_assignments(round_):
        if not assignment.is_submitted and assignment.judge.active:
            late.setdefault(assignment.judge, []).append(assignment)
    return late


# Inputs of the fair assignment ---------------------------------------------------------------

# Shared mail providers: two people using gmail.com are not colleagues.
PUBLIC_EMAIL_DOMAINS = frozenset({
    "gmail.com", "googlemail.com", "yahoo.com", "yahoo.com.vn", "ymail.com", "outlook.com", "hotmail.com",
    "live.com", "msn.com", "icloud.com", "me.com", "mac.com", "aol.com", "proton.me", "protonmail.com",
    "gmx.com", "gmx.de", "mail.ru", "yandex.com", "yandex.ru", "naver.com", "daum.net", "hanmail.net",
    "qq.com", "163.com", "126.com", "zoho.com", "yahoo.co.jp",
})

CONFLICT_REASONS = {
    "declared": _l("declared a conflict of interest"),
    "organisation": _l("works for this organisation"),
    "member": _l("is a member of the team"),
}


@dataclass
class Flag:
    """A likely conflict nobody declared: shown to the organiser, not enforced."""
    judge: Judge
    entry: Entry
    domain: str


@dataclass
class AssignmentInputs:
    round: Round
    entries: list[Entry]
    judges: list[Judge]
    reasons: dict[tuple[int, int], list[str]] = field(default_factory=dict)  # (judge, entry) → CONFLICT_REASONS keys
    preferred: set[tuple[int, int]] = field(default_factory=set)
    flags: list[Flag] = field(default_factory=list)

    @property
    def forbidden(self) -> set[tuple[int, int]]:
        return set(self.reasons)


def email_domain(email: str) -> str:
    """The part after the @, lower-cased: "cto@FPT.com.vn" → "fpt.com.vn"."""
    return email.rsplit("@", 1)[-1].strip().lower()


def assignment_inputs(round_: Round) -> AssignmentInputs:
    """Entries, active judges, forbidden pairs (conflicts), preferred pairs (expertise) and flags."""
    entries = round_entries(round_)
    judges = active_judges(round_.competition)
    inputs = AssignmentInputs(round_, entries, judges)
    for judge in judges:
        declared = {c.organisation_id for c in judge.conflicts}
        own = fold(judge.organisation_name)
        domain = email_domain(judge.user.email)
        for entry in entries:
            members = entry.organisation.memberships
            reasons = [key for key, applies in (
                ("declared", entry.organisation_id in declared),
                ("organisation", bool(own) and own == fold(entry.organisation.name)),
                ("member", any(m.user_id == judge.user_id for m in members)),
            ) if applies]
            if reasons:
                inputs.reasons[(judge.id, entry.id)] = reasons
            elif domain not in PUBLIC_EMAIL_DOMAINS and any(email_domain(m.user.email) == domain for m in members):
                inputs.flags.append(Flag(judge, entry, domain))
            village_id = entry.track.village_id if entry.track else None
            if entry.organisation.sector in judge.sectors or village_id in judge.village_ids:
                inputs.preferred.add((judge.id, entry.id))
    return inputs


@dataclass
class AssignmentOverview:
    inputs: AssignmentInputs
    assignments: list[Assignment]
    started: set[int]

    @property
    def judges_of(self) -> dict[int, list[Assignment]]:
        found: dict[int, list[Assignment]] = {entry.id: [] for entry in self.inputs.entries}
        for assignment in self.assignments:
            found.setdefault(assignment.entry_id, []).append(assignment)
        return found

    @property
    def entries_of(self) -> dict[int, list[Assignment]]:
        found: dict[int, list[Assignment]] = {judge.id: [] for judge in self.inputs.judges}
        for assignment in self.assignments:
            found.setdefault(assignment.judge_id, []).append(assignment)
        return found

    @property
    def loads(self) -> dict[int, int]:
        return {judge_id: len(items) for judge_id, items in self.entries_of.items()}

    @property
    def connected(self) -> bool:
        graph = {entry_id: [a.judge_id for a in items] for entry_id, items in self.judges_of.items()}
        return bool(self.assignments) and len(components(graph)) <= 1

    @property
    def short_entries(self) -> list[Entry]:
        """Entries with fewer than k judges."""
        judges_of = self.judges_of
        return [e for e in self.inputs.entries if len(judges_of[e.id]) < self.inputs.round.judges_per_entry]

    @property
    def conflicted(self) -> list[Assignment]:
        """Assignments that break a conflict of interest (declared after the judge began, say)."""
        return [a for a in self.assignments if (a.judge_id, a.entry_id) in self.inputs.reasons]

    @property
    def spread(self) -> int:
        loads = [load for judge_id, load in self.loads.items() if judge_id in {j.id for j in self.inputs.judges}]
        return max(loads) - min(loads) if loads else 0


def assignment_overview(round_: Round) -> AssignmentOverview:
    """What the organiser sees of a round's assignment: loads, coverage, connectivity and flags."""
    return AssignmentOverview(assignment_inputs(round_), round_assignments(round_), started_assignment_ids(round_))
