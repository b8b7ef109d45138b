"""The organiser's results pages: ranking method, track filter, agreement, judges, overview, query counts."""
import pytest

from app.competitions.models import Track
from app.extensions import db
from app.results import services
from tests.factories import make_assignment, make_entry, make_judge
from tests.results.helpers import cell, page_text, results_url, row_ids


@pytest.fixture
def signed_in(client, login, example):
    login(example.organiser)
    return example


def ranked_projects(response) -> list[str]:
    return [cell(response, row, "project") for row in row_ids(response, "ranking")]


def test_switch_to_the_raw_mean(client, signed_in):
    response = client.post(results_url(signed_in, suffix="results/method"), data={"method": "raw"})

    assert response.status_code == 302
    db.session.refresh(signed_in.round)
    assert signed_in.round.ranking_method == "raw"
    page = client.get(results_url(signed_in))
    assert ranked_projects(page) == ["Cảng Thông Minh", "Học Vui", "Nông Sản Xanh", "Y Tế Số"]
    assert "The round is now ranked by: Raw mean." in page_text(page)
    assert "Ranked by the raw mean; raw and bias-corrected results side by side." in page_text(page)


def test_unknown_method_is_422_and_keeps_the_method(client, signed_in):
    response = client.post(results_url(signed_in, suffix="results/method"), data={"method": "median"})

    assert response.status_code == 422
    assert "Not a valid choice." in response.get_data(as_text=True)
    db.session.refresh(signed_in.round)
    assert signed_in.round.ranking_method == "corrected"


def test_method_cannot_change_after_publication(client, signed_in):
    services.advance_top(signed_in.round, count=2, per_track=False)
    services.publish_results(signed_in.round)

    response = client.post(results_url(signed_in, suffix="results/method"), data={"method": "raw"})

    assert response.status_code == 409
    assert ('<div id="method-error" class="invalid-feedback d-block">The results of this round are published: '
            'its ranking can no longer change.</div>') in response.get_data(as_text=True)


def test_filter_by_track(client, signed_in):
    idea = Track(competition=signed_in.competition, name_vi="Ý tưởng", name_en="Idea", position=1)
    db.session.add(idea)
    db.session.flush()
    signed_in.entries["E3"].track_id = signed_in.entries["E1"].track_id = idea.id
    db.session.commit()

    everything = client.get(results_url(signed_in))
    ideas = client.get(results_url(signed_in) + f"?track={idea.id}")
    nonsense = client.get(results_url(signed_in) + "?track=abc")

    assert ranked_projects(everything) == ["Nông Sản Xanh", "Cảng Thông Minh", "Y Tế Số", "Học Vui"]
    assert ranked_projects(ideas) == ["Cảng Thông Minh", "Học Vui"]
    assert [cell(ideas, row, "rank") for row in row_ids(ideas, "ranking")] == ["2", "4"]
    assert [cell(ideas, row, "track-rank") for row in row_ids(ideas, "ranking")] == ["1", "2"]
    assert cell(ideas, row_ids(ideas, "ranking")[0], "track") == "Idea"
    assert ranked_projects(nonsense) == ranked_projects(everything)


def test_agreement_and_flagged_judges_are_shown(client, signed_in):
    response = client.get(results_url(signed_in))

    text = page_text(response)
    assert "Agreement between judges (Krippendorff's alpha, interval) -0.50" in text
    assert ("Systematic disagreement: judges differ more on the same entry than across entries "
            "(often harsh and lenient judges; the bias-corrected result compensates).") in text
    assert "Flagged for review: Tanaka Yuki (r = -0.10), Vũ Đức Thắng (r = -0.87), Kim Min-jun (r = -0.97)" in text
    assert cell(response, f"judge-{signed_in.judges['J2'].id}", "harshness") == "-16.00"
    assert cell(response, f"judge-{signed_in.judges['J1'].id}", "harshness") == "+14.00"
    assert cell(response, f"judge-{signed_in.judges['J1'].id}", "mean") == "80.00"


def test_progress_and_the_confirmation_box(client, signed_in):
    signed_in.sheets[("J1", "E1")].status = "draft"
    db.session.commit()

    response = client.get(results_url(signed_in))

    assert "8 of 9 score sheets submitted" in page_text(response)
    assert 'name="top-confirm_incomplete"' in response.get_data(as_text=True)


def test_decisions_hidden_once_published(client, signed_in):
    services.advance_top(signed_in.round, count=2, per_track=False)
    services.publish_results(signed_in.round)

    response = client.get(results_url(signed_in))

    body = response.get_data(as_text=True)
    assert "advance-top" not in body
    assert "results/publish" not in body
    assert "decisions can no longer change" in page_text(response)
    assert cell(response, f"entry-{signed_in.entries['E1'].id}", "outcome") == "Advances"
    assert cell(response, f"entry-{signed_in.entries['E3'].id}", "outcome") == "Does not advance"


def test_hand_pick_checkboxes_are_pre_ticked(client, signed_in):
    services.advance_selected(signed_in.round, [signed_in.entries["E3"].id])

    body = client.get(results_url(signed_in)).get_data(as_text=True)

    assert (f'<input aria-label="Học Vui advances" checked class="form-check-input" form="advance-selected" '
            f'id="selected-entry_ids-3" name="selected-entry_ids" type="checkbox" value="{signed_in.entries["E3"].id}">'
            ) in body


def test_the_last_round_offers_publication_only(client, signed_in):
    response = client.get(results_url(signed_in, signed_in.final))

    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "advance-top" not in body
    assert 'name="publish-confirm_incomplete"' in body
    assert "No entry takes part in this round yet." in page_text(response)


def test_overview_lists_rounds(client, signed_in):
    services.advance_top(signed_in.round, count=2, per_track=False)

    response = client.get(f"/manage/e/{signed_in.edition.slug}/competitions/{signed_in.competition.slug}/results")

    text = page_text(response)
    assert "Online screening Online screening 9 of 9 submitted 2 Not published" in text
    assert "Grand final Final pitch 0 of 0 submitted 0 Not published" in text


def test_results_page_queries_do_not_grow(client, signed_in, count_queries):
    url = results_url(signed_in)

    def statements():
        db.session.expire_all()
        with count_queries() as counter:
            assert client.get(url).status_code == 200
        return counter["n"]

    small = statements()
    judges = [make_judge(signed_in.competition) for _ in range(3)]
    for number in range(25):
        entry = make_entry(signed_in.competition, round_=signed_in.round, project_name=f"Dự án {number}")
        for judge in judges:
            make_assignment(signed_in.round, judge, entry, points=((number + judge.id) % 11,) * 6, submitted=True)

    assert statements() == small
    assert small <= 20
