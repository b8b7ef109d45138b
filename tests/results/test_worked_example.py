"""The worked example of ``helpers.py``, computed by hand and pinned end to end from the database.

Raw means (the mean of an entry's judge totals):
    E1 (90 + 50) / 2 = 70      E2 (60 + 72) / 2 = 66
    E3 (70 + 64) / 2 = 67      E4 (80 + 40 + 68) / 3 = 188 / 3 = 62.6667

Each judge's totals are evenly spaced, so their sample sds are round numbers:
    J1 (90, 70, 80): mean 80, deviations (10, −10, 0), sd √(200 / 2) = 10
    J2 (50, 60, 40): mean 50, deviations (0, 10, −10),  sd 10
    J3 (72, 64, 68): mean 68, deviations (4, −4, 0),    sd √(32 / 2) = 4
z = (x − mean_j) / sd_j:
    J1: E1 +1, E3 −1, E4 0      J2: E1 0, E2 +1, E4 −1      J3: E2 +1, E3 −1, E4 0
Mean z per entry: E1 (1 + 0) / 2 = 0.5, E2 (1 + 1) / 2 = 1, E3 (−1 − 1) / 2 = −1, E4 (0 − 1 + 0) / 3 = −1/3.
Round: the nine totals sum to 594, mean 66; deviations 24, 4, 14, −16, −6, −26, 6, −2, 2 whose
squares sum to 1800, so the sample sd is √(1800 / 8) = 15.
Bias-corrected = 66 + 15 × mean z:
    E1 66 + 7.5 = 73.5    E2 66 + 15 = 81    E3 66 − 15 = 51    E4 66 − 5 = 61
So the raw ranking is E1, E3, E2, E4 and the corrected one E2, E1, E4, E3: the harsh judge J2
sank E2's raw mean and the correction lifts it.

Medians: E1 70, E2 66, E3 67, E4 68. Spreads (max − min): E1 40, E2 12, E3 6, E4 40.
Judge harshness (mean − 66): J1 +14, J2 −16, J3 +2.

Krippendorff's alpha (interval): with n = 9 pairable values,
    observed: Σ_u Σ_{i≠j} (v_i − v_j)² / (m_u − 1) = E1 2·40² + E2 2·12² + E3 2·6² + E4 (2·(40² + 12² + 28²)) / 2
              = 3200 + 288 + 72 + 2528 = 6088, divided by n: 6088 / 9
    expected: 2 (n Σv² − (Σv)²) / (n (n − 1)) = 2 · 9 · 1800 / 72 = 450
    alpha = 1 − (6088 / 9) / 450 = 1 − 6088 / 4050 = −0.5032 (the judges differ more within an entry
    than across entries: this example is deliberately harsh-versus-lenient).
Leave-one-out correlations (each judge against the mean of the others on the same entries):
    J1 (90, 70, 80) vs (50, 64, 54): Sxy −140, Sxx 200, Syy 104 → −140 / √20800 = −0.9707
    J2 (50, 60, 40) vs (90, 72, 74): Sxy −20, Sxx 200, Syy 1752/9 → −20 / √38933.3 = −0.1014
    J3 (72, 64, 68) vs (60, 70, 60): Sxy −40, Sxx 32, Syy 600/9 → −40 / √2133.3 = −0.8660
All three are below 0.3, so all three are flagged.
"""
import pytest

from app.extensions import db
from app.results import queries
from tests.results.helpers import PROJECTS, cell, results_url, row_ids


def by_key(example, standings):
    keys = {entry.id: key for key, entry in example.entries.items()}
    return {keys[row.entry.id]: row for row in standings.rows}


def test_weighted_totals_from_the_database(example):
    scores = queries.load_round_scores(example.round.id)

    judges = {judge.id: key for key, judge in example.judges.items()}
    entries = {entry.id: key for key, entry in example.entries.items()}
    assert {(judges[j], entries[e]): round(total, 4) for (j, e), total in scores.totals.items()} == {
        ("J1", "E1"): 90, ("J1", "E3"): 70, ("J1", "E4"): 80, ("J2", "E1"): 50, ("J2", "E2"): 60,
        ("J2", "E4"): 40, ("J3", "E2"): 72, ("J3", "E3"): 64, ("J3", "E4"): 68}
    assert scores.incomplete_sheets == 0


