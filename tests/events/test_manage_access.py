"""Who may open each organiser page of an edition: the permission truth table."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.accounts.models import RoleGrant
from app.events.models import Edition, Room, Session, Speaker, Venue, Village
from app.extensions import db
from tests.events.manage_helpers import admin, login_redirect, organiser_of, person, platform_organiser
from tests.factories import make_edition, make_room, make_session, make_speaker, make_venue, make_village

pytestmark = pytest.mark.usefixtures("frozen_time")

# Who -> expected status of a page of the edition "hai-phong".
ROLES = {
    "anonymous": 302,
    "visitor": 403,
    "organiser of another edition": 403,
    "organiser of this edition": 200,
    "platform-wide organiser": 200,
    "platform administrator": 200,
}

PAGES = [
    "/manage/e/hai-phong/",
    "/manage/e/hai-phong/edit",
    "/manage/e/hai-phong/organisers",
    "/manage/e/hai-phong/venues",
    "/manage/e/hai-phong/venues/new",
    "/manage/e/hai-phong/venues/{venue}/edit",
    "/manage/e/hai-phong/venues/{venue}/rooms/new",
    "/manage/e/hai-phong/venues/{venue}/rooms/{room}/edit",
    "/manage/e/hai-phong/villages",
    "/manage/e/hai-phong/villages/new",
    "/manage/e/hai-phong/villages/{village}/edit",
    "/manage/e/hai-phong/speakers",
    "/manage/e/hai-phong/speakers/new",
    "/manage/e/hai-phong/speakers/{speaker}/edit",
    "/manage/e/hai-phong/sessions",
    "/manage/e/hai-phong/sessions/new",
    "/manage/e/hai-phong/sessions/{session}/edit",
]

# Buttons, with what must stay unchanged when the request is refused.
ACTIONS = [
    ("/manage/e/hai-phong/status", {"status": "published"}),
    ("/manage/e/hai-phong/organisers", {"email": "someone@example.vn"}),
    ("/manage/e/hai-phong/organisers/{grant}/remove", {}),
    ("/manage/e/hai-phong/venues/{venue}/delete", {}),
    ("/manage/e/hai-phong/rooms/{room}/delete", {}),
    ("/manage/e/hai-phong/villages/{village}/delete", {}),
    ("/manage/e/hai-phong/speakers/{speaker}/delete", {}),
    ("/manage/e/hai-phong/sessions/{session}/cancel", {}),
]


@pytest.fixture
def world():
    """The edition "hai-phong" with one of everything, and another edition with its own organiser."""
    edition = make_edition(slug="hai-phong", status="draft")
    other = make_edition(slug="can-tho")
    venue = make_venue(edition)
    room = make_room(venue)
    session = make_session(edition)
    team_member = organiser_of(edition)
    grant = db.session.scalar(select(RoleGrant).where(RoleGrant.user_id == team_member.id))
    ids = dict(venue=venue.id, room=room.id, village=make_village(edition).id, speaker=make_speaker(edition).id,
               session=session.id, grant=grant.id)
    people = {
        "anonymous": None,
        "visitor": person(),
        "organiser of another edition": organiser_of(other),
        "organiser of this edition": organiser_of(edition),
        "platform-wide organiser": platform_organiser(),
        "platform administrator": admin(),
    }
    return ids, people


def snapshot() -> tuple:
    """Everything an organiser action could change."""
    counts = tuple(db.session.scalar(select(func.count()).select_from(model))
                   for model in (Venue, Room, Village, Speaker, RoleGrant))
    states = tuple(db.session.execute(select(Edition.status).order_by(Edition.id)).scalars()) + tuple(
        db.session.execute(select(Session.status).order_by(Session.id)).scalars())
    return counts + states


@pytest.mark.parametrize("role", list(ROLES))
@pytest.mark.parametrize("page", PAGES)
def test_edition_pages_truth_table(client, login, world, role, page):
    ids, people = world
    if people[role] is not None:
        login(people[role])
    url = page.format(**ids)

    response = client.get(url)

    assert response.status_code == ROLES[role]
    if role == "anonymous":
        assert response.headers["Location"] == login_redirect(url)


@pytest.mark.parametrize("role", ["anonymous", "visitor", "organiser of another edition"])
@pytest.mark.parametrize(("action", "data"), ACTIONS)
def test_edition_actions_are_refused_to_outsiders_and_change_nothing(client, login, world, role, action, data):
    ids, people = world
    if people[role] is not None:
        login(people[role])
    before = snapshot()

    response = client.post(action.format(**ids), data=data)

    assert response.status_code == ROLES[role]
    assert snapshot() == before


@pytest.mark.parametrize(("role", "status"), [
    ("anonymous", 302), ("visitor", 403), ("organiser of another edition", 200),
    ("organiser of this edition", 200), ("platform-wide organiser", 200), ("platform administrator", 200),
])
def test_index_truth_table(client, login, world, role, status):
    _, people = world
    if people[role] is not None:
        login(people[role])

    assert client.get("/manage/").status_code == status


@pytest.mark.parametrize(("role", "status"), [
    ("anonymous", 302), ("visitor", 403), ("organiser of another edition", 403),
    ("organiser of this edition", 403), ("platform-wide organiser", 200), ("platform administrator", 200),
])
def test_new_edition_truth_table(client, login, world, role, status):
    _, people = world
    if people[role] is not None:
        login(people[role])

    assert client.get("/manage/editions/new").status_code == status
    response = client.post("/manage/editions/new", data={"name_vi": "X", "slug": "x"})
    assert response.status_code == (422 if status == 200 else status)
    assert db.session.scalar(select(func.count()).select_from(Edition)) == 2


def test_unknown_edition_is_404(client, login):
    login(admin())

    assert client.get("/manage/e/nowhere/").status_code == 404


def test_deactivated_organiser_is_signed_out(client, login):
    edition = make_edition(slug="hai-phong")
    lan = login(organiser_of(edition))
    lan.active = False
    db.session.commit()

    response = client.get("/manage/e/hai-phong/")

    assert (response.status_code, response.headers["Location"]) == (302, login_redirect("/manage/e/hai-phong/"))


@pytest.mark.parametrize("page", [
    "/manage/e/hai-phong/venues/{venue}/edit",
    "/manage/e/hai-phong/venues/{venue}/rooms/new",
    "/manage/e/hai-phong/venues/{venue}/rooms/{room}/edit",
    "/manage/e/hai-phong/villages/{village}/edit",
    "/manage/e/hai-phong/speakers/{speaker}/edit",
    "/manage/e/hai-phong/sessions/{session}/edit",
])
def test_objects_of_another_edition_are_404_even_to_their_organiser(client, login, page):
    """An organiser of both editions cannot reach Cần Thơ's things through Hải Phòng's address."""
    make_edition(slug="hai-phong")
    other = make_edition(slug="can-tho")
    venue = make_venue(other)
    ids = dict(venue=venue.id, room=make_room(venue).id, village=make_village(other).id,
               speaker=make_speaker(other).id, session=make_session(other).id)
    login(admin())

    assert client.get(page.format(**ids)).status_code == 404


def test_room_of_another_venue_is_404(client, login):
    edition = make_edition(slug="hai-phong")
    first, second = make_venue(edition), make_venue(edition)
    room = make_room(second)
    login(organiser_of(edition))

    response = client.get(f"/manage/e/hai-phong/venues/{first.id}/rooms/{room.id}/edit")

    assert response.status_code == 404


@pytest.mark.parametrize("action", [
    "/manage/e/hai-phong/venues/{venue}/delete",
    "/manage/e/hai-phong/rooms/{room}/delete",
    "/manage/e/hai-phong/villages/{village}/delete",
    "/manage/e/hai-phong/speakers/{speaker}/delete",
    "/manage/e/hai-phong/sessions/{session}/cancel",
    "/manage/e/hai-phong/organisers/{grant}/remove",
])
def test_actions_on_objects_of_another_edition_are_404(client, login, action):
    make_edition(slug="hai-phong")
    other = make_edition(slug="can-tho")
    venue = make_venue(other)
    grant_holder = organiser_of(other)
    ids = dict(venue=venue.id, room=make_room(venue).id, village=make_village(other).id,
               speaker=make_speaker(other).id, session=make_session(other).id,
               grant=grant_holder.role_grants[0].id)
    login(admin())
    before = snapshot()

    response = client.post(action.format(**ids))

    assert (response.status_code, snapshot()) == (404, before)


@pytest.fixture
def csrf_on(app):
    app.config["WTF_CSRF_ENABLED"] = True
    yield
    app.config["WTF_CSRF_ENABLED"] = False


@pytest.mark.parametrize(("action", "data"), ACTIONS + [
    ("/manage/editions/new", {"slug": "x"}),
    ("/manage/e/hai-phong/edit", {"slug": "x"}),
    ("/manage/e/hai-phong/venues/new", {"name": "Hall"}),
    ("/manage/e/hai-phong/venues/{venue}/rooms/new", {"name": "Room"}),
    ("/manage/e/hai-phong/villages/new", {"name_vi": "Làng"}),
    ("/manage/e/hai-phong/speakers/new", {"name": "Yuki"}),
    ("/manage/e/hai-phong/sessions/new", {"title_vi": "Hội thảo"}),
])
def test_every_action_needs_the_csrf_token(client, login, world, csrf_on, action, data):
    ids, people = world
    login(people["platform administrator"])
    before = snapshot()

    response = client.post(action.format(**ids), data=data)

    assert response.status_code == 400
    assert "The form expired or was sent from another site." in response.get_data(as_text=True)
    assert snapshot() == before


def test_buttons_carry_the_csrf_token_that_lets_them_through(client, login, world, csrf_on):
    import re

    ids, people = world
    login(people["organiser of this edition"])
    page = client.get("/manage/e/hai-phong/sessions").get_data(as_text=True)
    form = re.search(rf'action="/manage/e/hai-phong/sessions/{ids["session"]}/cancel".*?</form>', page, re.S).group(0)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)

    response = client.post(f"/manage/e/hai-phong/sessions/{ids['session']}/cancel", data={"csrf_token": token})

    assert response.status_code == 302
    assert db.session.scalar(select(Session.status).where(Session.id == ids["session"])) == "cancelled"
