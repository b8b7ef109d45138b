"""Advancing entries to the next round: top N overall or per track, or hand-picked; refusals."""
import pytest
from flask_babel import force_locale

from app.competitions.models import Track
from app.extensions import db
from app.results import services
from tests.results.helpers import outcomes, places, results_url


def english(error) -> str:
    with force_locale("en"):
        return str(error)


def ids(example, *keys):
    return {example.entries[key].id for key in keys}


def test_top_two_overall_by_the_corrected_result(example):
    chosen = services.advance_top(example.round, count=2, per_track=False)

    assert set(chosen) == ids(example, "E2", "E1")
    assert outcomes(example.round) == {example.entries["E1"].id: "advanced", example.entries["E2"].id: "advanced",
                                       example.entries["E3"].id: "eliminated", example.entries["E4"].id: "eliminated"}
    assert places(example.final) == ids(example, "E1", "E2")
    assert (example.round.advance_count, example.round.advance_per_track) == (2, False)


def test_top_two_overall_by_the_raw_mean(example):
    services.set_ranking_method(example.round, "raw")

    chosen = services.advance_top(example.round, count=2, per_track=False)

    assert set(chosen) == ids(example, "E1", "E3")


def test_top_one_per_track(example):
    ideas = Track(competition=example.competition, name_vi="Ý tưởng", name_en="Idea", position=1)
    projects = Track(competition=example.competition, name_vi="Dự án", name_en="Project", position=2)
    db.session.add_all([ideas, projects])
    db.session.flush()
    for key, track in (("E1", ideas), ("E3", ideas), ("E2", projects), ("E4", projects)):
        example.entries[key].track_id = track.id
    db.session.commit()

    chosen = services.advance_top(example.round, count=1, per_track=True)

    # Corrected ranking E2, E1, E4, E3: the best idea is E1, the best project E2.
    assert set(chosen) == ids(example, "E1", "E2")
    services_ranked = services.advance_top(example.round, count=2, per_track=True)
    assert set(services_ranked) == ids(example, "E1", "E2", "E3", "E4")


def test_withdrawn_and_ineligible_entries_never_advance_by_rank(example):
    example.entries["E2"].status = "withdrawn"
    example.entries["E1"].eligibility = "ineligible"
    db.session.commit()

    chosen = services.advance_top(example.round, count=2, per_track=False)

    assert set(chosen) == ids(example, "E4", "E3")


def test_hand_picked_entries(example):
    chosen = services.advance_selected(example.round, [example.entries["E3"].id, example.entries["E4"].id])

    assert set(chosen) == ids(example, "E3", "E4")
    assert places(example.final) == ids(example, "E3", "E4")
    assert outcomes(example.round)[example.entries["E2"].id] == "eliminated"


def test_deciding_again_before_publication_moves_the_places(example):
    services.advance_top(example.round, count=2, per_track=False)

    services.advance_selected(example.round, [example.entries["E4"].id])

    assert places(example.final) == ids(example, "E4")
    assert sorted(outcomes(example.round).values()) == ["advanced", "eliminated", "eliminated", "eliminated"]


def test_an_entry_scored_but_without_a_place_gets_one(example):
    from app.competitions.models import RoundEntry

    place = db.session.scalar(db.select(RoundEntry).where(RoundEntry.round_id == example.round.id,
                                                          RoundEntry.entry_id == example.entries["E3"].id))
    db.session.delete(place)
    db.session.commit()

    services.advance_top(example.round, count=1, per_track=False)

    assert outcomes(example.round)[example.entries["E3"].id] == "eliminated"


def test_incomplete_judging_is_refused_unless_confirmed(example):
    sheet = example.sheets[("J3", "E4")]
    sheet.status = "draft"
    db.session.commit()

    with pytest.raises(services.IncompleteJudging) as refused:
        services.advance_top(example.round, count=2, per_track=False)

    assert english(refused.value) == ("Judging is not complete: 1 of 9 score sheets are not submitted. "
                                      "Tick the box to decide anyway.")
    assert refused.value.field == "confirm_incomplete"
    db.session.rollback()
    assert places(example.final) == set()
    chosen = services.advance_top(example.round, count=2, per_track=False, confirm_incomplete=True)
    assert len(chosen) == 2


