"""Organisers' stall list: figures, featuring stalls, taking them down and putting them back."""
from datetime import date
from types import SimpleNamespace

import pytest

from app.accounts.models import Role
from app.extensions import db
from app.stalls import services
from app.stalls.models import Stall, StallVisit
from tests.factories import make_edition, make_lead, make_organisation, make_stall
from tests.stalls.helpers import element_text, page_text, person


@pytest.fixture
def world():
    organiser, other_organiser = person(), person()
    edition = make_edition(organisers=(organiser,))
    make_edition(organisers=(other_organiser,))
    owner = person()
    stall = make_stall(edition, organisation=make_organisation(owner, name="Mekong Drone"))
    return SimpleNamespace(edition=edition, stall=stall, url=f"/manage/e/{edition.slug}/stalls",
                           people={"organiser": organiser, "other_organiser": other_organiser, "owner": owner,
                                   "admin": person(roles=(Role.ADMIN,)), "anonymous": None})


def as_(client, login, world, who):
    if world.people[who] is not None:
        login(world.people[who])
    client.set_cookie("techfest_locale", "en")


def fresh(stall) -> Stall:
    db.session.expire_all()
    return db.session.get(Stall, stall.id)


@pytest.mark.parametrize(("who", "status"), [("organiser", 200), ("admin", 200), ("other_organiser", 403),
                                             ("owner", 403), ("anonymous", 302)])
def test_stall_list_access(client, login, world, who, status):
    as_(client, login, world, who)
    assert client.get(world.url).status_code == status


@pytest.mark.parametrize(("who", "status"), [("other_organiser", 403), ("owner", 403), ("anonymous", 302)])
@pytest.mark.parametrize("action", ["feature", "unfeature", "hide", "unhide"])
def test_stall_actions_are_for_the_editions_organisers(client, login, world, who, status, action):
    as_(client, login, world, who)
    response = client.post(f"{world.url}/{world.stall.id}/{action}", data={"position": 1, "reason": "Spam"})
    stall = fresh(world.stall)
    assert (response.status_code, stall.is_featured, stall.is_hidden) == (status, False, False)


def test_stall_list_shows_views_leads_and_state(client, login, world):
    as_(client, login, world, "organiser")
    hidden = make_stall(world.edition, organisation=make_organisation(name="Bị Ẩn"), is_hidden=True,
                        hidden_reason="Spam")
    for number in range(3):
        db.session.add(StallVisit(stall_id=world.stall.id, day=date(2026, 12, 1), visitor_key=f"{number:064d}"))
    db.session.commit()
    make_lead(world.stall)
    response = client.get(world.url)
    assert element_text(response, f"stall-row-{world.stall.id}").startswith("Mekong Drone Analytics · Edit 3 1")
    assert "Taken down Spam Put back online" in element_text(response, f"stall-row-{hidden.id}")


def test_stall_list_search(client, login, world):
    as_(client, login, world, "organiser")
    other = make_stall(world.edition, organisation=make_organisation(name="Hải Phòng Robotics"))
    other.search_text = services.search_text_for(other)
    db.session.commit()
    body = client.get(world.url, query_string={"q": "hai phong"}).get_data(as_text=True)
    assert (f"stall-row-{other.id}" in body, f"stall-row-{world.stall.id}" in body) == (True, False)


def test_feature_and_unfeature(client, login, world):
    as_(client, login, world, "organiser")
    response = client.post(f"{world.url}/{world.stall.id}/feature?q=mekong", data={"position": 2})
    assert (response.status_code, response.location) == (302, f"{world.url}?q=mekong")
    assert (fresh(world.stall).is_featured, fresh(world.stall).featured_position) == (True, 2)
    client.post(f"{world.url}/{world.stall.id}/unfeature")
    assert fresh(world.stall).is_featured is False


def test_feature_refuses_a_negative_position(client, login, world):
    as_(client, login, world, "organiser")
    response = client.post(f"{world.url}/{world.stall.id}/feature", data={"position": -1})
    assert response.status_code == 422
    assert "Enter a number between 0 and 999." in page_text(response)
    assert fresh(world.stall).is_featured is False


def test_hide_with_a_reason_shown_to_the_owner_then_unhide(client, login, world):
    as_(client, login, world, "organiser")
    client.post(f"{world.url}/{world.stall.id}/hide", data={"reason": "Hình ảnh vi phạm bản quyền"})
    assert (fresh(world.stall).is_hidden, fresh(world.stall).hidden_reason) == (True, "Hình ảnh vi phạm bản quyền")
    assert client.get(f"/e/{world.edition.slug}/stalls/{world.stall.id}").status_code == 200  # organisers still see it
    as_(client, login, world, "owner")
    assert "Reason: Hình ảnh vi phạm bản quyền" in element_text(client.get(f"/me/stalls/{world.stall.id}"),
                                                                 "hidden-notice")
    as_(client, login, world, "organiser")
    client.post(f"{world.url}/{world.stall.id}/unhide")
    assert (fresh(world.stall).is_hidden, fresh(world.stall).hidden_reason) == (False, None)


def test_hide_without_a_reason_is_refused(client, login, world):
    as_(client, login, world, "organiser")
    response = client.post(f"{world.url}/{world.stall.id}/hide", data={"reason": ""})
    assert (response.status_code, "This field is required." in page_text(response)) == (422, True)
    assert fresh(world.stall).is_hidden is False


def test_a_stall_of_another_edition_is_not_found(client, login, world):
    as_(client, login, world, "organiser")
    elsewhere = make_stall(make_edition(organisers=(world.people["organiser"],)))
    assert client.post(f"{world.url}/{elsewhere.id}/feature", data={"position": 1}).status_code == 404


def test_stall_list_query_count_does_not_grow(client, login, count_queries, world):
    as_(client, login, world, "organiser")

    def add(count):
        for _ in range(count):
            stall = make_stall(world.edition)
            make_lead(stall)
            db.session.add(StallVisit(stall_id=stall.id, day=date(2026, 12, 1), visitor_key="a" * 64))
        db.session.commit()

    add(2)
    db.session.expire_all()
    with count_queries() as small:
        client.get(world.url)
    add(30)
    db.session.expire_all()
    with count_queries() as large:
        client.get(world.url)
    assert large["n"] == small["n"]
