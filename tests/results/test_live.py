"""The live final: the big-screen page and its JSON feed, reveal and hide, pitch order, query counts."""
import re

import pytest

from app.extensions import db
from app.results import services
from tests.factories import make_assignment, make_edition, make_entry
from tests.results.helpers import live_url, results_url

SCORE_WORDS = ("score", "rank", "standings", "corrected", "raw", "73.5", "81")


@pytest.fixture
def final(example):
    """E1, E2 and E4 in the final; three judges; J1 and J2 have submitted for E1, J1 for E2."""
    services.advance_selected(example.round, [example.entries[key].id for key in ("E1", "E2", "E4")])
    final = example.final
    for key in ("J1", "J2", "J3"):
        for entry, points in (("E1", (9,) * 6), ("E2", (7,) * 6), ("E4", (8,) * 6)):
            submitted = (key, entry) in {("J1", "E1"), ("J2", "E1"), ("J1", "E2")}
            make_assignment(final, example.judges[key], example.entries[entry], points=points, submitted=submitted)
    return example


def board(client, example):
    response = client.get(live_url(example, suffix="live.json"))
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    return response


def test_json_before_reveal_has_no_scores_nor_ranks(client, final):
    response = board(client, final)

    data = response.get_json()
    assert data == {
        "round": {"id": final.final.id, "name": "Chung kết"},
        "revealed": False,
        "finalists": [
            {"order": None, "project": "Cảng Thông Minh", "team": "Công ty Cảng Thông Minh", "submitted": 2,
             "assigned": 3},
            {"order": None, "project": "Nông Sản Xanh", "team": "Công ty Nông Sản Xanh", "submitted": 1, "assigned": 3},
            {"order": None, "project": "Y Tế Số", "team": "Công ty Y Tế Số", "submitted": 0, "assigned": 3},
        ],
    }
    text = response.get_data(as_text=True)
    for word in SCORE_WORDS:
        assert word not in text


def test_json_after_reveal_shows_standings(client, final):
    services.reveal_standings(final.final, revealed=True)

    data = board(client, final).get_json()

    assert data["revealed"] is True
    assert data["method"] == "corrected"
    # J1 gave E1 90 and E2 70 (z +0.7071, −0.7071); J2 only E1 (z 0). Overall mean 83.3333, sd 11.5470.
    assert data["standings"] == [
        {"rank": 1, "project": "Cảng Thông Minh", "team": "Công ty Cảng Thông Minh", "score": 87.42, "judges": 2},
        {"rank": 2, "project": "Nông Sản Xanh", "team": "Công ty Nông Sản Xanh", "score": 75.17, "judges": 1},
    ]


def test_hiding_again_removes_the_scores(client, final):
    services.reveal_standings(final.final, revealed=True)
    services.reveal_standings(final.final, revealed=False)

    data = board(client, final).get_json()

    assert "standings" not in data
    assert data["revealed"] is False


def test_live_page_renders_pitch_order_and_waits_for_reveal(client, final):
    client.set_cookie("techfest_locale", "en")  # the assertions read the English labels
    services.set_pitch_order(final.final, {place.id: order for place, order in zip(
        sorted(final.final.participations, key=lambda p: p.entry_id), (3, 1, 2))})

    response = client.get(live_url(final))

    assert response.status_code == 200
    body = response.get_data(as_text=True)
    finalists = re.search(r'<ol class="leaderboard-list" id="finalists">(.*?)</ol>', body, re.S).group(1)
    assert re.findall(r'<span class="leaderboard-name">([^<]+)</span>', finalists) == [
        "Nông Sản Xanh", "Y Tế Số", "Cảng Thông Minh"]
    assert "2 of 3 judges have scored" in finalists
    assert 'id="standings" hidden' in body
    assert '<span class="leaderboard-score">' not in body
    assert f'data-source="{live_url(final, suffix="live.json")}"' in body
    assert "/static/leaderboard.js" in body
    assert 'data-label-judges="{submitted} of {assigned} judges have scored"' in body


def test_live_page_after_reveal_shows_scores(client, final):
    services.reveal_standings(final.final, revealed=True)

    body = client.get(live_url(final)).get_data(as_text=True)

    assert re.findall(r'<span class="leaderboard-score">([^<]+)</span>', body) == ["87,42", "75,17"]


def test_live_updates_when_a_judge_submits(client, final):
    services.reveal_standings(final.final, revealed=True)
    before = board(client, final).get_json()

    from app.judging.models import Assignment

    sheet = db.session.scalar(db.select(Assignment).where(Assignment.round_id == final.final.id,
                                                          Assignment.judge_id == final.judges["J3"].id,
                                                          Assignment.entry_id == final.entries["E4"].id))
    sheet.status = "submitted"
    db.session.commit()
    after = board(client, final).get_json()

    assert [row["project"] for row in before["standings"]] == ["Cảng Thông Minh", "Nông Sản Xanh"]
    # J3's only sheet (E4: 80) has z = 0, so E4 sits at the new overall mean, 82.5, above E2.
    assert [row["project"] for row in after["standings"]] == ["Cảng Thông Minh", "Y Tế Số", "Nông Sản Xanh"]
    assert after["standings"][1]["score"] == 82.5
    assert after["finalists"][2]["submitted"] == 1