@pytest.mark.parametrize(("entry_ids", "message"), [
    ([], "Tick the entries that advance."),
    ([999999], "Entry 999999 does not take part in this round."),
])
def test_hand_picked_refusals(example, entry_ids, message):
    with pytest.raises(services.ResultsError) as refused:
        services.advance_selected(example.round, entry_ids)

    assert english(refused.value) == message


def test_a_withdrawn_entry_cannot_be_hand_picked(example):
    example.entries["E3"].status = "withdrawn"
    db.session.commit()

    with pytest.raises(services.ResultsError) as refused:
        services.advance_selected(example.round, [example.entries["E3"].id])

    assert english(refused.value) == "Học Vui is withdrawn or not eligible: it cannot advance."


def test_the_last_round_has_nobody_to_advance(example):
    with pytest.raises(services.ResultsError) as refused:
        services.advance_top(example.final, count=1, per_track=False)

    assert english(refused.value) == "This is the last round: nobody advances from it. Record the awards instead."


def test_decisions_are_frozen_once_published(example):
    services.advance_top(example.round, count=2, per_track=False)
    services.publish_results(example.round)

    with pytest.raises(services.ResultsPublished):
        services.advance_selected(example.round, [example.entries["E4"].id])
    with pytest.raises(services.ResultsPublished):
        services.set_ranking_method(example.round, "raw")


def test_submitted_scores_alone_decide_nothing(example):
    assert set(outcomes(example.round).values()) == {"pending"}
    assert places(example.final) == set()


# --- through the page --------------------------------------------------------------------------

def test_advance_top_button(client, login, example):
    login(example.organiser)

    response = client.post(results_url(example, suffix="results/advance-top"), data={"top-count": "3"})

    assert response.status_code == 302
    assert response.location == results_url(example)
    assert places(example.final) == ids(example, "E2", "E1", "E4")
    page = client.get(results_url(example)).get_data(as_text=True)
    assert "3 entries advance." in page


def test_advance_selected_button(client, login, example):
    login(example.organiser)

    response = client.post(results_url(example, suffix="results/advance-selected"),
                           data={"selected-entry_ids": [str(example.entries["E3"].id)]})

    assert response.status_code == 302
    assert places(example.final) == ids(example, "E3")


def test_refusal_is_shown_next_to_the_confirmation_box_with_409(client, login, example):
    example.sheets[("J1", "E1")].status = "draft"
    db.session.commit()
    login(example.organiser)

    response = client.post(results_url(example, suffix="results/advance-top"),
                           data={"top-count": "2", "top-per_track": "y"})

    assert response.status_code == 409
    body = response.get_data(as_text=True)
    assert ('<div id="top-confirm_incomplete-error" class="invalid-feedback d-block">Judging is not complete: '
            '1 of 9 score sheets are not submitted. Tick the box to decide anyway.</div>') in body
    assert 'id="top-count" max="10000" min="1" name="top-count" required type="number" value="2"' in body
    assert 'id="top-per_track" name="top-per_track" type="checkbox" value="y"' in body
    assert places(example.final) == set()


def test_invalid_count_is_422(client, login, example):
    login(example.organiser)

    response = client.post(results_url(example, suffix="results/advance-top"), data={"top-count": "0"})

    assert response.status_code == 422
    assert "Enter a number between 1 and 10000." in response.get_data(as_text=True)


def test_hand_pick_of_nothing_is_refused(client, login, example):
    login(example.organiser)

    response = client.post(results_url(example, suffix="results/advance-selected"), data={})

    assert response.status_code == 400
    assert "Tick the entries that advance." in response.get_data(as_text=True)
