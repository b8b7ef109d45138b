"""A round's standings, computed from the database: the one place a round is ranked.

``round_standings`` runs a fixed number of SQL statements however large the round is, and
fetches scores as plain ``(judge, entry, criterion, points)`` tuples rather than ORM objects,
so 2,000 entries with 5 judges each on 7 criteria rank in well under a second
(``tests/benchmarks/ranking.py``). The maths is ``app.judging.scoring``'s.
"""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Float, and_, cast, or_, select

from app.accounts.models import User
from app.competitions.models import Criterion, Eligibility, Entry, EntryStatus, RankingMethod, Round, RoundEntry
from app.extensions import db
from app.judging import scoring
from app.judging.models import Assignment, Judge, Score, SheetStatus
from app.teams.models import Organisation

FLAG_THRESHOLD = 0.3  # leave-one-out correlation below which a judge is flagged for review


# --- scores from the database ------------------------------------------------------------------

@dataclass(frozen=True)
class RoundScores:
    """The submitted score sheets of a round, reduced to what the maths needs."""

    criteria: list[scoring.CriterionSpec]
    totals: dict[tuple[int, int], float]  # (judge id, entry id) → that judge's weighted total
    tie_break_means: dict[int, float]  # entry id → mean points on the tie-break criterion
    incomplete_sheets: int  # submitted sheets missing a criterion: left out of the results


def load_round_scores(round_id: int, *, tie_break_position: int | None = None) -> RoundScores:
    """Weighted totals of every complete, submitted score sheet of the round (two SQL statements)."""
    criteria_rows = db.session.execute(
        select(Criterion.id, Criterion.position, Criterion.max_points, Criterion.weight)
        .where(Criterion.round_id == round_id).order_by(Criterion.position, Criterion.id)
    ).all()
    criteria = [scoring.CriterionSpec(id=row.id, max_points=float(row.max_points), weight=float(row.weight))
                for row in criteria_rows]
    tie_criterion = next((row.id for row in criteria_rows if row.position == tie_break_position), None)
    sheets: dict[tuple[int, int], dict[int, float]] = defaultdict(dict)
    # Core execution on the session's connection: plain tuples, without the ORM's row processing
    # (flushed first, as an ORM query would autoflush).
    db.session.flush()
    points = db.session.connection().execute(
        select(Score.judge_id, Score.entry_id, Score.criterion_id, cast(Score.points, Float))
        .join(Assignment, Assignment.id == Score.assignment_id)
        .where(Assignment.round_id == round_id, Assignment.status == SheetStatus.SUBMITTED)
    )
    for judge_id, entry_id, criterion_id, value in points:
        sheets[(judge_id, entry_id)][criterion_id] = value
    wanted = {criterion.id for criterion in criteria}
    complete = {key: sheet for key, sheet in sheets.items() if wanted <= sheet.keys()}
    totals = {key: scoring.weighted_total(sheet, criteria) for key, sheet in complete.items()}
    tie_break_means = _criterion_means(complete, tie_criterion) if tie_criterion is not None else {}
    return RoundScores(criteria=criteria, totals=totals, tie_break_means=tie_break_means,
                       incomplete_sheets=len(sheets) - len(complete))


def _criterion_means(sheets: dict[tuple[int, int], dict[int, float]], criterion_id: int) -> dict[int, float]:
    values: dict[int, list[float]] = defaultdict(list)
    for (_judge, entry), sheet in sheets.items():
        values[entry].append(sheet[criterion_id])
    return {entry: sum(points) / len(points) for entry, points in values.items()}


@dataclass(frozen=True)
class EntryLine:
    """An entry taking part in a round, as the results pages show it (plain values, no ORM object)."""

    id: int
    project: str
    team: str
    track_id: int | None
    submitted_at: datetime | None
    status: str
    eligibility: str
    round_entry_id: int | None
    outcome: str
    pitch_order: int | None

    @property
    def can_advance(self) -> bool:
        return self.status != EntryStatus.WITHDRAWN and self.eligibility != Eligibility.INELIGIBLE


