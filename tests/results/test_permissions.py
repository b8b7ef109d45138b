"""Who may see and decide results: truth tables over every results page and action."""
from urllib.parse import quote

import pytest

from app.accounts.models import Role
from app.competitions.models import Award
from app.extensions import db
from app.results import permissions, services
from tests.factories import make_edition
from tests.results.helpers import live_url, organiser_of, person, results_url

PEOPLE = ["anonymous", "team_member", "judge", "organiser", "other_organiser", "admin"]


@pytest.fixture
def people(example):
    return {
        "anonymous": None,
        "team_member": example.members["E1"][1],
        "judge": example.judges["J1"].user,
        "organiser": example.organiser,
        "other_organiser": organiser_of(make_edition()),
        "admin": person(roles=(Role.ADMIN,)),
    }


def manage_base(example):
    return f"/manage/e/{example.edition.slug}/competitions/{example.competition.slug}"


def organiser_pages(example, award_id):
    base = manage_base(example)
    return [f"{base}/results", results_url(example), results_url(example, suffix="results/scores.csv"),
            results_url(example, suffix="results/rankings.xlsx"), results_url(example, example.final, "live-control"),
            f"{base}/awards", f"{base}/awards/{award_id}/edit", f"{base}/entries.csv"]


GET_STATUS = {"anonymous": 302, "team_member": 403, "judge": 403, "organiser": 200, "other_organiser": 403,
              "admin": 200}


@pytest.mark.parametrize("who", PEOPLE)
def test_organiser_pages(client, login, example, people, who):
    award = services.create_award(example.competition, title_vi="Giải Nhất", title_en="First prize",
                                  entry_id=example.entries["E1"].id, track_id=None, village_id=None, position=1)
    if people[who] is not None:
        login(people[who])

    for url in organiser_pages(example, award.id):
        response = client.get(url)
        assert (url, response.status_code) == (url, GET_STATUS[who])
        if who == "anonymous":
            assert response.location == "/account/login?next=" + quote(url, safe="/")


def actions(example):
    """(url, form data, check that the action took effect)."""
    final = example.final

    def method_changed():
        db.session.expire_all()
        return example.round.ranking_method == "raw"

    def advanced():
        db.session.expire_all()
        return bool(final.participations)

    def revealed():
        db.session.expire_all()
        return final.standings_revealed

    def awarded():
        return db.session.query(Award).count() == 1

    return {
        "method": (results_url(example, suffix="results/method"), {"method": "raw"}, method_changed),
        "advance": (results_url(example, suffix="results/advance-top"), {"top-count": "1"}, advanced),
        "reveal": (results_url(example, final, "live-control/reveal"), {"revealed": "1"}, revealed),
        "award": (f"{manage_base(example)}/awards", {
            "title_vi": "Giải Nhất", "title_en": "First prize", "entry_id": str(example.entries["E1"].id),
            "position": "1"}, awarded),
    }


POST_STATUS = {"anonymous": 302, "team_member": 403, "judge": 403, "organiser": 302, "other_organiser": 403,
               "admin": 302}


@pytest.mark.parametrize("action", ["method", "advance", "reveal", "award"])
@pytest.mark.parametrize("who", PEOPLE)
def test_organiser_actions(client, login, example, people, who, action):
    url, data, took_effect = actions(example)[action]
    if people[who] is not None:
        login(people[who])

    response = client.post(url, data=data)

    assert response.status_code == POST_STATUS[who]
    assert took_effect() == (who in ("organiser", "admin"))


@pytest.mark.parametrize("who", PEOPLE)
def test_publish_action(client, login, example, people, who):
    services.advance_top(example.round, count=2, per_track=False)
    if people[who] is not None:
        login(people[who])

    response = client.post(results_url(example, suffix="results/publish"), data={})

    assert response.status_code == POST_STATUS[who]
    db.session.expire_all()
    assert example.round.is_published == (who in ("organiser", "admin"))


@pytest.mark.parametrize("who", PEOPLE)
def test_live_board_is_public_and_shows_no_scores_before_reveal(client, login, example, people, who):
    if people[who] is not None:
        login(people[who])

    page = client.get(live_url(example))
    feed = client.get(live_url(example, suffix="live.json"))

    assert (page.status_code, feed.status_code) == (200, 200)
    assert "standings" not in feed.get_json()


@pytest.mark.parametrize(("who", "allowed"), [
    ("anonymous", False), ("team_member", False), ("judge", False), ("organiser", True),
    ("other_organiser", False), ("admin", True),
])
def test_can_manage_results(example, people, who, allowed):
    from flask_login import AnonymousUserMixin

    user = people[who] or AnonymousUserMixin()

    assert permissions.can_manage_results(user, example.round) is allowed
    assert permissions.can_watch_live(user, example.round) is True


def test_round_of_another_competition_or_edition_is_404(client, login, example):
    from tests.factories import make_competition, make_round

    login(example.organiser)
    elsewhere = make_round(make_competition(example.edition))
    foreign_edition = make_edition(organisers=(example.organiser,))
    foreign = make_round(make_competition(foreign_edition))

    assert client.get(results_url(example, elsewhere)).status_code == 404
    assert client.get(results_url(example, foreign)).status_code == 404
    assert client.get(f"/manage/e/{example.edition.slug}/competitions/nope/results").status_code == 404
    assert client.get("/manage/e/nope/competitions/x/results").status_code == 404
