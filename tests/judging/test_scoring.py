"""The judging maths, pinned with hand-computed examples (no database)."""
import math

import pytest

from app.judging.scoring import (
    CriterionSpec, flagged_judges, krippendorff_alpha_interval, leave_one_out_correlations, rank,
    round_results, standardise, tied_with_next, weighted_total, weights_sum_to_100,
)

DEFAULT_RUBRIC = [CriterionSpec(i, 10, w) for i, w in enumerate([20, 20, 20, 20, 10, 10])]

# The worked example. Judges A, B and C each score three of four entries; every judge's
# totals have a standard deviation of exactly 10, but A is centred on 70, B on 50 (harsh)
# and C on 80 (lenient).
#   A: e1 80, e2 70, e3 60   -> mean 70, sd 10, z = +1, 0, −1
#   B: e1 60, e2 50, e4 40   -> mean 50, sd 10, z = +1, 0, −1
#   C: e2 90, e3 70, e4 80   -> mean 80, sd 10, z = +1, −1, 0
# Mean z per entry: e1 (1+1)/2 = 1; e2 (0+0+1)/3 = 1/3; e3 (−1−1)/2 = −1; e4 (−1+0)/2 = −0.5.
# All nine totals: sum 600, mean 66.6667; Σx² = 42 000, SS = 42 000 − 9 × 66.6667² = 2 000,
# sample variance 2 000 / 8 = 250, sd = 15.8114.
# Corrected = 66.6667 + 15.8114 × mean z: e1 82.4781, e2 71.9371, e3 50.8553, e4 58.7610.
# Raw means: e1 70, e2 70, e3 65, e4 60.
TOTALS = {
    ("A", 1): 80, ("A", 2): 70, ("A", 3): 60,
    ("B", 1): 60, ("B", 2): 50, ("B", 4): 40,
    ("C", 2): 90, ("C", 3): 70, ("C", 4): 80,
}


def test_weighted_total_of_the_domain_example_is_72():
    assert weighted_total(dict(enumerate([8, 7, 6, 9, 5, 7])), DEFAULT_RUBRIC) == pytest.approx(72.0)


def test_weighted_total_scales_criteria_with_other_maximums():
    criteria = [CriterionSpec("pitch", 5, 50), CriterionSpec("demo", 20, 50)]
    assert weighted_total({"pitch": 4, "demo": 10}, criteria) == pytest.approx(4 / 5 * 50 + 10 / 20 * 50)


def test_weights_must_sum_to_100():
    assert weights_sum_to_100(DEFAULT_RUBRIC) is True
    assert weights_sum_to_100(DEFAULT_RUBRIC[:-1]) is False


def test_standardise_worked_example():
    z = standardise(TOTALS)
    assert {key: round(value, 6) for key, value in z.items()} == {
        ("A", 1): 1.0, ("A", 2): 0.0, ("A", 3): -1.0,
        ("B", 1): 1.0, ("B", 2): 0.0, ("B", 4): -1.0,
        ("C", 2): 1.0, ("C", 3): -1.0, ("C", 4): 0.0,
    }


def test_round_results_worked_example_raw_and_corrected():
    results = round_results(TOTALS)
    assert round(results.overall_mean, 4) == 66.6667
    assert round(results.overall_sd, 4) == 15.8114
    summary = {e: (r.raw, round(r.corrected, 4), round(r.mean_z, 4), r.spread, r.judge_count)
               for e, r in results.entries.items()}
    assert summary == {
        1: (70.0, 82.4781, 1.0, 20, 2),
        2: (70.0, 71.9371, 0.3333, 40, 3),
        3: (65.0, 50.8553, -1.0, 10, 2),
        4: (60.0, 58.7610, -0.5, 40, 2),
    }


