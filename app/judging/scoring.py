"""Judging maths over plain data: weighted totals, bias correction, agreement, ranking.

No database here: the functions take numbers and ids, so they are tested with hand-computed
examples and the ranking of thousands of entries stays fast.
"""
from __future__ import annotations

import math
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Hashable, Iterable

JudgeId = Hashable
EntryId = Hashable


@dataclass(frozen=True)
class CriterionSpec:
    id: Hashable
    max_points: float
    weight: float  # percent; a rubric's weights sum to 100


def weighted_total(points: dict[Hashable, float], criteria: list[CriterionSpec]) -> float:
    """Score out of 100: each criterion's share of its maximum, times its weight.

    With the default rubric (weights 20, 20, 20, 20, 10, 10 and maximum 10), the points
    (8, 7, 6, 9, 5, 7) give 16 + 14 + 12 + 18 + 5 + 7 = 72.
    """
    return sum(points[c.id] / c.max_points * c.weight for c in criteria)


def weights_sum_to_100(criteria: Iterable[CriterionSpec]) -> bool:
    return math.isclose(sum(c.weight for c in criteria), 100.0, abs_tol=1e-6)


@dataclass
class EntryResult:
    entry_id: EntryId
    raw: float  # mean of the judges' totals
    corrected: float  # overall mean + overall sd × mean z
    mean_z: float
    judge_totals: dict[JudgeId, float]
    median: float
    spread: float  # highest minus lowest judge total

    @property
    def judge_count(self) -> int:
        return len(self.judge_totals)


@dataclass
class RoundResults:
    entries: dict[EntryId, EntryResult]
    overall_mean: float
    overall_sd: float
    judge_means: dict[JudgeId, float] = field(default_factory=dict)
    judge_sds: dict[JudgeId, float] = field(default_factory=dict)


def standardise(totals: dict[tuple[JudgeId, EntryId], float]) -> dict[tuple[JudgeId, EntryId], float]:
    """z = (x − mean_j) / sd_j within each judge (sample sd); 0 for a judge with < 2 entries or no spread."""
    by_judge: dict[JudgeId, list[float]] = defaultdict(list)
    for (judge, _entry), total in totals.items():
        by_judge[judge].append(total)
    mean = {j: statistics.fmean(v) for j, v in by_judge.items()}
    sd = {j: statistics.stdev(v) if len(v) >= 2 else 0.0 for j, v in by_judge.items()}
    return {
        (judge, entry): (total - mean[judge]) / sd[judge] if sd[judge] > 0 else 0.0
        for (judge, entry), total in totals.items()
    }


def round_results(totals: dict[tuple[JudgeId, EntryId], float]) -> RoundResults:
    """Raw and bias-corrected result of every entry from the judges' weighted totals.

    ``totals`` maps (judge, entry) to that judge's weighted total for the entry. The corrected
    result puts each entry's mean z back on the raw scale with the round's overall mean and
    sample sd of all totals, so organisers can read it next to the raw mean.
    """
    if not totals:
        return RoundResults(entries={}, overall_mean=0.0, overall_sd=0.0)
    values = list(totals.values())
    overall_mean = statistics.fmean(values)
    overall_sd = statistics.stdev(values) if len(values) >= 2 else 0.0
    z = standardise(totals)
    per_entry: dict[EntryId, dict[JudgeId, float]] = defaultdict(dict)
    z_per_entry: dict[EntryId, list[float]] = defaultdict(list)
    for (judge, entry), total in totals.items():
        per_entry[entry][judge] = total
        z_per_entry[entry].append(z[(judge, entry)])
    entries = {}
    for entry, judge_totals in per_entry.items():
        mean_z = statistics.fmean(z_per_entry[entry])
        scores = list(judge_totals.values())
        entries[entry] = EntryResult(
            entry_id=entry, raw=statistics.fmean(scores), corrected=overall_mean + overall_sd * mean_z,
            mean_z=mean_z, judge_totals=judge_totals, median=statistics.median(scores),
            spread=max(scores) - min(scores),
        )
    by_judge: dict[JudgeId, list[float]] = defaultdict(list)
    for (judge, _entry), total in totals.items():
        by_judge[judge].append(total)
    return RoundResults(
        entries=entries, overall_mean=overall_mean, overall_sd=overall_sd,
        judge_means={j: statistics.fmean(v) for j, v in by_judge.items()},
        judge_sds={j: statistics.stdev(v) if len(v) >= 2 else 0.0 for j, v in by_judge.items()},
    )


def _sum_squared_differences(values: list[float]) -> float:
    """Σ over ordered pairs i ≠ j of (v_i − v_j)², in O(n): 2(n Σv² − (Σv)²)."""
    n = len(values)
    return 2 * (n * sum(v * v for v in values) - sum(values) ** 2)


