"""Ranking from the database: only submitted, complete sheets count; ties follow the published cascade."""
from datetime import timedelta

import pytest

from app.core.time import utcnow
from app.extensions import db
from app.judging.models import Score
from app.results import queries
from tests.factories import make_assignment, make_competition, make_entry, make_judge, make_round
from tests.results.helpers import cell, organiser_of, person


def points_for(total: int, team: int) -> tuple:
    """Default-rubric points with the given Team points whose weighted total is ``total``.

    Total = 2 × (team + problem + market + business) + science + impact; science and
    impact are 5 each and the rest is spread over problem, market and business.
    """
    rest = (total - 10) // 2 - team
    third, extra = divmod(rest, 3)
    return (team, third + (1 if extra > 0 else 0), third + (1 if extra > 1 else 0), third, 5, 5)


@pytest.fixture
def tie_round():
    """Two judges scoring seven entries; pairs of entries tie at increasing depths of the cascade.

    J1 and J2 give the same multiset of totals, so equal totals get equal z and the
    corrected results of A and B (70/60 and 60/70) are equal; so are their raw means and medians.
    """
    competition = make_competition(tie_break_criterion_position=0)
    round_ = make_round(competition)
    j1, j2 = make_judge(competition), make_judge(competition)
    start = utcnow() - timedelta(days=1)
    specs = {  # name: (J1 total, J1 team points, J2 total, J2 team points, submitted hours after start)
        "C": (80, 8, 80, 8, 0),
        "A": (70, 8, 60, 7, 1),  # Team mean 7.5
        "B": (60, 6, 70, 7, 2),  # Team mean 6.5: loses to A on the tie-break criterion
        "D": (50, 5, 50, 5, 3),  # submitted before E
        "E": (50, 5, 50, 5, 4),
        "F": (40, 4, 40, 4, 5),  # same submission time as G: the lower entry number wins
        "G": (40, 4, 40, 4, 5),
    }
    entries = {}
    for name, (t1, team1, t2, team2, hours) in specs.items():
        entry = make_entry(competition, round_=round_, project_name=name, submitted_at=start + timedelta(hours=hours))
        make_assignment(round_, j1, entry, points=points_for(t1, team1), submitted=True)
        make_assignment(round_, j2, entry, points=points_for(t2, team2), submitted=True)
        entries[name] = entry
    return round_, entries


def test_points_helper_gives_the_total():
    from app.judging.scoring import CriterionSpec, weighted_total

    criteria = [CriterionSpec(i, 10, w) for i, w in enumerate((20, 20, 20, 20, 10, 10))]
    for total, team in ((70, 8), (60, 7), (60, 6), (50, 5), (40, 4), (80, 8)):
        points = points_for(total, team)
        assert weighted_total(dict(enumerate(points)), criteria) == total
        assert points[0] == team


@pytest.mark.parametrize("method", ["corrected", "raw"])
def test_ties_are_resolved_by_the_cascade(tie_round, method):
    round_, entries = tie_round

    standings = queries.round_standings(round_, method=method)

    names = {entry.id: name for name, entry in entries.items()}
    assert [names[entry_id] for entry_id in standings.ranking] == ["C", "A", "B", "D", "E", "F", "G"]
    decided = {names[row.entry.id]: row.decided_by for row in standings.rows}
    assert decided == {"C": None, "A": None, "B": 4, "D": None, "E": 5, "F": None, "G": 6}
    assert {names[row.entry.id] for row in standings.rows if row.tied} == {"A", "B", "D", "E", "F", "G"}
    assert {names[row.entry.id] for row in standings.rows if row.needs_decision} == {"E", "G"}


def test_tie_marks_on_the_results_page(client, login, tie_round):
    round_, entries = tie_round
    competition = round_.competition
    login(organiser_of(competition.edition))

    response = client.get(f"/manage/e/{competition.edition.slug}/competitions/{competition.slug}"
                          f"/rounds/{round_.id}/results")

    assert cell(response, f"entry-{entries['B'].id}", "tie") == (
        "= decided by the mean points on the tie-break criterion")
    assert cell(response, f"entry-{entries['E'].id}", "tie") == (
        "= decided by the earlier submission · organisers may decide by hand")
    assert cell(response, f"entry-{entries['G'].id}", "tie") == (
        "= decided by the lower entry number · organisers may decide by hand")
    assert cell(response, f"entry-{entries['A'].id}", "tie") == "="
    assert cell(response, f"entry-{entries['C'].id}", "tie") == ""
    assert "the mean points on the criterion “Team”, higher first;" in response.get_data(as_text=True)


def test_draft_and_incomplete_sheets_are_left_out(example):
    draft = example.sheets[("J3", "E4")]
    draft.status, draft.submitted_at = "draft", None
    incomplete = example.sheets[("J1", "E4")]
    db.session.delete(next(score for score in incomplete.scores if score.criterion.position == 5))
    db.session.commit()

    standings = queries.round_standings(example.round)

    e4 = next(row for row in standings.rows if row.entry.id == example.entries["E4"].id)
    assert e4.result.judge_totals == {example.judges["J2"].id: 40}
    assert standings.incomplete_sheets == 1


def test_entry_without_a_submitted_sheet_is_listed_unranked(example):
    late = make_entry(example.competition, round_=example.round, project_name="Chưa chấm")

    standings = queries.round_standings(example.round)

    assert [row.entry.project for row in standings.rows if row.rank is None] == ["Chưa chấm"]
    assert late.id not in standings.ranking
    assert len(standings.ranking) == 4


def test_a_harsh_judge_is_not_flagged_but_a_contrary_one_is():
    competition = make_competition()
    round_ = make_round(competition)
    judges = {name: make_judge(competition, user=person(name=name)) for name in ("An", "Bình", "Chi", "Dũng")}
    totals = {  # entry: totals by An, Bình (harsh: 20 below An), Chi, Dũng (contrary)
        "E1": (90, 70, 88, 40), "E2": (80, 60, 82, 60), "E3": (60, 40, 58, 80), "E4": (50, 30, 54, 90),
    }
    for name, values in totals.items():
        entry = make_entry(competition, round_=round_, project_name=name)
        for judge, total in zip(judges.values(), values):
            make_assignment(round_, judge, entry, points=(total / 10,) * 6, submitted=True)

    standings = queries.round_standings(round_)

    assert [judge.name for judge in standings.flagged] == ["Dũng"]
    harshness = {judge.name: round(judge.harshness, 2) for judge in standings.judges}
    assert harshness == {"An": 5.5, "Bình": -14.5, "Chi": 6.0, "Dũng": 3.0}  # means 70, 50, 70.5, 67.5 vs 64.5


def test_standings_run_a_fixed_number_of_queries(example, count_queries):
    def statements():
        db.session.expire_all()
        with count_queries() as counter:
            queries.round_standings(example.round)
        return counter["n"]

    small = statements()
    for number in range(20):
        entry = make_entry(example.competition, round_=example.round, project_name=f"Thêm {number}")
        for judge in example.judges.values():
            make_assignment(example.round, judge, entry, points=(number % 10,) * 6, submitted=True)

    assert statements() == small
    assert db.session.query(Score).count() == 9 * 6 + 20 * 3 * 6