def test_ranking_methods_disagree_on_the_worked_example():
    results = round_results(TOTALS).entries
    # Raw: e1 and e2 tie on 70 and the cascade's second step (corrected) puts e1 first.
    assert rank(results, method="raw") == [1, 2, 3, 4]
    # Corrected: e4 was scored by the harsh judge B, e3 by the lenient C — they swap.
    assert rank(results, method="corrected") == [1, 2, 4, 3]
    assert tied_with_next([1, 2, 3, 4], results, "raw") == {1, 2}


def test_judge_with_a_single_entry_or_no_spread_contributes_zero():
    totals = {("solo", 1): 95, ("flat", 1): 50, ("flat", 2): 50, ("A", 1): 60, ("A", 2): 80}
    z = standardise(totals)
    assert (z[("solo", 1)], z[("flat", 1)], z[("flat", 2)]) == (0.0, 0.0, 0.0)
    # A: 60 and 80, mean 70, sample sd √((10² + 10²) / 1) = √200, so z = −10 / √200.
    assert round(z[("A", 1)], 6) == round(-10 / math.sqrt(200), 6)


def test_the_two_step_recipe_from_prize_websites_is_not_what_we_compute():
    """DOMAIN.md warns: dividing by sd_j/sd and then subtracting the raw mean is wrong."""
    results = round_results(TOTALS)
    wrong = {}
    for entry in (1, 2, 3, 4):
        judged = [(j, t) for (j, e), t in TOTALS.items() if e == entry]
        wrong[entry] = sum(t / (10 / results.overall_sd) - results.judge_means[j] for j, t in judged) / len(judged)
    assert round(wrong[1], 4) != round(results.entries[1].corrected - results.overall_mean, 4)


def test_tie_break_cascade_uses_median_then_criterion_then_submission_then_id():
    totals = {("A", 1): 70, ("B", 1): 70, ("A", 2): 70, ("B", 2): 70}
    results = round_results(totals).entries
    assert rank(results) == [1, 2]  # everything equal: lower id
    assert rank(results, submitted_order={1: 2.0, 2: 1.0}) == [2, 1]  # earlier submission
    assert rank(results, criterion_means={1: 6.0, 2: 8.0}, submitted_order={1: 1.0, 2: 2.0}) == [2, 1]


def test_krippendorff_alpha_hand_computed():
    # Units (1, 3), (2, 2), (3, 1): D_o = (8 + 0 + 8) / 6 = 2.6667; all values 1, 3, 2, 2, 3, 1:
    # D_e = 2 × (6 × 28 − 12²) / (6 × 5) = 1.6; alpha = 1 − 2.6667 / 1.6 = −0.6667.
    reversed_judges = {("A", 1): 1, ("B", 1): 3, ("A", 2): 2, ("B", 2): 2, ("A", 3): 3, ("B", 3): 1}
    assert round(krippendorff_alpha_interval(reversed_judges), 4) == -0.6667
    agreeing = {("A", 1): 1, ("B", 1): 1, ("A", 2): 2, ("B", 2): 2, ("A", 3): 3, ("B", 3): 3}
    assert krippendorff_alpha_interval(agreeing) == 1.0


def test_krippendorff_alpha_ignores_entries_with_one_score_and_handles_missing_judges():
    assert krippendorff_alpha_interval({("A", 1): 5}) is None
    with_gaps = {("A", 1): 1, ("B", 1): 1, ("A", 2): 3, ("C", 2): 3, ("B", 3): 5, ("C", 3): 5, ("A", 4): 9}
    assert krippendorff_alpha_interval(with_gaps) == 1.0


def test_leave_one_out_flags_the_contrarian_not_the_harsh_judge():
    totals = {}
    for entry, base in enumerate([50, 60, 70, 80, 90], start=1):
        totals[("fair", entry)] = base
        totals[("also fair", entry)] = base + 2
        totals[("harsh", entry)] = base - 30  # same order, lower level: fixed by correction
        totals[("contrarian", entry)] = 140 - base  # reverses the order
    correlations = leave_one_out_correlations(totals)
    assert correlations["harsh"] > 0.9
    assert correlations["contrarian"] < 0
    assert flagged_judges(correlations) == ["contrarian"]