def krippendorff_alpha_interval(totals: dict[tuple[JudgeId, EntryId], float]) -> float | None:
    """Krippendorff's alpha with the interval metric; entries need not be scored by every judge.

    Only entries with at least two scores are pairable. Returns None when agreement cannot
    be measured (fewer than two pairable values, or no variation at all).
    """
    units: dict[EntryId, list[float]] = defaultdict(list)
    for (_judge, entry), total in totals.items():
        units[entry].append(total)
    pairable = [values for values in units.values() if len(values) >= 2]
    n = sum(len(values) for values in pairable)
    if n < 2:
        return None
    observed = sum(_sum_squared_differences(values) / (len(values) - 1) for values in pairable) / n
    expected = _sum_squared_differences([v for values in pairable for v in values]) / (n * (n - 1))
    if expected == 0:
        return None
    return 1 - observed / expected


def pearson(xs: list[float], ys: list[float]) -> float | None:
    if len(xs) < 3:
        return None
    mean_x, mean_y = statistics.fmean(xs), statistics.fmean(ys)
    sxx = sum((x - mean_x) ** 2 for x in xs)
    syy = sum((y - mean_y) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    return sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys)) / math.sqrt(sxx * syy)


def leave_one_out_correlations(totals: dict[tuple[JudgeId, EntryId], float]) -> dict[JudgeId, float | None]:
    """For each judge: correlation of their totals with the mean of the other judges on the same entries.

    A harsh or lenient judge still correlates well (the correction fixes them); a judge who
    ranks entries differently from everyone else correlates poorly and is flagged for review.
    """
    per_entry: dict[EntryId, dict[JudgeId, float]] = defaultdict(dict)
    for (judge, entry), total in totals.items():
        per_entry[entry][judge] = total
    pairs: dict[JudgeId, tuple[list[float], list[float]]] = defaultdict(lambda: ([], []))
    for judges in per_entry.values():
        if len(judges) < 2:
            continue
        total_sum = sum(judges.values())
        for judge, score in judges.items():
            others_mean = (total_sum - score) / (len(judges) - 1)
            pairs[judge][0].append(score)
            pairs[judge][1].append(others_mean)
    judges = {judge for judge, _entry in totals}
    return {judge: pearson(*pairs[judge]) if judge in pairs else None for judge in judges}


def flagged_judges(correlations: dict[JudgeId, float | None], threshold: float = 0.3) -> list[JudgeId]:
    """Judges whose leave-one-out correlation is below ``threshold`` (unknown ones are not flagged)."""
    return sorted((j for j, r in correlations.items() if r is not None and r < threshold), key=str)


@dataclass(frozen=True)
class RankingKey:
    """What orders entries, in the published tie-break order (DOMAIN.md: a cascade announced in advance).

    1. the chosen result (bias-corrected or raw mean), higher first;
    2. the other result, higher first;
    3. the median of the judges' totals, higher first;
    4. the mean points on the named tie-break criterion, higher first (if one is named);
    5. the earlier submission;
    6. the lower entry id — so the order is always complete and reproducible; a tie that
       reaches step 5 is shown to the organisers, who may decide by hand.
    """

    primary: float
    secondary: float
    median: float
    criterion: float
    submitted_order: float
    entry_id: int

    def sort_tuple(self):
        return (-self.primary, -self.secondary, -self.median, -self.criterion, self.submitted_order, self.entry_id)


def rank(results: dict[EntryId, EntryResult], *, method: str = "corrected",
         criterion_means: dict[EntryId, float] | None = None,
         submitted_order: dict[EntryId, float] | None = None) -> list[EntryId]:
    """Entries from first to last by ``method`` ("corrected" or "raw") with the tie-break cascade."""
    criterion_means = criterion_means or {}
    submitted_order = submitted_order or {}

    def key(entry_id):
        result = results[entry_id]
        primary, secondary = (result.corrected, result.raw) if method == "corrected" else (result.raw, result.corrected)
        return RankingKey(
            primary=round(primary, 9), secondary=round(secondary, 9), median=round(result.median, 9),
            criterion=round(criterion_means.get(entry_id, 0.0), 9),
            submitted_order=submitted_order.get(entry_id, math.inf), entry_id=entry_id,
        ).sort_tuple()

    return sorted(results, key=key)


def tied_with_next(ranking: list[EntryId], results: dict[EntryId, EntryResult], method: str) -> set[EntryId]:
    """Entries whose chosen result equals a neighbour's, to point organisers at the tie-break."""
    value = (lambda e: results[e].corrected) if method == "corrected" else (lambda e: results[e].raw)
    tied = set()
    for first, second in zip(ranking, ranking[1:]):
        if math.isclose(value(first), value(second), abs_tol=1e-9):
            tied |= {first, second}
    return tied
