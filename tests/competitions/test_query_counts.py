"""The screening list and the other competition pages run the same number of SQL statements for few and many entries."""
from types import SimpleNamespace

import pytest

from app.competitions.models import Entry, EntryImage, RoundEntry
from app.extensions import db
from tests.competitions.helpers import build_world
from tests.factories import make_organisation, make_province, make_user


@pytest.fixture
def ids():
    """The ids of a built world: each measured request starts from an empty session, as in production."""
    world = build_world()
    return SimpleNamespace(competition=world.competition.id, tracks=[t.id for t in world.tracks],
                           screening=world.screening.id, final=world.final.id, entry=world.entry.id,
                           people={role: user for role, user in world.people.items()},
                           owner=world.owner)


def add_entries(ids, count: int) -> None:
    """``count`` entries from teams in two provinces, across both tracks, with images and a first-round seat."""
    provinces = [make_province().id, make_province(code="can-tho", name_vi="Cần Thơ", name_en="Can Tho").id]
    owner = make_user()
    for n in range(count):
        team = make_organisation(owner, name=f"Đội {n}", province_id=provinces[n % 2])
        entry = Entry(competition_id=ids.competition, organisation_id=team.id, project_name=f"Dự án {n}",
                      status=("submitted", "draft", "withdrawn")[n % 3], track_id=ids.tracks[n % 2],
                      problem="Vấn đề" if n % 2 else None, deck_path="private/decks/x.pdf" if n % 4 else None)
        entry.images = [EntryImage(path=f"private/entries/{n}-{i}.png") for i in range(n % 3)]
        entry.participations = [RoundEntry(round_id=ids.screening)]
        db.session.add(entry)
    db.session.commit()


def queries_for(client, count_queries, url: str) -> int:
    db.session.commit()
    db.session.expunge_all()  # start from an empty identity map, as a real request does
    with count_queries() as counter:
        response = client.get(url)
    assert response.status_code == 200
    db.session.expunge_all()
    return counter["n"]


PAGES = [
    "/manage/e/hai-phong/competitions/talent/entries",
    "/manage/e/hai-phong/competitions/talent/entries?status=submitted&completeness=incomplete&province={province}",
    "/manage/e/hai-phong/competitions/talent/",
    "/manage/e/hai-phong/competitions/",
    "/e/hai-phong/competitions/talent/",
]


@pytest.mark.parametrize("page", PAGES)
def test_organiser_pages_query_count_does_not_grow_with_entries(client, login, count_queries, ids, page):
    login(ids.people["organiser of the edition"])
    add_entries(ids, 3)
    url = page.format(province=make_province().id)
    few = queries_for(client, count_queries, url)

    add_entries(ids, 30)
    many = queries_for(client, count_queries, url)

    assert few == many


def test_screening_list_runs_a_fixed_small_number_of_queries(client, login, count_queries, ids):
    login(ids.people["organiser of the edition"])
    add_entries(ids, 40)

    assert queries_for(client, count_queries, "/manage/e/hai-phong/competitions/talent/entries") <= 14


@pytest.mark.parametrize("who", ["own team owner", "organiser of the edition"])
def test_entry_pages_query_count_does_not_grow_with_images_and_rounds(client, login, count_queries, ids, who):
    login(ids.people[who])
    entry = db.session.get(Entry, ids.entry)
    entry.images = [EntryImage(path="private/entries/0.png")]
    entry.participations = [RoundEntry(round_id=ids.screening)]
    db.session.commit()
    url = (f"/entries/{ids.entry}" if who == "own team owner"
           else f"/manage/e/hai-phong/competitions/talent/entries/{ids.entry}")
    few = queries_for(client, count_queries, url)

    entry = db.session.get(Entry, ids.entry)
    entry.images += [EntryImage(path=f"private/entries/{n}.png") for n in range(1, 5)]
    entry.participations.append(RoundEntry(round_id=ids.final))
    db.session.commit()
    many = queries_for(client, count_queries, url)

    assert few == many