def round_entry_lines(round_: Round) -> list[EntryLine]:
    """The round's participants: entries with a place in it, and entries its judges were given (one statement)."""
    assessed = select(Assignment.entry_id).where(Assignment.round_id == round_.id)
    rows = db.session.execute(
        select(Entry.id, Entry.project_name, Organisation.name, Entry.track_id, Entry.submitted_at, Entry.status,
               Entry.eligibility, RoundEntry.id, RoundEntry.outcome, RoundEntry.pitch_order)
        .join(Organisation, Organisation.id == Entry.organisation_id)
        .outerjoin(RoundEntry, and_(RoundEntry.entry_id == Entry.id, RoundEntry.round_id == round_.id))
        .where(Entry.competition_id == round_.competition_id,
               or_(RoundEntry.id.is_not(None), Entry.id.in_(assessed)))
        .order_by(Entry.id)
    )
    return [EntryLine(id=entry_id, project=project, team=team, track_id=track_id, submitted_at=submitted_at,
                      status=status, eligibility=eligibility, round_entry_id=round_entry_id,
                      outcome=outcome or "pending", pitch_order=pitch_order)
            for (entry_id, project, team, track_id, submitted_at, status, eligibility, round_entry_id, outcome,
                 pitch_order) in rows]


# --- standings --------------------------------------------------------------------------------

# The steps of scoring.RankingKey after the chosen result, numbered as in its docstring.
TIE_STEP_LABELS = {
    2: _l("the other result"),
    3: _l("the median of the judges' totals"),
    4: _l("the mean points on the tie-break criterion"),
    5: _l("the earlier submission"),
    6: _l("the lower entry number"),
}
ORGANISER_DECIDES_FROM_STEP = 5  # a tie that reaches the submission time is shown for a decision by hand


@dataclass
class Standing:
    entry: EntryLine
    result: scoring.EntryResult | None  # None: no submitted score sheet yet
    rank: int | None = None
    track_rank: int | None = None
    tied: bool = False  # the chosen result equals a neighbour's
    decided_by: int | None = None  # step of the cascade that put this entry below the one above

    @property
    def needs_decision(self) -> bool:
        return self.decided_by is not None and self.decided_by >= ORGANISER_DECIDES_FROM_STEP

    def value(self, method: str) -> float | None:
        if self.result is None:
            return None
        return self.result.corrected if method == RankingMethod.CORRECTED else self.result.raw


@dataclass(frozen=True)
class JudgeLine:
    judge_id: int
    name: str
    sheets: int
    mean: float
    harshness: float  # the judge's mean total minus the round's overall mean
    correlation: float | None  # leave-one-out correlation with the other judges
    flagged: bool


@dataclass
class Standings:
    method: str
    rows: list[Standing]  # ranked entries first, then entries without a submitted sheet
    results: scoring.RoundResults
    alpha: float | None
    judges: list[JudgeLine] = field(default_factory=list)
    incomplete_sheets: int = 0

    @property
    def ranking(self) -> list[int]:
        return [row.entry.id for row in self.rows if row.rank is not None]

    @property
    def ranked_rows(self) -> list[Standing]:
        return [row for row in self.rows if row.rank is not None]

    @property
    def flagged(self) -> list[JudgeLine]:
        return [judge for judge in self.judges if judge.flagged]

    def for_track(self, track_id: int | None) -> list[Standing]:
        return [row for row in self.rows if row.entry.track_id == track_id]


def round_standings(round_: Round, *, method: str | None = None, with_judges: bool = True) -> Standings:
    """Rank the round by ``method`` (default: the round's), with agreement and judge statistics.

    SQL: the criteria, the points, the participants, and (``with_judges``) the judges' names.
    """
    method = method or round_.ranking_method
    competition = round_.competition
    scores = load_round_scores(round_.id, tie_break_position=competition.tie_break_criterion_position)
    lines = round_entry_lines(round_)
    results = scoring.round_results(scores.totals)
    ranked = rank_entries(results, method=method, lines=lines, tie_break_means=scores.tie_break_means)
    by_id = {line.id: line for line in lines}
    rows = [Standing(entry=by_id[entry_id], result=results.entries[entry_id], rank=position)
            for position, entry_id in enumerate(ranked, start=1) if entry_id in by_id]
    rows += [Standing(entry=line, result=None) for line in lines if line.id not in results.entries]
    _mark_ties(rows, method, scores.tie_break_means)
    _number_tracks(rows)
    standings = Standings(method=method, rows=rows, results=results, incomplete_sheets=scores.incomplete_sheets,
                          alpha=scoring.krippendorff_alpha_interval(scores.totals) if with_judges else None)
    if with_judges:
        standings.judges = judge_lines(round_, scores.totals, results)
    return standings