def test_draft_edition_live_page_is_hidden(client, login, final):
    final.edition.status = "draft"
    db.session.commit()

    assert client.get(live_url(final)).status_code == 404
    assert client.get(live_url(final, suffix="live.json")).status_code == 404
    login(final.organiser)
    assert client.get(live_url(final)).status_code == 200


def test_round_of_another_competition_is_404(client, final):
    from tests.factories import make_competition, make_round

    other = make_round(make_competition(final.edition))

    assert client.get(live_url(final, other)).status_code == 404
    assert client.get(f"/e/{final.edition.slug}/competitions/nope/rounds/{final.final.id}/live").status_code == 404


@pytest.mark.parametrize("revealed", [False, True])
def test_live_queries_do_not_grow_with_finalists(client, count_queries, final, revealed):
    services.reveal_standings(final.final, revealed=revealed)

    def statements(url):
        db.session.expire_all()
        with count_queries() as counter:
            assert client.get(url).status_code == 200
        return counter["n"]

    small = (statements(live_url(final)), statements(live_url(final, suffix="live.json")))
    from app.competitions.models import RoundEntry

    for number in range(15):
        entry = make_entry(final.competition, project_name=f"Đội {number}")
        db.session.add(RoundEntry(round=final.final, entry=entry, pitch_order=number + 10))
        for judge in final.judges.values():
            make_assignment(final.final, judge, entry, points=(number % 10,) * 6, submitted=number % 2 == 0)
    db.session.commit()

    assert (statements(live_url(final)), statements(live_url(final, suffix="live.json"))) == small
    assert small[1] <= 12


# --- the organiser's controls -------------------------------------------------------------------

def control_url(example, suffix="live-control"):
    return results_url(example, example.final, suffix)


def test_control_page_lists_finalists_and_state(client, login, final):
    login(final.organiser)

    response = client.get(control_url(final))

    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "Standings hidden" in body
    assert "Reveal the standings" in body
    assert body.count('name="slots-') == 6  # a place id and an order per finalist


def test_reveal_and_hide_buttons(client, login, final):
    login(final.organiser)

    response = client.post(control_url(final, "live-control/reveal"), data={"revealed": "1"})

    assert response.status_code == 302
    db.session.refresh(final.final)
    assert final.final.standings_revealed is True
    assert "standings" in board(client, final).get_json()
    client.post(control_url(final, "live-control/reveal"), data={"revealed": "0"})
    db.session.refresh(final.final)
    assert final.final.standings_revealed is False


def test_reveal_needs_a_known_value(client, login, final):
    login(final.organiser)

    assert client.post(control_url(final, "live-control/reveal"), data={"revealed": "maybe"}).status_code == 400


def test_pitch_order_form(client, login, final):
    login(final.organiser)
    places = sorted(final.final.participations, key=lambda p: p.entry_id)
    data = {}
    for index, (place, order) in enumerate(zip(places, ("2", "3", "1"))):
        data[f"slots-{index}-place_id"] = str(place.id)
        data[f"slots-{index}-order"] = order

    response = client.post(control_url(final, "live-control/pitch-order"), data=data)

    assert response.status_code == 302
    projects = [f["project"] for f in board(client, final).get_json()["finalists"]]
    assert projects == ["Y Tế Số", "Cảng Thông Minh", "Nông Sản Xanh"]


def test_pitch_order_refuses_two_entries_in_one_place(client, login, final):
    login(final.organiser)
    places = sorted(final.final.participations, key=lambda p: p.entry_id)
    data = {}
    for index, (place, order) in enumerate(zip(places, ("1", "1", "2"))):
        data[f"slots-{index}-place_id"] = str(place.id)
        data[f"slots-{index}-order"] = order

    response = client.post(control_url(final, "live-control/pitch-order"), data=data)

    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "Two entries cannot pitch in the same place." in body
    assert 'id="slots-1-order" max="999" min="1" name="slots-1-order" type="number" value="1"' in body


def test_pitch_order_refuses_a_negative_place(client, login, final):
    login(final.organiser)
    place = sorted(final.final.participations, key=lambda p: p.entry_id)[0]

    response = client.post(control_url(final, "live-control/pitch-order"),
                           data={"slots-0-place_id": str(place.id), "slots-0-order": "-1"})

    assert response.status_code == 422
    assert "Enter a number between 1 and 999." in response.get_data(as_text=True)


def test_other_edition_organiser_cannot_reveal(client, login, final):
    from tests.results.helpers import organiser_of

    login(organiser_of(make_edition()))

    response = client.post(control_url(final, "live-control/reveal"), data={"revealed": "1"})

    assert response.status_code == 403
    db.session.refresh(final.final)
    assert final.final.standings_revealed is False


def test_a_judge_sees_nothing_more_than_the_public(client, login, final):
    login(final.judges["J1"].user)

    data = board(client, final).get_json()

    assert "standings" not in data
    assert client.get(control_url(final)).status_code == 403
