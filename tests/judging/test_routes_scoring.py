"""The score sheet page: who may open it, what it shows (blind or not), refusals, locking, phones, queries."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from app.accounts.models import Role, RoleGrant
from app.extensions import db
from app.judging import services
from app.judging.models import Score, ScoreChange
from tests.events.manage_helpers import login_redirect
from tests.factories import make_edition, make_user
from tests.judging.helpers import (
    JUDGING_CLOSES, JUDGING_OPENS, add_entry, add_judge, build_world, field_error, form_error, input_value,
    page_text, score_data, scored, scores_of,
)

pytestmark = pytest.mark.usefixtures("frozen_time")


@pytest.fixture
def world():
    """Project 1 of the team "Startup 1" (with a member) assigned to judges 1 and 2; judge 3 has Project 2."""
    world = build_world(entries=0, judges=3, k=2)
    add_entry(world, 1, members=(make_user(name="Lê Thành Viên", email="member@startup1.vn", locale="en"),),
              problem="Farmers lose a third of the harvest.", video_url="https://video.example/pitch")
    add_entry(world, 2)
    return world


@pytest.fixture
def sheet(world):
    return services.add_judge_to_entry(world.round, judge=world.judges[0], entry=world.entries[0])


def url(sheet) -> str:
    return f"/judge/assignments/{sheet.id}"


# Permission truth table ----------------------------------------------------------------------------

ROLES = {
    "anonymous": 302,
    "team member": 403,
    "judge assigned": 200,
    "judge not assigned": 403,
    "organiser": 403,
    "other edition's organiser": 403,
    "admin": 403,
}


def person_in(role: str, world, sheet):
    if role == "anonymous":
        return None
    if role == "team member":
        return world.entries[0].organisation.memberships[1].user
    if role == "judge assigned":
        return world.judges[0].user
    if role == "judge not assigned":
        return world.judges[2].user
    if role == "organiser":
        return world.organiser
    if role == "other edition's organiser":
        user = make_user(locale="en")
        db.session.add(RoleGrant(user=user, role=str(Role.ORGANISER), edition_id=make_edition(slug="can-tho").id))
        db.session.commit()
        return user
    return make_user(locale="en", roles=(Role.ADMIN,))


@pytest.mark.parametrize("role", list(ROLES))
def test_score_page_truth_table(client, login, world, sheet, role):
    person = person_in(role, world, sheet)
    if person is not None:
        login(person)

    response = client.get(url(sheet))

    assert response.status_code == ROLES[role]
    if role == "anonymous":
        assert response.location == login_redirect(url(sheet))


@pytest.mark.parametrize("role", [role for role in ROLES if role != "judge assigned"])
def test_scoring_is_refused_to_everyone_but_the_assigned_judge_and_changes_nothing(client, login, world, sheet, role):
    person = person_in(role, world, sheet)
    if person is not None:
        login(person)

    response = client.post(url(sheet), data=score_data(world.round, [8, 7, 6, 9, 5, 7], action="submit"))

    assert response.status_code == ROLES[role]
    assert db.session.scalar(select(func.count()).select_from(Score)) == 0
    assert db.session.scalar(select(func.count()).select_from(ScoreChange)) == 0


def test_a_judge_who_dropped_out_can_no_longer_open_the_sheet(client, login, world, sheet):
    services.set_judge_active(world.judges[0], active=False)
    login(world.judges[0].user)

    assert client.get(url(sheet)).status_code == 403


def test_an_unknown_assignment_is_404(client, login, world):
    login(world.judges[0].user)

    assert client.get("/judge/assignments/999").status_code == 404


# What the page shows -------------------------------------------------------------------------------

def test_the_page_shows_the_entry_the_rubric_and_the_saved_sheet(client, login, world, sheet):
    scored(world, world.judges[0], world.entries[1], points=(1, 1, 1, 1, 1, 1))  # another entry: not shown
    services.save_score_sheet(sheet, points={world.round.criteria[0].id: 8}, comment_for_team="Strong team",
                              private_note="Met them once", submit=False, by=world.judges[0].user)
    login(world.judges[0].user)

    response = client.get(url(sheet))

    text = page_text(response)
    assert response.status_code == 200
    assert "Project 1" in text and "Farmers lose a third of the harvest." in text
    assert 'href="https://video.example/pitch"' in text
    assert re.findall(r'<label class="form-label fw-semibold mb-0" for="criterion_\d+">([^<]+)</label>', text) == [
        "Team", "Problem and solution", "Market and scalability", "Business model and traction",
        "Science and technology", "Social and environmental impact"]
    assert input_value(response, f"criterion_{world.round.criteria[0].id}") == "8"
    assert input_value(response, f"criterion_{world.round.criteria[1].id}") == ""
    assert "Strong team" in text and "Met them once" in text
    assert "0 to 10 points · weight 20%" in text


def test_the_deck_is_shown_inline(client, login, world, sheet, app):
    world.entries[0].deck_path = "private/decks/deck.pdf"
    db.session.commit()
    login(world.judges[0].user)

    body = client.get(url(sheet)).get_data(as_text=True)

    deck = f"/entries/{world.entries[0].id}/deck"
    assert re.search(rf'<iframe src="{deck}" title="Pitch deck of Project 1"', body)
    assert f'<a href="{deck}" target="_blank"' in body


def test_a_judge_never_sees_the_other_judges_scores_or_words(client, login, world, sheet):
    other = scored(world, world.judges[1], world.entries[0], points=(3.5, 3.5, 3.5, 3.5, 3.5, 3.5), submitted=True)
    other.comment_for_team = "Other judge's comment"
    other.private_note = "Other judge's private note"
    db.session.commit()
    login(world.judges[0].user)

    text = page_text(client.get(url(sheet)))

    assert "3.5" not in text
    assert "Other judge" not in text
    assert world.judges[1].user.name not in text


def test_without_blind_judging_the_team_is_shown(client, login, world, sheet):
    login(world.judges[0].user)

    text = page_text(client.get(url(sheet)))

    assert '<span data-field="team">Startup 1</span>' in text
    assert "Lê Thành Viên" in text


def test_blind_judging_hides_the_teams_identity(client, login):
    world = build_world(entries=0, judges=1, blind=True)
    entry = add_entry(world, 1, name="Nông Sản Xanh", members=(make_user(name="Lê Thành Viên", locale="en"),),
                      team_description="Founded by Lê Thành Viên of Nông Sản Xanh", links="https://nongsanxanh.vn",
                      nominated_by="Làng Nông nghiệp")
    sheet = services.add_judge_to_entry(world.round, judge=world.judges[0], entry=entry)
    login(world.judges[0].user)

    body = page_text(client.get(url(sheet)))
    dashboard = page_text(client.get("/judge/"))

    assert "Project 1" in body
    for identifying in ("Nông Sản Xanh", "Lê Thành Viên", "nongsanxanh", "Logo of", entry.organisation.owner.name,
                        'data-field="team"', 'data-field="members"'):
        assert identifying not in body, identifying
        assert identifying not in dashboard, identifying
    assert "Blind judging: the team is not named" in body


def test_the_page_works_on_a_phone(client, login, world, sheet):
    login(world.judges[0].user)

    body = client.get(url(sheet)).get_data(as_text=True)

    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in body
    assert '<div class="mx-auto" style="max-width: 48rem">' in body  # one column
    assert "<table" not in body
    inputs = re.findall(r'<input[^>]*name="criterion_\d+"[^>]*>', body)
    assert len(inputs) == 6
    assert all('class="form-control form-control-lg"' in tag and 'inputmode="decimal"' in tag for tag in inputs)
    bar = re.search(r'<div class="sticky-bottom[^"]*" id="submit-bar">(.*?)</div>', body, re.S).group(1)
    assert re.findall(r'<input class="btn btn-lg[^"]*" id="(\w+)" name="\w+" type="submit" value="([^"]+)">', bar) == [
        ("save", "Save draft"), ("submit", "Submit scores")]


# Saving ----------------------------------------------------------------------------------------

def test_save_a_draft(client, login, world, sheet):
    login(world.judges[0].user)

    response = client.post(url(sheet), data=score_data(world.round, [8, "7,5"], comment="Good", note="Private"))

    assert (response.status_code, response.location) == (302, url(sheet))
    assert scores_of(sheet) == {0: "8", 1: "7.5"}
    db.session.refresh(sheet)
    assert (sheet.status, sheet.comment_for_team, sheet.private_note) == ("draft", "Good", "Private")


def test_submit_goes_back_to_the_dashboard(client, login, world, sheet):
    login(world.judges[0].user)

    response = client.post(url(sheet), data=score_data(world.round, [8, 7, 6, 9, 5, 7], action="submit"))

    assert (response.status_code, response.location) == (302, "/judge/")
    db.session.refresh(sheet)
    assert sheet.status == "submitted"
    assert "Your scores for Project 1 have been submitted." in page_text(client.get("/judge/"))


@pytest.mark.parametrize(("typed", "message"), [
    ("11", "Enter a score from 0 to 10, in steps of 0.5."),
    ("-1", "Enter a score from 0 to 10, in steps of 0.5."),
    ("7.3", "Enter a score from 0 to 10, in steps of 0.5."),
    ("abc", "Not a valid decimal value."),
    ("nan", "Not a valid decimal value."),
])
def test_a_bad_score_is_refused_next_to_its_field_and_the_input_is_kept(client, login, world, sheet, typed, message):
    login(world.judges[0].user)
    third = world.round.criteria[2]

    response = client.post(url(sheet), data=score_data(world.round, [8, 7, typed], comment="Kept comment"))

    assert response.status_code == 422
    assert field_error(response, f"criterion_{third.id}") == message
    assert input_value(response, f"criterion_{third.id}") == typed
    assert input_value(response, f"criterion_{world.round.criteria[0].id}") == "8"
    assert "Kept comment" in page_text(response)
    assert scores_of(sheet) == {}


def test_submitting_an_incomplete_sheet_is_refused_next_to_the_missing_criterion(client, login, world, sheet):
    login(world.judges[0].user)
    last = world.round.criteria[5]

    response = client.post(url(sheet), data=score_data(world.round, [8, 7, 6, 9, 5, ""], action="submit"))

    assert response.status_code == 422
    assert field_error(response, f"criterion_{last.id}") == "Score every criterion before submitting."
    assert input_value(response, f"criterion_{world.round.criteria[4].id}") == "5"
    assert scores_of(sheet) == {}


def test_after_the_window_closes_the_sheet_is_read_only_and_posts_are_409(client, login, world, sheet, frozen_time):
    services.save_score_sheet(sheet, points={world.round.criteria[0].id: 8}, comment_for_team=None, private_note=None,
                              submit=False, by=world.judges[0].user)
    frozen_time(JUDGING_CLOSES)
    login(world.judges[0].user)

    page = client.get(url(sheet))
    post = client.post(url(sheet), data=score_data(world.round, [9, 7, 6, 9, 5, 7], action="submit"))

    body = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Scores are locked: judging of this round has closed." in page_text(page)
    assert "<fieldset disabled>" in body and 'id="submit-bar"' not in body
    assert post.status_code == 409
    assert form_error(post) == "Judging of this round has closed: scores are locked."
    assert scores_of(sheet) == {0: "8"}


def test_before_the_window_opens_the_sheet_is_read_only_and_posts_are_409(client, login, world, sheet, frozen_time):
    frozen_time(JUDGING_OPENS.replace(hour=0))
    login(world.judges[0].user)

    page = client.get(url(sheet))
    post = client.post(url(sheet), data=score_data(world.round, [9]))

    assert "Judging opens" in page_text(page) and "<fieldset disabled>" in page.get_data(as_text=True)
    assert (post.status_code, form_error(post)) == (409, "Judging of this round has not opened yet.")
    assert scores_of(sheet) == {}


# Queries ----------------------------------------------------------------------------------------

def _page_queries(client, count_queries, path) -> int:
    """Statements of one request, from an empty session (as each real request starts)."""
    db.session.expunge_all()
    with count_queries() as counter:
        response = client.get(path)
    assert response.status_code == 200
    return counter["n"]


def _bigger(world, judge, entries: int):
    for number in range(10, 10 + entries):
        entry = add_entry(world, number, members=(make_user(), make_user()))
        scored(world, judge, entry, submitted=number % 2 == 0)


def test_the_dashboard_runs_the_same_queries_for_2_and_30_assignments(client, login, count_queries):
    world = build_world(entries=0, judges=1, k=1)
    other = build_world(entries=0, judges=0, slug="can-tho")
    judge = world.judges[0]
    _bigger(world, judge, 2)
    login(judge.user)
    small = _page_queries(client, count_queries, "/judge/")

    judge = db.session.merge(judge)
    _bigger(world, judge, 28)
    _bigger(other, add_judge(other, 1, user=judge.user), 5)
    large = _page_queries(client, count_queries, "/judge/")

    assert small == large == 6


def test_the_score_page_runs_the_same_queries_for_small_and_large_entries(client, login, count_queries):
    world = build_world(entries=0, judges=1, k=1)
    small_entry = add_entry(world, 1)
    large_entry = add_entry(world, 2, members=tuple(make_user() for _ in range(12)))
    small = services.add_judge_to_entry(world.round, judge=world.judges[0], entry=small_entry)
    large = scored(world, world.judges[0], large_entry, submitted=False)
    login(world.judges[0].user)
    small_url, large_url = url(small), url(large)

    assert _page_queries(client, count_queries, small_url) == _page_queries(client, count_queries, large_url) == 8