def rank_entries(results: scoring.RoundResults, *, method: str, lines: list[EntryLine],
                 tie_break_means: dict[int, float]) -> list[int]:
    """Entry ids from first to last with the published cascade (scoring.rank)."""
    return scoring.rank(results.entries, method=method, criterion_means=tie_break_means,
                        submitted_order=submission_order(lines))


def submission_order(lines: list[EntryLine]) -> dict[int, float]:
    return {line.id: line.submitted_at.timestamp() for line in lines if line.submitted_at is not None}


def _ranking_key(row: Standing, method: str, tie_break_means: dict[int, float]) -> tuple:
    """The same key as ``scoring.rank`` builds, to tell which step separated two neighbours."""
    result = row.result
    primary, secondary = ((result.corrected, result.raw) if method == RankingMethod.CORRECTED
                          else (result.raw, result.corrected))
    submitted = row.entry.submitted_at.timestamp() if row.entry.submitted_at else math.inf
    return scoring.RankingKey(
        primary=round(primary, 9), secondary=round(secondary, 9), median=round(result.median, 9),
        criterion=round(tie_break_means.get(row.entry.id, 0.0), 9), submitted_order=submitted,
        entry_id=row.entry.id,
    ).sort_tuple()


def _mark_ties(rows: list[Standing], method: str, tie_break_means: dict[int, float]) -> None:
    ranked = [row for row in rows if row.rank is not None]
    keys = [_ranking_key(row, method, tie_break_means) for row in ranked]
    for (upper, upper_key), (lower, lower_key) in zip(zip(ranked, keys), zip(ranked[1:], keys[1:])):
        step = next((step for step, (a, b) in enumerate(zip(upper_key, lower_key), start=1) if a != b), 6)
        if step > 1:  # equal on the chosen result: the cascade decided
            upper.tied = lower.tied = True
            lower.decided_by = step


def _number_tracks(rows: list[Standing]) -> None:
    seen: dict[int | None, int] = defaultdict(int)
    for row in rows:
        if row.rank is not None:
            seen[row.entry.track_id] += 1
            row.track_rank = seen[row.entry.track_id]


def judge_lines(round_: Round, totals: dict[tuple[int, int], float], results: scoring.RoundResults) -> list[JudgeLine]:
    """Each judge of the round with their mean, harshness and leave-one-out correlation, harshest first."""
    correlations = scoring.leave_one_out_correlations(totals)
    flagged = set(scoring.flagged_judges(correlations, threshold=FLAG_THRESHOLD))
    sheets: dict[int, int] = defaultdict(int)
    for judge_id, _entry in totals:
        sheets[judge_id] += 1
    names = dict(db.session.execute(
        select(Judge.id, User.name).join(User, User.id == Judge.user_id)
        .where(Judge.competition_id == round_.competition_id)
    ).all())
    lines = [JudgeLine(judge_id=judge_id, name=names.get(judge_id, f"#{judge_id}"), sheets=sheets[judge_id],
                       mean=mean, harshness=mean - results.overall_mean, correlation=correlations.get(judge_id),
                       flagged=judge_id in flagged)
             for judge_id, mean in results.judge_means.items()]
    return sorted(lines, key=lambda line: (line.harshness, line.name))


def agreement_reading(alpha: float | None):
    """A plain-language reading of Krippendorff's alpha, with the usual 0.8 and 0.667 thresholds."""
    if alpha is None:
        return _l("Agreement cannot be measured yet: too few entries were scored by two judges or more.")
    if alpha >= 0.8:
        return _l("Strong agreement: the judges largely order the entries the same way.")
    if alpha >= 0.667:
        return _l("Moderate agreement: usable, but look closely at entries near the cut-off.")
    if alpha >= 0.4:
        return _l("Weak agreement: the judges often disagree; check the spread of close entries.")
    if alpha >= 0:
        return _l("Poor agreement: the judges' scores are barely related.")
    return _l("Systematic disagreement: judges differ more on the same entry than across entries "
              "(often harsh and lenient judges; the bias-corrected result compensates).")