def test_raw_and_corrected_results_to_four_decimals(example):
    standings = queries.round_standings(example.round, method="corrected")
    rows = by_key(example, standings)

    assert {key: round(row.result.raw, 4) for key, row in rows.items()} == {
        "E1": 70.0, "E2": 66.0, "E3": 67.0, "E4": 62.6667}
    assert {key: round(row.result.mean_z, 4) for key, row in rows.items()} == {
        "E1": 0.5, "E2": 1.0, "E3": -1.0, "E4": -0.3333}
    assert {key: round(row.result.corrected, 4) for key, row in rows.items()} == {
        "E1": 73.5, "E2": 81.0, "E3": 51.0, "E4": 61.0}
    assert {key: (row.result.median, row.result.spread, row.result.judge_count) for key, row in rows.items()} == {
        "E1": (70, 40, 2), "E2": (66, 12, 2), "E3": (67, 6, 2), "E4": (68, 40, 3)}
    assert (round(standings.results.overall_mean, 4), round(standings.results.overall_sd, 4)) == (66.0, 15.0)


@pytest.mark.parametrize(("method", "order"), [
    ("corrected", ["E2", "E1", "E4", "E3"]),
    ("raw", ["E1", "E3", "E2", "E4"]),
])
def test_ranking_by_each_method(example, method, order):
    standings = queries.round_standings(example.round, method=method)

    keys = {entry.id: key for key, entry in example.entries.items()}
    assert [keys[entry_id] for entry_id in standings.ranking] == order
    assert [row.rank for row in standings.rows] == [1, 2, 3, 4]
    assert not any(row.tied for row in standings.rows)


def test_agreement_correlations_and_harshness(example):
    standings = queries.round_standings(example.round)

    assert round(standings.alpha, 4) == -0.5032
    assert standings.alpha == pytest.approx(1 - 6088 / 4050)
    judges = {line.name: line for line in standings.judges}
    assert {name: round(line.correlation, 4) for name, line in judges.items()} == {
        "Kim Min-jun": -0.9707, "Tanaka Yuki": -0.1014, "Vũ Đức Thắng": -0.866}
    assert {name: round(line.harshness, 4) for name, line in judges.items()} == {
        "Kim Min-jun": 14.0, "Tanaka Yuki": -16.0, "Vũ Đức Thắng": 2.0}
    assert [line.name for line in standings.judges] == ["Tanaka Yuki", "Vũ Đức Thắng", "Kim Min-jun"]
    assert [line.name for line in standings.flagged] == ["Tanaka Yuki", "Vũ Đức Thắng", "Kim Min-jun"]
    assert {name: line.sheets for name, line in judges.items()} == {
        "Kim Min-jun": 3, "Tanaka Yuki": 3, "Vũ Đức Thắng": 3}


def test_results_page_shows_the_example_side_by_side(client, login, example):
    login(example.organiser)

    response = client.get(results_url(example))

    assert response.status_code == 200
    ids = {entry.id: key for key, entry in example.entries.items()}
    assert [ids[int(row.split("-")[1])] for row in row_ids(response, "ranking")] == ["E2", "E1", "E4", "E3"]
    table = {key: [cell(response, f"entry-{entry.id}", name) for name in
                   ("rank", "project", "raw", "corrected", "judges", "spread")]
             for key, entry in example.entries.items()}
    assert table == {
        "E1": ["2", PROJECTS["E1"], "70.00", "73.50", "2", "40.00 (50.00–90.00)"],
        "E2": ["1", PROJECTS["E2"], "66.00", "81.00", "2", "12.00 (60.00–72.00)"],
        "E3": ["4", PROJECTS["E3"], "67.00", "51.00", "2", "6.00 (64.00–70.00)"],
        "E4": ["3", PROJECTS["E4"], "62.67", "61.00", "3", "40.00 (40.00–80.00)"],
    }
    assert cell(response, f"entry-{example.entries['E1'].id}", "team") == "Công ty Cảng Thông Minh"


def test_results_page_in_vietnamese_uses_a_decimal_comma(client, login, example):
    example.organiser.locale = "vi"
    db.session.commit()
    login(example.organiser)

    response = client.get(results_url(example))

    assert cell(response, f"entry-{example.entries['E4'].id}", "raw") == "62,67"
    assert cell(response, f"entry-{example.entries['E1'].id}", "corrected") == "73,50"
